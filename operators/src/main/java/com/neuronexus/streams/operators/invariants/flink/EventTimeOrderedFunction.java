package com.neuronexus.streams.operators.invariants.flink;

import com.neuronexus.streams.operators.state.CachedValueState;
import com.neuronexus.streams.operators.state.ReleaseBuckets;
import com.neuronexus.streams.core.events.Event;
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
import org.apache.flink.api.java.tuple.Tuple2;
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
     * Events not yet passed by the watermark ("pending-by-release"), by the event time at which they are released
     * ({@link #releaseAt}), with one event-time timer per release time, so a timer reads and drops only its own
     * events even when the watermark jumps over many (a replay). With a heap copy of the {@link #CACHED_KEYS}
     * lists last written, so the timer does not read back what processElement wrote a moment before.
     */
    private transient ReleaseBuckets<IN> pending;
    /**
     * event_id -> event time of the events applied within the dedup window: the membership test. Only point
     * reads and writes: on RocksDB, iterating a key's map walks every tombstone its own removals left behind.
     */
    private transient MapState<String, Long> seen;
    /**
     * (expiry bucket end, n-th id of the bucket) -> event_id of {@link #seen}, with one event-time timer per
     * bucket end: the timer reads and removes exactly its own ids by point reads, and adding an id is one put
     * (a list per bucket would be read and rewritten whole for every id). Ends are multiples of
     * {@link #bucketMs} (window / 4), so an id is forgotten between window and window + bucket after its event
     * time, and a key has at most ~6 of these timers whatever its event rate.
     */
    private transient MapState<Tuple2<Long, Integer>, String> seenByExpiry;
    /**
     * (bucket end, number of ids) pairs of {@link #seenByExpiry}, ascending by end (a handful): which timers are
     * the buckets', and what to remove and which timers to delete when the key is forgotten, without iterating
     * or clearing a map. Read once per timer.
     */
    private transient CachedValueState<String, long[]> seenBuckets;
    /**
     * Layout before the expiry buckets (kept readable for savepoints taken then): the one timer that pruned
     * {@link #seen} by iterating it. Such a key is migrated at its first timer: the old prune once, and the
     * entries still within the window move into buckets.
     */
    private transient ValueState<Long> legacyPruneAt;
    private final long bucketMs;

    /** Keys (or pending lists) whose latest values each heap cache of these functions keeps. */
    static final int CACHED_KEYS = 4096;

    protected EventTimeOrderedFunction(Class<IN> type, long dedupWindowMs) {
        this.type = type;
        this.dedupWindowMs = dedupWindowMs;
        this.bucketMs = Math.max(1, dedupWindowMs / 4);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        pending = ReleaseBuckets.open(getRuntimeContext(), "pending-by-release", TypeInformation.of(type),
                EVENT_ORDER, CACHED_KEYS);
        seen = getRuntimeContext().getMapState(new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.LONG));
        seenByExpiry = getRuntimeContext().getMapState(new MapStateDescriptor<>("seen-ids-by-expiry",
                Types.TUPLE(Types.LONG, Types.INT), Types.STRING));
        seenBuckets = CachedValueState.of(getRuntimeContext().getState(new ValueStateDescriptor<>(
                "seen-expiry-buckets", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO)), CACHED_KEYS);
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
        // One timer per release time: an event behind the watermark gets a timer in the past, which fires at the
        // next watermark (before any later timer), so it is applied then.
        pending.add(ctx.getCurrentKey(), releaseAt(event.ts().toEpochMilli()), event, ctx.timerService());
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
        long[] buckets = null;
        if (dedupWindowMs > 0) {
            buckets = seenBuckets.value(ctx.getCurrentKey());
            if (buckets == null) {
                Long legacy = legacyPruneAt.value();
                if (legacy != null) {
                    buckets = migrateLegacySeen(timestamp, ctx);
                }
            }
        }
        buckets = releaseDue(timestamp, buckets, ctx, out);
        if (buckets != null) {
            forgetExpired(timestamp, buckets, ctx.getCurrentKey());
        }
        onEventTime(timestamp, ctx, out);
    }

    /**
     * Applies the events released at {@code timestamp}. Timers fire in time order, so every event of an
     * earlier release time was applied by its own timer before: this is exactly "all pending events the
     * watermark has passed", in (event time, event_id) order.
     */
    private long[] releaseDue(long timestamp, long[] buckets, OnTimerContext ctx, Collector<OUT> out)
            throws Exception {
        List<IN> due = pending.release(ctx.getCurrentKey(), timestamp);
        if (due.isEmpty()) {
            return buckets;
        }
        boolean applied = false;
        long[] before = buckets;
        for (IN event : due) {
            if (dedupWindowMs > 0 && event.eventId() != null) {
                if (seen.contains(event.eventId())) {
                    continue;
                }
                long ts = event.ts().toEpochMilli();
                seen.put(event.eventId(), ts);
                buckets = remember(buckets, expiryBucket(ts), event.eventId(), ctx);
            }
            apply(event, event.ts().toEpochMilli(), ctx, out);
            applied = true;
        }
        if (buckets != before) {
            seenBuckets.update(ctx.getCurrentKey(), buckets);
        }
        if (applied) {
            afterApply(timestamp, ctx, out);
        }
        return buckets;
    }

    /** The end of the expiry bucket of an id applied with event time {@code ts}: at or after ts + window. */
    private long expiryBucket(long ts) {
        return Math.floorDiv(ts + dedupWindowMs + bucketMs - 1, bucketMs) * bucketMs;
    }

    /**
     * Puts {@code id} into the bucket ending at {@code end}; returns the new (end, count) pairs (a new array:
     * the caller writes them once per release).
     */
    private long[] remember(long[] buckets, long end, String id, Context ctx) throws Exception {
        long[] pairs = buckets == null ? new long[0] : buckets;
        int at = find(pairs, end);
        long[] next;
        if (at < 0) {
            int insert = -at - 1;
            next = new long[pairs.length + 2];
            System.arraycopy(pairs, 0, next, 0, insert);
            next[insert] = end;
            System.arraycopy(pairs, insert, next, insert + 2, pairs.length - insert);
            at = insert;
            // The bucket's timer; one in the past (a late event) fires at the next watermark.
            ctx.timerService().registerEventTimeTimer(end);
        } else {
            next = pairs.clone();
        }
        int seq = (int) next[at + 1];
        seenByExpiry.put(Tuple2.of(end, seq), id);
        next[at + 1] = seq + 1;
        return next;
    }

    /** At a bucket end: forgets exactly the ids of that bucket (point reads and removes, no iteration). */
    private void forgetExpired(long timestamp, long[] buckets, String key) throws Exception {
        int at = find(buckets, timestamp);
        if (at < 0) {
            return;
        }
        forgetBucket(timestamp, (int) buckets[at + 1]);
        if (buckets.length == 2) {
            seenBuckets.clear(key);
        } else {
            long[] rest = new long[buckets.length - 2];
            System.arraycopy(buckets, 0, rest, 0, at);
            System.arraycopy(buckets, at + 2, rest, at, buckets.length - at - 2);
            seenBuckets.update(key, rest);
        }
    }

    private void forgetBucket(long end, int count) throws Exception {
        for (int seq = 0; seq < count; seq++) {
            Tuple2<Long, Integer> key = Tuple2.of(end, seq);
            String id = seenByExpiry.get(key);
            if (id != null) {
                seen.remove(id);
                seenByExpiry.remove(key);
            }
        }
    }

    /** Index of the pair of bucket {@code end} in the ascending (end, count) pairs, or -(insertion index) - 1. */
    private static int find(long[] pairs, long end) {
        int lo = 0;
        int hi = pairs.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long e = pairs[2 * mid];
            if (e < end) {
                lo = mid + 1;
            } else if (e > end) {
                hi = mid - 1;
            } else {
                return 2 * mid;
            }
        }
        return -(2 * lo) - 1;
    }

    /**
     * A key restored from a savepoint of the layout before the expiry buckets, at its first timer: the old prune
     * (iterating {@link #seen}) once; the entries still within the window go into buckets. Its old prune timer
     * is left to fire (it finds nothing to do).
     */
    private long[] migrateLegacySeen(long now, Context ctx) throws Exception {
        legacyPruneAt.clear();
        Map<String, Long> keep = new TreeMap<>();
        Iterator<Map.Entry<String, Long>> it = seen.iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (e.getValue() + dedupWindowMs <= now) {
                it.remove();
            } else {
                keep.put(e.getKey(), e.getValue());
            }
        }
        long[] buckets = null;
        for (Map.Entry<String, Long> e : keep.entrySet()) {
            buckets = remember(buckets, expiryBucket(e.getValue()), e.getKey(), ctx);
        }
        if (buckets != null) {
            seenBuckets.update(ctx.getCurrentKey(), buckets);
        }
        return buckets;
    }

    /**
     * Drops the de-duplication memory of this key (the entity is finished) and its timers: the ids of each known
     * bucket by point removes (a MapState.clear() on RocksDB creates an iterator and seeks over the key's
     * tombstones). A bucket timer that is also an event's release time is kept (it fires harmlessly).
     */
    protected void forgetSeen(Context ctx) throws Exception {
        long[] buckets = seenBuckets.value(ctx.getCurrentKey());
        if (buckets != null) {
            for (int i = 0; i < buckets.length; i += 2) {
                long end = buckets[i];
                forgetBucket(end, (int) buckets[i + 1]);
                if (!pending.holdsAt(end)) {
                    ctx.timerService().deleteEventTimeTimer(end);
                }
            }
            seenBuckets.clear(ctx.getCurrentKey());
        }
        Long legacy = legacyPruneAt.value();
        if (legacy != null) {
            // A key restored from the earlier layout, not migrated yet: its entries are in no bucket.
            if (!pending.holdsAt(legacy)) {
                ctx.timerService().deleteEventTimeTimer(legacy);
            }
            legacyPruneAt.clear();
            seen.clear();
        }
    }
}
