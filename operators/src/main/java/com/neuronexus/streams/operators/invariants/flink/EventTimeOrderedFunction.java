package com.neuronexus.streams.operators.invariants.flink;

import com.neuronexus.streams.core.events.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Base of the invariant functions: the invariants are order-dependent (a running stock balance, "the header
 * arrived before the timeout"), so events are held until the watermark passes their timestamp and then
 * applied in (event time, event_id) order. The output is then the same live, replayed or recovered, whatever
 * the arrival interleaving. The added latency is the watermark delay (bounded out-of-orderness).
 *
 * <p>An event_id already applied within the dedup window is a redelivery and skipped.
 */
public abstract class EventTimeOrderedFunction<IN extends Event, OUT> extends KeyedProcessFunction<String, IN, OUT> {
    private static final long serialVersionUID = 1L;

    private static final Comparator<Event> EVENT_ORDER = Comparator
            .comparing((Event e) -> e.ts().toEpochMilli())
            .thenComparing(Event::eventId, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final Class<IN> type;
    /** 0 disables de-duplication (for derived streams whose ids are already unique). */
    private final long dedupWindowMs;

    /**
     * Events not yet passed by the watermark, by the event time at which they are released ({@link #releaseAt}),
     * with one event-time timer per release time. Bucketed so a timer reads and drops only its own events: one
     * list of everything pending would be read and rewritten at every timer, quadratic when the watermark
     * jumps over many events (a replay, or a key that sees many events per watermark step). Adding an event
     * rewrites only its instant's list, which holds the few events one key has at one millisecond.
     */
    private transient MapState<Long, List<IN>> pending;
    /**
     * event_id -> event time of the events applied within the dedup window: the membership test. Only point
     * reads and writes: on RocksDB, iterating a key's map walks every tombstone its own removals left behind.
     */
    private transient MapState<String, Long> seen;
    /**
     * Expiry bucket end -> the event ids of {@link #seen} that expire then, with one event-time timer per bucket
     * end: the timer reads and removes exactly its own ids. Ends are multiples of {@link #bucketMs}
     * (window / 4), so an id is forgotten between window and window + bucket after its event time, and a key
     * has at most ~6 of these timers whatever its event rate.
     */
    private transient MapState<Long, List<String>> seenByExpiry;
    /**
     * The bucket ends in {@link #seenByExpiry}, ascending (a handful): which timers are ours, and what to remove
     * and which timers to delete when the key is forgotten, without iterating or clearing a map.
     */
    private transient ValueState<long[]> seenBuckets;
    /**
     * Layout before the expiry buckets (kept readable for savepoints taken then): the one timer that pruned
     * {@link #seen} by iterating it. When that timer fires the key's old entries are moved into buckets, once.
     */
    private transient ValueState<Long> legacyPruneAt;
    private final long bucketMs;

    protected EventTimeOrderedFunction(Class<IN> type, long dedupWindowMs) {
        this.type = type;
        this.dedupWindowMs = dedupWindowMs;
        this.bucketMs = Math.max(1, dedupWindowMs / 4);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-by-release", Types.LONG,
                Types.LIST(TypeInformation.of(type))));
        seen = getRuntimeContext().getMapState(new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.LONG));
        seenByExpiry = getRuntimeContext().getMapState(new MapStateDescriptor<>("seen-ids-by-expiry", Types.LONG,
                Types.LIST(Types.STRING)));
        seenBuckets = getRuntimeContext().getState(new ValueStateDescriptor<>("seen-expiry-buckets",
                PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        legacyPruneAt = getRuntimeContext().getState(new ValueStateDescriptor<>("seen-prune-at", Types.LONG));
        openState();
    }

    /** Subclasses create their keyed state here. */
    protected abstract void openState();

    /** Applies one event, in (event time, event_id) order, once the watermark has passed it. */
    protected abstract void apply(IN event, long ts, Context ctx, Collector<OUT> out) throws Exception;

    /**
     * Called once after the events due at a watermark step were applied (all events of one timestamp at once),
     * so a check does not see half of what happened at the same instant (a CLOSED header and its payment).
     */
    protected void afterApply(long ts, Context ctx, Collector<OUT> out) throws Exception {}

    /** A subclass timer (timeouts, cleanup) at {@code ts}; called after the events due at {@code ts} are applied. */
    protected abstract void onEventTime(long ts, OnTimerContext ctx, Collector<OUT> out) throws Exception;

    @Override
    public final void processElement(IN event, Context ctx, Collector<OUT> out) throws Exception {
        if (event == null || event.ts() == null) {
            return;
        }
        long at = releaseAt(event.ts().toEpochMilli());
        List<IN> bucket = pending.get(at);
        if (bucket == null) {
            bucket = new ArrayList<>(1);
            // One timer per release time: an event behind the watermark gets a timer in the past, which
            // fires at the next watermark (before any later timer), so it is applied then.
            ctx.timerService().registerEventTimeTimer(at);
        }
        bucket.add(event);
        pending.put(at, bucket);
    }

    /**
     * When an event of time {@code ts} is applied: by default as soon as the watermark passes it. A function
     * that only reports at coarser instants releases in batches (one timer per batch instead of per event).
     */
    protected long releaseAt(long ts) {
        return ts;
    }

    @Override
    public final void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out) throws Exception {
        releaseDue(timestamp, ctx, out);
        if (dedupWindowMs > 0) {
            forgetExpired(timestamp);
            Long legacy = legacyPruneAt.value();
            if (legacy != null && legacy <= timestamp) {
                migrateLegacySeen(timestamp, ctx);
            }
        }
        onEventTime(timestamp, ctx, out);
    }

    /**
     * Applies the events released at {@code timestamp}. Timers fire in time order, so every event of an
     * earlier release time was applied by its own timer before: this is exactly "all pending events the
     * watermark has passed", in (event time, event_id) order.
     */
    private void releaseDue(long timestamp, OnTimerContext ctx, Collector<OUT> out) throws Exception {
        List<IN> due = pending.get(timestamp);
        if (due == null || due.isEmpty()) {
            return;
        }
        pending.remove(timestamp);
        due.sort(EVENT_ORDER);
        boolean applied = false;
        // New ids of this release by expiry bucket: one read and one write per bucket, not per event.
        Map<Long, List<String>> expiring = null;
        for (IN event : due) {
            if (dedupWindowMs > 0 && event.eventId() != null) {
                if (seen.contains(event.eventId())) {
                    continue;
                }
                long ts = event.ts().toEpochMilli();
                seen.put(event.eventId(), ts);
                if (expiring == null) {
                    expiring = new TreeMap<>();
                }
                expiring.computeIfAbsent(expiryBucket(ts), end -> new ArrayList<>(1)).add(event.eventId());
            }
            apply(event, event.ts().toEpochMilli(), ctx, out);
            applied = true;
        }
        if (expiring != null) {
            remember(expiring, ctx);
        }
        if (applied) {
            afterApply(timestamp, ctx, out);
        }
    }

    /** The end of the expiry bucket of an id applied with event time {@code ts}: at or after ts + window. */
    private long expiryBucket(long ts) {
        return Math.floorDiv(ts + dedupWindowMs + bucketMs - 1, bucketMs) * bucketMs;
    }

    private void remember(Map<Long, List<String>> expiring, Context ctx) throws Exception {
        long[] ends = null;
        for (Map.Entry<Long, List<String>> e : expiring.entrySet()) {
            long end = e.getKey();
            List<String> ids = seenByExpiry.get(end);
            if (ids == null) {
                if (ends == null) {
                    ends = buckets();
                }
                ends = withBucket(ends, end);
                // The bucket's timer; one in the past (a late event) fires at the next watermark.
                ctx.timerService().registerEventTimeTimer(end);
                ids = e.getValue();
            } else {
                ids.addAll(e.getValue());
            }
            seenByExpiry.put(end, ids);
        }
        if (ends != null) {
            seenBuckets.update(ends);
        }
    }

    /** At a bucket end: forgets exactly the ids of that bucket (point removes, no iteration). */
    private void forgetExpired(long timestamp) throws Exception {
        long[] ends = seenBuckets.value();
        if (ends == null || Arrays.binarySearch(ends, timestamp) < 0) {
            return;
        }
        List<String> ids = seenByExpiry.get(timestamp);
        if (ids != null) {
            for (String id : ids) {
                seen.remove(id);
            }
            seenByExpiry.remove(timestamp);
        }
        long[] rest = withoutBucket(ends, timestamp);
        if (rest.length == 0) {
            seenBuckets.clear();
        } else {
            seenBuckets.update(rest);
        }
    }

    /**
     * A key restored from a savepoint of the earlier layout, at its old prune timer: the old full prune, once,
     * and the entries still within the window move into expiry buckets.
     */
    private void migrateLegacySeen(long now, Context ctx) throws Exception {
        legacyPruneAt.clear();
        Map<Long, List<String>> keep = new TreeMap<>();
        Iterator<Map.Entry<String, Long>> it = seen.iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (e.getValue() + dedupWindowMs <= now) {
                it.remove();
            } else {
                keep.computeIfAbsent(expiryBucket(e.getValue()), end -> new ArrayList<>()).add(e.getKey());
            }
        }
        for (Map.Entry<Long, List<String>> e : keep.entrySet()) {
            // Ids applied since the restore are in their bucket already.
            List<String> held = seenByExpiry.get(e.getKey());
            if (held != null) {
                e.getValue().removeIf(held::contains);
            }
        }
        keep.values().removeIf(List::isEmpty);
        if (!keep.isEmpty()) {
            remember(keep, ctx);
        }
    }

    private long[] buckets() throws Exception {
        long[] ends = seenBuckets.value();
        return ends == null ? new long[0] : ends;
    }

    private static long[] withBucket(long[] ends, long end) {
        int at = Arrays.binarySearch(ends, end);
        if (at >= 0) {
            return ends;
        }
        int insert = -at - 1;
        long[] more = new long[ends.length + 1];
        System.arraycopy(ends, 0, more, 0, insert);
        more[insert] = end;
        System.arraycopy(ends, insert, more, insert + 1, ends.length - insert);
        return more;
    }

    private static long[] withoutBucket(long[] ends, long end) {
        int at = Arrays.binarySearch(ends, end);
        if (at < 0) {
            return ends;
        }
        long[] fewer = new long[ends.length - 1];
        System.arraycopy(ends, 0, fewer, 0, at);
        System.arraycopy(ends, at + 1, fewer, at, ends.length - at - 1);
        return fewer;
    }

    /**
     * Drops the de-duplication memory of this key (the entity is finished) and its timers: the ids of each known
     * bucket by point removes (a MapState.clear() on RocksDB creates an iterator and seeks over the key's
     * tombstones). A bucket timer that is also an event's release time is kept (it fires harmlessly).
     */
    protected void forgetSeen(Context ctx) throws Exception {
        long[] ends = seenBuckets.value();
        if (ends != null) {
            for (long end : ends) {
                List<String> ids = seenByExpiry.get(end);
                if (ids != null) {
                    for (String id : ids) {
                        seen.remove(id);
                    }
                    seenByExpiry.remove(end);
                }
                if (!pending.contains(end)) {
                    ctx.timerService().deleteEventTimeTimer(end);
                }
            }
            seenBuckets.clear();
        }
        Long legacy = legacyPruneAt.value();
        if (legacy != null) {
            // A key restored from the earlier layout: its entries are in no bucket.
            if (!pending.contains(legacy)) {
                ctx.timerService().deleteEventTimeTimer(legacy);
            }
            legacyPruneAt.clear();
            seen.clear();
        }
    }
}
