package com.neuronexus.streams.operators.invariants.flink;

import com.neuronexus.streams.operators.invariants.CheckOutcome;
import com.neuronexus.streams.operators.invariants.DriftDelta;
import com.neuronexus.streams.operators.invariants.Invariant;
import com.neuronexus.streams.operators.invariants.InvariantConfig;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * First stage of the drift score, keyed by "INVARIANT|entity" (parallel): turns the check outcomes of one
 * entity into {@link DriftDelta}s for {@link DriftScoreFunction}. An entity counts, by its latest check, from
 * that check until the drift window has passed without another one; this function emits the changes to
 * that count (enters, flips, leaves) at the event time they happen, so the single-key stage only sums.
 *
 * <p>No ordering buffer: all outcomes of an entity come from the one keyed invariant function that owns it,
 * over one channel, in the order it applied them (event-time order). An outcome older than the entity's
 * latest check (a late event applied after newer ones) does not replace it and only counts as a check.
 */
public class DriftEntityFunction extends KeyedProcessFunction<String, CheckOutcome, DriftDelta> {
    private static final long serialVersionUID = 1L;

    private final long windowMs;

    /**
     * The entity's latest check; cleared when the entity leaves the window. Timer: at most one pending, at or
     * before latest check + window; when it fires early (re-checked since) it is moved to the new deadline.
     */
    private transient ValueState<DriftEntry> latest;

    public DriftEntityFunction(InvariantConfig config) {
        this.windowMs = config.driftWindowMs();
    }

    @Override
    public void open(OpenContext openContext) {
        latest = getRuntimeContext().getState(
                new ValueStateDescriptor<>("drift-latest-check", TypeInformation.of(DriftEntry.class)));
    }

    @Override
    public void processElement(CheckOutcome outcome, Context ctx, Collector<DriftDelta> out) throws Exception {
        if (outcome == null || outcome.ts() == null || outcome.invariant() == null) {
            return;
        }
        long ts = outcome.ts().toEpochMilli();
        int violated = outcome.violated() ? 1 : 0;
        DriftEntry entry = latest.value();
        if (entry == null) {
            entry = new DriftEntry(outcome.invariant().name(), ts, outcome.violated());
            // Expiry timer: the entity leaves the window at its latest check + window. Re-checks move the
            // deadline without touching the timer; when it fires early it is re-armed (one timer per window).
            ctx.timerService().registerEventTimeTimer(ts + windowMs);
            out.collect(new DriftDelta(ts, outcome.invariant(), 1, violated, true));
        } else if (ts >= entry.ts + windowMs) {
            // Checked again only after it had left the window (its expiry timer is not due yet because the
            // inputs run ahead of the watermark): it left at its deadline and enters anew now.
            out.collect(expiry(entry));
            out.collect(new DriftDelta(ts, outcome.invariant(), 1, violated, true));
            entry.ts = ts;
            entry.violated = outcome.violated();
        } else if (ts >= entry.ts) {
            out.collect(new DriftDelta(ts, outcome.invariant(), 0, violated - (entry.violated ? 1 : 0), true));
            entry.ts = ts;
            entry.violated = outcome.violated();
        } else {
            out.collect(new DriftDelta(ts, outcome.invariant(), 0, 0, true));
            return;
        }
        latest.update(entry);
    }

    private DriftDelta expiry(DriftEntry entry) {
        return new DriftDelta(entry.ts + windowMs, Invariant.valueOf(entry.invariant), -1, entry.violated ? -1 : 0,
                false);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DriftDelta> out) throws Exception {
        DriftEntry entry = latest.value();
        if (entry == null) {
            return;
        }
        long expiresAt = entry.ts + windowMs;
        if (expiresAt <= timestamp) {
            out.collect(expiry(entry));
            latest.clear();
        } else {
            ctx.timerService().registerEventTimeTimer(expiresAt);
        }
    }
}
