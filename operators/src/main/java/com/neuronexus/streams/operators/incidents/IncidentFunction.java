package com.neuronexus.streams.operators.incidents;

import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.outputs.Incident;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The incident lifecycle of one dedup key ({@link IncidentLifecycle}) on a keyed stream of signals; emits
 * every new incident state.
 *
 * <p>Signals wait until the watermark passes their time and are then applied in (event time, event id) order,
 * so the incidents do not depend on how the signal partitions interleave. Two processing-time guards cover a
 * stalled watermark (every input idle, or a quiet partition holding it back until it counts as idle): after
 * {@code flushGuardMs} the waiting signals are applied anyway (in their order; only a signal of the same key
 * arriving later with an earlier time could then be applied out of order), and
 * an open incident escalates by age after the escalation age of wall-clock time even if no event ever arrives
 * again. The guard's record carries the deadline as its time, so it equals the one the event-time path gives.
 *
 * <p>Within one millisecond a key's signals apply in lifecycle order, OBSERVED before CLEARED
 * ({@link IncidentLifecycle#SIGNAL_ORDER}). The paths that apply signals in arrival order (a signal behind the
 * watermark, signals flushed by the guard in separate rounds) cannot reorder what was already applied, so the
 * newest CLEARED is remembered: an OBSERVED applied after it but not newer than it is followed by that CLEARED
 * again, since the condition was seen gone at or after that observation. Otherwise the CLEARED closed nothing (or
 * the previous incident), the OBSERVED opened (or reopened) an incident and it stayed open for good.
 */
public class IncidentFunction extends KeyedProcessFunction<String, Signal, Incident> {
    private static final long serialVersionUID = 1L;

    private final IncidentRules rules;
    private transient IncidentLifecycle lifecycle;

    /** Latest state of this key's incident; cleared once it is resolved and the cooldown has passed. */
    private transient ValueState<Incident> incident;
    /** Signals newer than the watermark, applied when an event-time timer at their ts fires. */
    private transient ListState<Signal> pending;
    /** Processing time of the registered flush guard, if any signal is waiting. */
    private transient ValueState<Long> flushGuardAt;
    /** Processing time of the registered age-escalation guard, while an incident is open and not escalated. */
    private transient ValueState<Long> ageGuardAt;
    /**
     * The newest CLEARED applied to this key, while no OBSERVED newer than it has been applied: re-applied after a
     * late OBSERVED of its time or earlier. Kept for the cooldown after its time, like a resolved incident.
     */
    private transient ValueState<Signal> lastCleared;

    public IncidentFunction(IncidentRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(OpenContext openContext) {
        lifecycle = new IncidentLifecycle(rules);
        incident = getRuntimeContext().getState(new ValueStateDescriptor<>("incident", Incident.class));
        pending = getRuntimeContext().getListState(new ListStateDescriptor<>("pending-signals", Signal.class));
        flushGuardAt = getRuntimeContext().getState(new ValueStateDescriptor<>("flush-guard-at", Long.class));
        ageGuardAt = getRuntimeContext().getState(new ValueStateDescriptor<>("age-guard-at", Long.class));
        lastCleared = getRuntimeContext().getState(new ValueStateDescriptor<>("last-cleared", Signal.class));
    }

    @Override
    public void processElement(Signal signal, Context ctx, Collector<Incident> out) throws Exception {
        if (signal == null || signal.ts() == null || signal.state() == null) {
            return;
        }
        long ts = signal.ts().toEpochMilli();
        // A signal already behind the watermark waits too: its timer fires at the next watermark step, in time order
        // with the other timers of the key, an age deadline between two late signals included. Applied at once, as
        // it used to be, a late OBSERVED and its CLEARED 30 min later gave ESCALATED + RESOLVED when a watermark
        // step came between them (the deadline's timer, behind the watermark as well, fired there) and an
        // auto-healed RESOLVED when none did, which depended on wall-clock time; the record of an escalation also
        // carried a different stream time on each path.
        pending.add(signal);
        // Event-time timer: apply the signal once the watermark passes it (at the next step if it already has).
        ctx.timerService().registerEventTimeTimer(ts);
        if (rules.flushGuardMs() > 0 && flushGuardAt.value() == null) {
            long guard = ctx.timerService().currentProcessingTime() + rules.flushGuardMs();
            // Processing-time timer: apply waiting signals even if the watermark stalls.
            ctx.timerService().registerProcessingTimeTimer(guard);
            flushGuardAt.update(guard);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            applyPending(timestamp, ctx, out);
            if (ctx.timerService().currentWatermark() == Long.MAX_VALUE && !signalPendingAfter(timestamp)) {
                // End of a bounded input (replay, test): the stream ended, no time passed. Escalating every open
                // incident by age here would invent events the live system would not have produced yet. A signal
                // of the key still waiting with a later time shows that this time did pass: then the deadline
                // counts, as it would have with one more watermark step before the end.
                return;
            }
            apply(lifecycle.onClock(incident.value(), timestamp), ctx, out);
            Incident current = incident.value();
            if (current != null && lifecycle.isExpired(current, timestamp)) {
                incident.clear();
            }
            Signal cleared = lastCleared.value();
            if (cleared != null && timestamp > cleared.ts().toEpochMilli() + rules.cooldownMs()) {
                lastCleared.clear();
            }
            return;
        }
        Long flushGuard = flushGuardAt.value();
        if (flushGuard != null && timestamp >= flushGuard) {
            flushGuardAt.clear();
            applyPending(Long.MAX_VALUE, ctx, out);
        }
        Long ageGuard = ageGuardAt.value();
        Incident current = incident.value();
        if (ageGuard != null && timestamp >= ageGuard && current != null) {
            ageGuardAt.clear();
            apply(lifecycle.onClock(current, lifecycle.ageDeadline(current)), ctx, out);
        }
    }

    private boolean signalPendingAfter(long timestamp) throws Exception {
        Iterable<Signal> all = pending.get();
        if (all != null) {
            for (Signal s : all) {
                if (s.ts().toEpochMilli() > timestamp) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Applies the waiting signals with time up to {@code upTo}, in event-time order. */
    private void applyPending(long upTo, Context ctx, Collector<Incident> out) throws Exception {
        List<Signal> due = new ArrayList<>();
        List<Signal> keep = new ArrayList<>();
        Iterable<Signal> all = pending.get();
        if (all != null) {
            for (Signal s : all) {
                (s.ts().toEpochMilli() <= upTo ? due : keep).add(s);
            }
        }
        if (due.isEmpty()) {
            return;
        }
        due.sort(IncidentLifecycle.SIGNAL_ORDER);
        if (keep.isEmpty()) {
            pending.clear();
            Long flushGuard = flushGuardAt.value();
            if (flushGuard != null) {
                ctx.timerService().deleteProcessingTimeTimer(flushGuard);
                flushGuardAt.clear();
            }
        } else {
            pending.update(keep);
        }
        // A signal flushed by the guard keeps its event-time timer: deleting it would also delete an escalation or
        // cooldown timer of the same millisecond. When the watermark reaches it, nothing is due any more and the
        // clock check runs at a time already passed, which changes nothing.
        for (Signal s : due) {
            applySignal(s, ctx, out);
        }
    }

    /** Applies one signal; an OBSERVED not newer than the newest CLEARED applied is followed by that CLEARED again. */
    private void applySignal(Signal signal, Context ctx, Collector<Incident> out) throws Exception {
        apply(lifecycle.onSignal(incident.value(), signal), ctx, out);
        Signal cleared = lastCleared.value();
        long ts = signal.ts().toEpochMilli();
        if (signal.state() == Signal.SignalState.CLEARED) {
            if (cleared == null || ts >= cleared.ts().toEpochMilli()) {
                lastCleared.update(signal);
                // Event-time timer: forget the CLEARED after the cooldown (a no-op if it is not the newest by then).
                ctx.timerService().registerEventTimeTimer(ts + rules.cooldownMs() + 1);
            }
        } else if (cleared != null) {
            if (ts > cleared.ts().toEpochMilli()) {
                // Observed again after it was cleared: a real reopening. Its cleanup timer is left to fire
                // (deleting it could delete another timer of the same time).
                lastCleared.clear();
            } else {
                // An age escalation due before the CLEARED's time comes first, as it did in event time.
                apply(lifecycle.onClock(incident.value(), cleared.ts().toEpochMilli() - 1), ctx, out);
                apply(lifecycle.onSignal(incident.value(), cleared), ctx, out);
            }
        }
    }

    private void apply(Incident next, Context ctx, Collector<Incident> out) throws Exception {
        if (next == null) {
            return;
        }
        Incident previous = incident.value();
        incident.update(next);
        out.collect(next);

        boolean ageMatters = next.isOpen() && !next.escalated();
        long deadline = lifecycle.ageDeadline(next);
        if (ageMatters) {
            // Event-time timer: escalation by age when the watermark reaches the deadline.
            ctx.timerService().registerEventTimeTimer(deadline);
            if (rules.ageGuard() && ageGuardAt.value() == null) {
                long remaining = Math.max(1, deadline - next.updatedAt().toEpochMilli());
                long guard = ctx.timerService().currentProcessingTime() + remaining;
                // Processing-time timer: the same escalation when event time stands still.
                ctx.timerService().registerProcessingTimeTimer(guard);
                ageGuardAt.update(guard);
            }
        } else {
            ctx.timerService().deleteEventTimeTimer(deadline);
            Long guard = ageGuardAt.value();
            if (guard != null) {
                ctx.timerService().deleteProcessingTimeTimer(guard);
                ageGuardAt.clear();
            }
        }
        if (next.status() == Incident.Status.RESOLVED) {
            // Event-time timer: forget the incident once the cooldown is over.
            ctx.timerService().registerEventTimeTimer(lifecycle.cooldownEnd(next) + 1);
        }
        if (previous != null && previous.status() == Incident.Status.RESOLVED && next.isOpen()) {
            // Reopened: its cooldown timer has nothing left to do.
            ctx.timerService().deleteEventTimeTimer(lifecycle.cooldownEnd(previous) + 1);
        }
    }
}
