package com.neuronexus.streams.operators.invariants.flink;

import com.neuronexus.streams.operators.state.CachedValueState;
import com.neuronexus.streams.core.events.Event;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.operators.invariants.Check;
import com.neuronexus.streams.operators.invariants.CheckOutcome;
import com.neuronexus.streams.operators.invariants.Invariant;
import com.neuronexus.streams.operators.invariants.InvariantConfig;
import java.time.Instant;
import java.util.Arrays;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.util.Collector;

/** An ordered function that checks invariants and emits signals, plus check outcomes for the drift score. */
public abstract class InvariantFunction<IN extends Event> extends EventTimeOrderedFunction<IN, Signal> {
    private static final long serialVersionUID = 1L;

    protected final InvariantConfig config;
    private final boolean throttleOutcomes;

    /**
     * Per invariant (by ordinal), the drift interval of the last outcome sent for this key. Only for long-lived
     * keys checked on every event (SKUs, customers): the drift score needs an entity's state once per interval,
     * not once per event, so outcomes are sent when the state flips or a new interval starts.
     */
    private transient CachedValueState<String, long[]> lastOutcomeInterval;

    protected InvariantFunction(Class<IN> type, InvariantConfig config, boolean throttleOutcomes) {
        super(type, config.dedupWindowMs());
        this.config = config;
        this.throttleOutcomes = throttleOutcomes;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext openContext) throws Exception {
        super.open(openContext);
        if (throttleOutcomes) {
            lastOutcomeInterval = CachedValueState.of(getRuntimeContext().getState(new ValueStateDescriptor<>(
                    "last-outcome-interval", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO)), CACHED_KEYS);
        }
    }

    /** Emits the signal the check yields (if any) at event time {@code ts}, and the outcome for the drift score. */
    protected void report(Check check, boolean wasViolated, long ts, Context ctx, Collector<Signal> out)
            throws Exception {
        InvariantOutputs.signal(check, wasViolated, ts).ifPresent(out::collect);
        if (throttleOutcomes) {
            long interval = Math.floorDiv(ts, config.driftIntervalMs());
            long[] sent = lastOutcomeInterval.value(ctx.getCurrentKey());
            if (sent == null) {
                sent = new long[Invariant.values().length];
                Arrays.fill(sent, Long.MIN_VALUE);
            }
            int i = check.invariant().ordinal();
            if (check.violated() == wasViolated && sent[i] == interval) {
                return;
            }
            sent[i] = interval;
            lastOutcomeInterval.update(ctx.getCurrentKey(), sent);
        }
        ctx.output(InvariantOutputs.OUTCOMES, CheckOutcome.of(check, Instant.ofEpochMilli(ts)));
    }
}
