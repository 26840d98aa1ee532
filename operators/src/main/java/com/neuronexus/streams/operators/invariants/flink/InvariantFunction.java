package com.neuronexus.streams.operators.invariants.flink;

import com.neuronexus.streams.core.events.Event;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.operators.invariants.Check;
import com.neuronexus.streams.operators.invariants.CheckOutcome;
import com.neuronexus.streams.operators.invariants.InvariantConfig;
import java.time.Instant;

/** An ordered function that checks invariants and emits signals, plus every outcome for the drift score. */
public abstract class InvariantFunction<IN extends Event> extends EventTimeOrderedFunction<IN, Signal> {
    private static final long serialVersionUID = 1L;

    protected final InvariantConfig config;

    protected InvariantFunction(Class<IN> type, InvariantConfig config) {
        super(type, config.dedupWindowMs());
        this.config = config;
    }

    /** Emits the signal the check yields (if any) at event time {@code ts}, and the outcome for the drift score. */
    protected void report(Check check, boolean wasViolated, long ts, Context ctx,
            org.apache.flink.util.Collector<Signal> out) {
        InvariantOutputs.signal(check, wasViolated, ts).ifPresent(out::collect);
        ctx.output(InvariantOutputs.OUTCOMES, CheckOutcome.of(check, Instant.ofEpochMilli(ts)));
    }
}
