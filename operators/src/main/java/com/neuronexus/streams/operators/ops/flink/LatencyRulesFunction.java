package com.neuronexus.streams.operators.ops.flink;

import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.LatencyWindow;
import com.neuronexus.streams.operators.ops.LatencyRuleState;
import com.neuronexus.streams.operators.ops.LatencyRules;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The seed system's latency rules per (service, route) over the latency windows. Tumbling windows drive the
 * p95 and mean rules, sliding windows the error-rate rule; the two touch disjoint parts of the state, so the
 * interleaving of the two window streams does not change the output. A route without windows for
 * {@code idleMillis} of event time has its firing rules cleared and its state dropped.
 */
public final class LatencyRulesFunction extends KeyedProcessFunction<String, LatencyWindow, Signal> {
    private static final long serialVersionUID = 1L;

    private final LatencyRules.Config config;
    private final long idleMillis;
    private transient LatencyRules rules;

    /** Baselines and firing flags of the three rules for this (service, route). */
    private transient ValueState<LatencyRuleState> ruleState;
    /** Event time at which this route counts as gone (its idle timer). */
    private transient ValueState<Long> idleDeadline;

    public LatencyRulesFunction(LatencyRules.Config config, long idleMillis) {
        this.config = config;
        this.idleMillis = idleMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        rules = new LatencyRules(config);
        ruleState = getRuntimeContext().getState(new ValueStateDescriptor<>("rules", TypeInformation.of(LatencyRuleState.class)));
        idleDeadline = getRuntimeContext().getState(new ValueStateDescriptor<>("idle-deadline", Long.class));
    }

    @Override
    public void processElement(LatencyWindow window, Context ctx, Collector<Signal> out) throws Exception {
        LatencyRuleState state = ruleState.value();
        if (state == null) {
            state = new LatencyRuleState();
        }
        rules.onWindow(state, window).forEach(out::collect);
        ruleState.update(state);
        long next = window.windowEnd().toEpochMilli() + idleMillis;
        Long previous = idleDeadline.value();
        if (previous == null || previous < next) {
            if (previous != null) {
                ctx.timerService().deleteEventTimeTimer(previous);
            }
            ctx.timerService().registerEventTimeTimer(next);
            idleDeadline.update(next);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Signal> out) throws Exception {
        LatencyRuleState state = ruleState.value();
        if (state != null) {
            String key = ctx.getCurrentKey();
            String entity = key.replace('\u001f', ':');
            Instant ts = Instant.ofEpochMilli(timestamp);
            String evidence = Json.object(Map.of("reason", "no requests for " + idleMillis / 1000 + " s"));
            if (state.errorFiring) {
                out.collect(Signal.of(LatencyRules.SOURCE, LatencyRules.ERROR_RATE_HIGH, entity, "P2", Signal.SignalState.CLEARED, ts, evidence));
            }
            if (state.p95Firing) {
                out.collect(Signal.of(LatencyRules.SOURCE, LatencyRules.P95_REGRESSION, entity, "P2", Signal.SignalState.CLEARED, ts, evidence));
            }
            if (state.meanFiring) {
                out.collect(Signal.of(LatencyRules.SOURCE, LatencyRules.LATENCY_ANOMALY, entity, "P3", Signal.SignalState.CLEARED, ts, evidence));
            }
        }
        ruleState.clear();
        idleDeadline.clear();
    }
}
