package com.neuronexus.streams.operators.incidents;

import com.neuronexus.streams.core.ids.ContentIds;
import com.neuronexus.streams.core.outputs.ControlCommand;
import com.neuronexus.streams.core.outputs.HealthScore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The health function as it was before inputs were filed per tick: every tick scans and rewrites one list of
 * all pending inputs and iterates the open incidents. Kept in the tests only, as the reference the faster
 * {@link HealthFunction} must match output for output.
 */
class PendingListHealthFunction extends KeyedProcessFunction<String, HealthInput, HealthScore> {
    private static final long serialVersionUID = 1L;

    /** The order of {@link HealthFunction} (shared, so the comparison is about filing inputs per tick). */
    private static final Comparator<HealthInput> EVENT_ORDER = HealthInput.EVENT_ORDER;

    private final HealthRules rules;
    private transient HealthScorer scorer;

    /** Inputs newer than the last tick. */
    private transient ListState<HealthInput> pending;
    /** Open incidents: incident id -> priority. Resolved incidents are removed. */
    private transient MapState<String, String> openIncidents;
    /** Latest drift, latency, backup and migration values. */
    private transient ValueState<HealthGauges> gauges;
    /** Safe mode on/off and the current run of good scores (the hysteresis). */
    private transient ValueState<HealthFunction.SafeModeState> safeMode;
    /** Event time of the registered next tick. */
    private transient ValueState<Long> nextTick;

    /** Flink state of {@link SafeModeSwitch}. */
    

    PendingListHealthFunction(HealthRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(OpenContext openContext) {
        scorer = new HealthScorer(rules);
        pending = getRuntimeContext().getListState(new ListStateDescriptor<>("pending-inputs", HealthInput.class));
        openIncidents = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("open-incidents", String.class, String.class));
        gauges = getRuntimeContext().getState(new ValueStateDescriptor<>("gauges", HealthGauges.class));
        safeMode = getRuntimeContext().getState(new ValueStateDescriptor<>("safe-mode", HealthFunction.SafeModeState.class));
        nextTick = getRuntimeContext().getState(new ValueStateDescriptor<>("next-tick", Long.class));
    }

    @Override
    public void processElement(HealthInput input, Context ctx, Collector<HealthScore> out) throws Exception {
        if (input == null || input.ts() == null || input.kind() == null) {
            return;
        }
        pending.add(input);
        Long next = nextTick.value();
        long earliest = rules.firstUnfiredTick(input.ts().toEpochMilli(), ctx.timerService().currentWatermark());
        if (next == null || earliest < next) {
            // Event-time timer: the first tick, the earliest any input waits for; each tick registers the next one.
            ctx.timerService().registerEventTimeTimer(earliest);
            nextTick.update(earliest);
        }
    }

    @Override
    public void onTimer(long tick, OnTimerContext ctx, Collector<HealthScore> out) throws Exception {
        List<HealthInput> due = new ArrayList<>();
        List<HealthInput> keep = new ArrayList<>();
        Iterable<HealthInput> all = pending.get();
        if (all != null) {
            for (HealthInput in : all) {
                (in.ts().toEpochMilli() <= tick ? due : keep).add(in);
            }
        }
        due.sort(EVENT_ORDER);
        pending.update(keep);

        HealthGauges g = gauges.value() == null ? HealthGauges.unknown() : gauges.value();
        long latencyRequests = 0;
        double weightedErrors = 0;
        Double worstP95 = null;
        for (HealthInput in : due) {
            switch (in.kind()) {
                case INCIDENT -> {
                    if (in.open()) {
                        openIncidents.put(in.name(), IncidentLifecycle.normalizePriority(in.priority()));
                    } else {
                        openIncidents.remove(in.name());
                    }
                }
                case DRIFT -> g = new HealthGauges(finite(in.value(), g.driftScore()), g.errorRate(), g.p95Ms(),
                        g.backupAgeSeconds(), g.migrationsPending());
                case METRIC -> {
                    if (HealthInput.BACKUP_AGE_SERIES.equals(in.name())) {
                        g = new HealthGauges(g.driftScore(), g.errorRate(), g.p95Ms(),
                                finite(in.value(), g.backupAgeSeconds()), g.migrationsPending());
                    } else if (HealthInput.MIGRATIONS_PENDING_SERIES.equals(in.name())) {
                        g = new HealthGauges(g.driftScore(), g.errorRate(), g.p95Ms(), g.backupAgeSeconds(),
                                finite(in.value(), g.migrationsPending()));
                    }
                }
                case LATENCY -> {
                    if (Double.isFinite(in.p95Ms())) {
                        worstP95 = worstP95 == null ? in.p95Ms() : Math.max(worstP95, in.p95Ms());
                    }
                    if (Double.isFinite(in.value()) && in.requests() > 0) {
                        latencyRequests += in.requests();
                        weightedErrors += Math.max(0, Math.min(1, in.value())) * in.requests();
                    }
                }
                default -> { }
            }
        }
        if (worstP95 != null || latencyRequests > 0) {
            // Boxed on both sides: a mixed ternary would unbox a null (still unknown) error rate and throw.
            Double errorRate = latencyRequests > 0 ? Double.valueOf(weightedErrors / latencyRequests) : g.errorRate();
            g = new HealthGauges(g.driftScore(), errorRate,
                    worstP95 == null ? g.p95Ms() : worstP95, g.backupAgeSeconds(), g.migrationsPending());
        }
        gauges.update(g);

        int[] byPriority = new int[5];
        for (Map.Entry<String, String> e : openIncidents.entries()) {
            byPriority[IncidentLifecycle.rank(e.getValue())]++;
        }
        HealthInputs inputs = g.withIncidents(byPriority[1], byPriority[2], byPriority[3], byPriority[4]);
        HealthScorer.Result result = scorer.score(inputs);

        HealthFunction.SafeModeState sm = safeMode.value() == null ? new HealthFunction.SafeModeState(false, 0) : safeMode.value();
        SafeModeSwitch safeSwitch = new SafeModeSwitch(rules, sm.on(), sm.goodInARow());
        ControlCommand.Command command = safeSwitch.onGrade(result.grade());
        safeMode.update(new HealthFunction.SafeModeState(safeSwitch.isOn(), safeSwitch.goodInARow()));

        Instant at = Instant.ofEpochMilli(tick);
        out.collect(new HealthScore(at, result.score(), result.grade(), result.componentsJson(), safeSwitch.isOn(),
                result.deployAllowed(), result.gatesJson(), inputs.openIncidents()));
        if (command != null) {
            String reason = command == ControlCommand.Command.SAFE_MODE_ON
                    ? "health score " + result.score() + " graded F"
                    : "health graded " + rules.safeModeOffGrade() + " or better for " + rules.safeModeOffScores()
                            + " consecutive scores (now " + result.grade() + ", " + result.score() + ")";
            ctx.output(HealthFunction.CONTROL, new ControlCommand(ContentIds.prefixed("ctl", command, tick), command, reason, at,
                    result.score(), result.grade()));
        }

        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            // End of a bounded input: one last score, then stop (ticking on to Long.MAX_VALUE would never end).
            // Replays reach the final watermark step by step (FileTopicIo's end-of-input horizon), so the scores
            // before this one are the same on every run.
            nextTick.clear();
            return;
        }
        long next = tick + rules.intervalMs();
        // Event-time timer: the next tick. Health is a heartbeat, so it keeps ticking while event time moves.
        ctx.timerService().registerEventTimeTimer(next);
        nextTick.update(next);
    }

    private static Double finite(double value, Double previous) {
        return Double.isFinite(value) ? value : previous;
    }
}
