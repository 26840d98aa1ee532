package com.neuronexus.streams.operators.invariants.flink;

import com.neuronexus.streams.core.events.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
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
    /** event_id -> event time of the events applied within the dedup window. */
    private transient MapState<String, Long> seen;
    /** The one timer that prunes {@link #seen}; null when none is registered. */
    private transient ValueState<Long> seenPruneAt;

    protected EventTimeOrderedFunction(Class<IN> type, long dedupWindowMs) {
        this.type = type;
        this.dedupWindowMs = dedupWindowMs;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-by-release", Types.LONG,
                Types.LIST(TypeInformation.of(type))));
        seen = getRuntimeContext().getMapState(new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.LONG));
        seenPruneAt = getRuntimeContext().getState(new ValueStateDescriptor<>("seen-prune-at", Types.LONG));
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
        Long pruneAt = seenPruneAt.value();
        if (pruneAt != null && pruneAt <= timestamp) {
            pruneSeen(timestamp, ctx);
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
        for (IN event : due) {
            if (dedupWindowMs > 0 && event.eventId() != null) {
                if (seen.contains(event.eventId())) {
                    continue;
                }
                long ts = event.ts().toEpochMilli();
                seen.put(event.eventId(), ts);
                if (seenPruneAt.value() == null) {
                    schedulePrune(ts + dedupWindowMs, ctx);
                }
            }
            apply(event, event.ts().toEpochMilli(), ctx, out);
            applied = true;
        }
        if (applied) {
            afterApply(timestamp, ctx, out);
        }
    }

    private void pruneSeen(long now, OnTimerContext ctx) throws Exception {
        long oldest = Long.MAX_VALUE;
        Iterator<Map.Entry<String, Long>> it = seen.iterator();
        while (it.hasNext()) {
            long ts = it.next().getValue();
            if (ts + dedupWindowMs <= now) {
                it.remove();
            } else {
                oldest = Math.min(oldest, ts);
            }
        }
        seenPruneAt.clear();
        if (oldest == Long.MAX_VALUE) {
            seen.clear(); // an emptied map is still a state entry on the heap backend
        } else {
            // At most four prunes per window: each one iterates the whole map.
            schedulePrune(Math.max(oldest + dedupWindowMs, now + Math.max(1, dedupWindowMs / 4)), ctx);
        }
    }

    private void schedulePrune(long at, Context ctx) throws Exception {
        seenPruneAt.update(at);
        ctx.timerService().registerEventTimeTimer(at);
    }

    /** Drops the de-duplication memory of this key (the entity is finished) and its pruning timer. */
    protected void forgetSeen(Context ctx) throws Exception {
        Long pruneAt = seenPruneAt.value();
        if (pruneAt != null) {
            ctx.timerService().deleteEventTimeTimer(pruneAt);
        }
        seenPruneAt.clear();
        seen.clear();
    }
}
