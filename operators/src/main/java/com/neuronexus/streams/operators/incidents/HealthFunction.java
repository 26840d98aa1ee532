package com.neuronexus.streams.operators.incidents;

import com.neuronexus.streams.core.ids.ContentIds;
import com.neuronexus.streams.core.outputs.ControlCommand;
import com.neuronexus.streams.core.outputs.HealthScore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The health score every {@link HealthRules#intervalMs()} of event time ({@link HealthScorer}), with safe mode
 * ({@link SafeModeSwitch}) commands on a side output. Keyed by one constant key: there is one system health.
 *
 * <p>Inputs wait until the tick at or after their time and are applied in {@link HealthInput#EVENT_ORDER} (event
 * time, an incident record's lifecycle step, id), so the score does not depend on how the input streams interleave,
 * and an incident opened and resolved in one millisecond is not left open. Each input is filed under the tick it waits for, and the
 * open incidents are counted as they change, so a tick costs the same whatever is pending: a 28-day replay is
 * some 240,000 ticks. Latency windows ending within a tick replace the
 * latency gauges (request-weighted error rate, worst p95); without new windows the last values stay.
 */
public class HealthFunction extends KeyedProcessFunction<String, HealthInput, HealthScore> {
    private static final long serialVersionUID = 1L;

    public static final String KEY = "system";
    public static final OutputTag<ControlCommand> CONTROL = new OutputTag<>("control") {};

    private final HealthRules rules;
    private transient HealthScorer scorer;

    /**
     * How many inputs wait for each tick (tick -> count). An input waits for the first tick at or after its time
     * that has not fired yet, so a tick reads only its own inputs instead of every pending one (on RocksDB a
     * scan-and-rewrite of all pending inputs at every tick made a replay quadratic). Removed when the tick fires.
     */
    private transient MapState<Long, Integer> tickSizes;
    /**
     * The inputs of each tick: (tick, arrival number within the tick) -> input. Removed when the tick fires.
     * Inputs written before {@link HealthInput} had its {@code step} are read by Flink's POJO schema evolution with
     * step 0 (an OPENED record's step); only such inputs pending at the upgrade keep the old order among themselves.
     */
    private transient MapState<Tuple2<Long, Integer>, HealthInput> tickInputs;
    /** Open incidents: incident id -> priority. Resolved incidents are removed. */
    private transient MapState<String, String> openIncidents;
    /**
     * Open incidents counted per priority, kept in step with {@link #openIncidents} so a tick does not iterate
     * the map.
     */
    private transient ValueState<OpenCounts> openCounts;
    /** Latest drift, latency, backup and migration values. */
    private transient ValueState<HealthGauges> gauges;
    /** Safe mode on/off and the current run of good scores (the hysteresis). */
    private transient ValueState<SafeModeState> safeMode;
    /** Event time of the registered next tick. */
    private transient ValueState<Long> nextTick;

    /** The last score computed, reused while the inputs stay the same (a pure function; not state). */
    private transient HealthInputs lastInputs;
    private transient HealthScorer.Result lastResult;

    /** Flink state of {@link SafeModeSwitch}. */
    public record SafeModeState(boolean on, int goodInARow) {}

    /** Open incidents per priority (P1..P4). */
    public record OpenCounts(int p1, int p2, int p3, int p4) {
        static final OpenCounts NONE = new OpenCounts(0, 0, 0, 0);

        OpenCounts plus(String priority, int delta) {
            return switch (IncidentLifecycle.rank(priority)) {
                case 1 -> new OpenCounts(p1 + delta, p2, p3, p4);
                case 2 -> new OpenCounts(p1, p2 + delta, p3, p4);
                case 4 -> new OpenCounts(p1, p2, p3, p4 + delta);
                default -> new OpenCounts(p1, p2, p3 + delta, p4);
            };
        }
    }

    public HealthFunction(HealthRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(OpenContext openContext) {
        scorer = new HealthScorer(rules);
        tickSizes = getRuntimeContext().getMapState(new MapStateDescriptor<>("tick-sizes", Types.LONG, Types.INT));
        tickInputs = getRuntimeContext().getMapState(new MapStateDescriptor<>("tick-inputs",
                Types.TUPLE(Types.LONG, Types.INT), TypeInformation.of(HealthInput.class)));
        openIncidents = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("open-incidents", String.class, String.class));
        openCounts = getRuntimeContext().getState(new ValueStateDescriptor<>("open-counts", OpenCounts.class));
        gauges = getRuntimeContext().getState(new ValueStateDescriptor<>("gauges", HealthGauges.class));
        safeMode = getRuntimeContext().getState(new ValueStateDescriptor<>("safe-mode", SafeModeState.class));
        nextTick = getRuntimeContext().getState(new ValueStateDescriptor<>("next-tick", Long.class));
    }

    @Override
    public void processElement(HealthInput input, Context ctx, Collector<HealthScore> out) throws Exception {
        if (input == null || input.ts() == null || input.kind() == null) {
            return;
        }
        long ts = input.ts().toEpochMilli();
        Long next = nextTick.value();
        long earliest = rules.firstUnfiredTick(ts, ctx.timerService().currentWatermark());
        if (next == null || earliest < next) {
            // Event-time timer: the first tick. Before it fires, an input with an earlier time can still arrive
            // after one with a later time (another upstream key or subtask), so the chain starts at the earliest
            // tick any input waits for, not at the first input's; when the chain reaches a tick registered
            // before, registering it again is a no-op. Each tick registers the next one.
            ctx.timerService().registerEventTimeTimer(earliest);
            nextTick.update(earliest);
            next = earliest;
        }
        // Ticks fire one after another from `next` on: the first one at or after the input's time.
        long tick = Math.max(rules.tickAtOrAfter(ts), next);
        Integer size = tickSizes.get(tick);
        int seq = size == null ? 0 : size;
        tickInputs.put(Tuple2.of(tick, seq), input);
        tickSizes.put(tick, seq + 1);
    }

    @Override
    public void onTimer(long tick, OnTimerContext ctx, Collector<HealthScore> out) throws Exception {
        List<HealthInput> due = new ArrayList<>();
        Integer size = tickSizes.get(tick);
        if (size != null) {
            for (int seq = 0; seq < size; seq++) {
                Tuple2<Long, Integer> slot = Tuple2.of(tick, seq);
                due.add(tickInputs.get(slot));
                tickInputs.remove(slot);
            }
            tickSizes.remove(tick);
        }
        due.sort(HealthInput.EVENT_ORDER);

        HealthGauges g = gauges.value() == null ? HealthGauges.unknown() : gauges.value();
        long latencyRequests = 0;
        double weightedErrors = 0;
        Double worstP95 = null;
        OpenCounts counts = openCounts.value() == null ? OpenCounts.NONE : openCounts.value();
        boolean countsChanged = false;
        for (HealthInput in : due) {
            switch (in.kind()) {
                case INCIDENT -> {
                    String before = openIncidents.get(in.name());
                    if (before != null) {
                        counts = counts.plus(before, -1);
                        countsChanged = true;
                    }
                    if (in.open()) {
                        String priority = IncidentLifecycle.normalizePriority(in.priority());
                        openIncidents.put(in.name(), priority);
                        counts = counts.plus(priority, 1);
                        countsChanged = true;
                    } else if (before != null) {
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
        if (!due.isEmpty()) {
            gauges.update(g);
        }
        if (countsChanged) {
            openCounts.update(counts);
        }

        HealthInputs inputs = g.withIncidents(counts.p1(), counts.p2(), counts.p3(), counts.p4());
        if (!inputs.equals(lastInputs)) {
            lastResult = scorer.score(inputs);
            lastInputs = inputs;
        }
        HealthScorer.Result result = lastResult;

        SafeModeState sm = safeMode.value() == null ? new SafeModeState(false, 0) : safeMode.value();
        SafeModeSwitch safeSwitch = new SafeModeSwitch(rules, sm.on(), sm.goodInARow());
        ControlCommand.Command command = safeSwitch.onGrade(result.grade());
        SafeModeState after = new SafeModeState(safeSwitch.isOn(), safeSwitch.goodInARow());
        if (!after.equals(sm)) {
            safeMode.update(after);
        }

        Instant at = Instant.ofEpochMilli(tick);
        out.collect(new HealthScore(at, result.score(), result.grade(), result.componentsJson(), safeSwitch.isOn(),
                result.deployAllowed(), result.gatesJson(), inputs.openIncidents()));
        if (command != null) {
            String reason = command == ControlCommand.Command.SAFE_MODE_ON
                    ? "health score " + result.score() + " graded F"
                    : "health graded " + rules.safeModeOffGrade() + " or better for " + rules.safeModeOffScores()
                            + " consecutive scores (now " + result.grade() + ", " + result.score() + ")";
            ctx.output(CONTROL, new ControlCommand(ContentIds.prefixed("ctl", command, tick), command, reason, at,
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
