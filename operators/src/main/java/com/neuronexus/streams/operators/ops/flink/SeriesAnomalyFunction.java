package com.neuronexus.streams.operators.ops.flink;

import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.AnomalyWindow;
import com.neuronexus.streams.operators.ops.DetectorConfig;
import com.neuronexus.streams.operators.ops.RobustAnomalyDetector;
import com.neuronexus.streams.operators.ops.ScoredPoint;
import com.neuronexus.streams.operators.ops.SeriesPoint;
import com.neuronexus.streams.operators.ops.SeriesState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.apache.flink.util.OutputTag;

/**
 * {@link RobustAnomalyDetector} per series (keyed by series name). Samples wait until the watermark passes
 * them and are then scored in (timestamp, ref) order, so out-of-order or repeated timestamps give the same
 * result as sorted input. Emits every scored sample; anomaly windows (OPEN, then CLOSED) and their signals
 * (OBSERVED, then CLEARED) go to side outputs. A series silent for {@code idleMillis} of event time is
 * forgotten (its open window closed first), so state does not outlive series.
 */
public final class SeriesAnomalyFunction extends KeyedProcessFunction<String, SeriesPoint, ScoredPoint> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<AnomalyWindow> WINDOWS = new OutputTag<>("anomaly-windows", TypeInformation.of(AnomalyWindow.class));
    public static final OutputTag<Signal> SIGNALS = new OutputTag<>("anomaly-signals", TypeInformation.of(Signal.class));
    public static final String DETECTOR_NAME = "robust-ewma-mad-v1";

    private final DetectorConfig config;
    private final long idleMillis;
    private transient RobustAnomalyDetector detector;

    /** The detector's memory of this series (level, scale, daily profile, open window). */
    private transient ValueState<SeriesState> model;
    /**
     * Samples not yet passed by the watermark, by timestamp; each timestamp has an event-time timer. Keyed by
     * timestamp so that a timer reads and removes only its own samples: one list of every waiting sample,
     * re-read on every timer, made a replay quadratic in the samples a series gets ahead of the watermark.
     */
    private transient MapState<Long, List<SeriesPoint>> pending;
    /** Event time at which this series counts as gone (last scored sample + idle); null before the first. */
    private transient ValueState<Long> idleDeadline;
    /**
     * When the idle timer is registered (≤ the deadline); null when none is. The timer is not moved on every
     * sample (a delete and a register in the timer queue each): when it fires before the deadline it is
     * registered again at the deadline.
     */
    private transient ValueState<Long> idleTimer;
    /** Signal kind of this series, remembered for the signal of a window closed by the idle timer. */
    private transient ValueState<String> signalKind;

    public SeriesAnomalyFunction(DetectorConfig config, long idleMillis) {
        this.config = config;
        this.idleMillis = idleMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        detector = new RobustAnomalyDetector(config);
        model = getRuntimeContext().getState(new ValueStateDescriptor<>("model", TypeInformation.of(SeriesState.class)));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-by-ts", Types.LONG,
                Types.LIST(TypeInformation.of(SeriesPoint.class))));
        idleDeadline = getRuntimeContext().getState(new ValueStateDescriptor<>("idle-deadline", Long.class));
        idleTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("idle-timer", Long.class));
        signalKind = getRuntimeContext().getState(new ValueStateDescriptor<>("signal-kind", String.class));
    }

    @Override
    public void processElement(SeriesPoint point, Context ctx, Collector<ScoredPoint> out) throws Exception {
        List<SeriesPoint> same = pending.get(point.tsMillis());
        if (same == null) {
            same = new ArrayList<>(1);
        }
        same.add(point);
        pending.put(point.tsMillis(), same);
        ctx.timerService().registerEventTimeTimer(point.tsMillis());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ScoredPoint> out) throws Exception {
        // Timers of one key fire in timestamp order and every waiting timestamp has one, so the samples due now
        // are exactly those at this timestamp: earlier ones were scored by their own timers.
        List<SeriesPoint> due = pending.get(timestamp);
        if (due != null) {
            pending.remove(timestamp);
            due = new ArrayList<>(due);
            due.sort(Comparator.comparing(SeriesPoint::ref).thenComparingDouble(SeriesPoint::value));
            score(due, timestamp, ctx, out);
            return;
        }
        // No samples at this instant: it is the idle timer.
        Long deadline = idleDeadline.value();
        if (deadline != null && deadline > timestamp) {
            ctx.timerService().registerEventTimeTimer(deadline); // samples came since it was registered
            idleTimer.update(deadline);
            return;
        }
        idleTimer.clear(); // a sample still waiting re-registers it when scored
        if (deadline != null && deadline == timestamp && pending.isEmpty()) {
            SeriesState state = model.value();
            if (state != null) {
                RobustAnomalyDetector.Scored closed = detector.forceClose(state);
                if (closed != null) {
                    emitWindow(ctx, ctx.getCurrentKey(), closed, signalKind.value(), timestamp);
                }
            }
            model.clear();
            idleDeadline.clear();
            signalKind.clear();
        }
    }

    private void score(List<SeriesPoint> due, long timestamp, OnTimerContext ctx, Collector<ScoredPoint> out) throws Exception {
        SeriesState state = model.value();
        if (state == null) {
            state = detector.newState();
        }
        String series = ctx.getCurrentKey();
        long last = Long.MIN_VALUE;
        for (SeriesPoint p : due) {
            RobustAnomalyDetector.Scored scored = detector.update(state, p.tsMillis(), p.value(), p.noiseFloor());
            out.collect(new ScoredPoint(series, p.tsMillis(), p.value(), p.ref(), scored.score(), scored.expected()));
            if (scored.transition() != RobustAnomalyDetector.Transition.NONE) {
                emitWindow(ctx, series, scored, p.signalKind(), p.tsMillis());
            }
            last = Math.max(last, p.tsMillis());
        }
        model.update(state);
        signalKind.update(due.get(due.size() - 1).signalKind());
        Long previous = idleDeadline.value();
        long next = last + idleMillis;
        if (previous == null || previous < next) {
            idleDeadline.update(next);
        }
        Long timer = idleTimer.value();
        // None registered, or it was at this very instant and has just fired with these samples' timer.
        if (timer == null || timer <= timestamp) {
            ctx.timerService().registerEventTimeTimer(Math.max(next, previous == null ? next : previous));
            idleTimer.update(Math.max(next, previous == null ? next : previous));
        }
    }

    private void emitWindow(OnTimerContext ctx, String series, RobustAnomalyDetector.Scored s, String kind, long ts) {
        boolean opened = s.transition() == RobustAnomalyDetector.Transition.OPENED;
        String severity = RobustAnomalyDetector.severity(s.peakScore());
        Instant start = Instant.ofEpochMilli(s.windowStart());
        AnomalyWindow window = new AnomalyWindow(series, start,
                opened ? null : Instant.ofEpochMilli(s.windowEnd()), opened ? AnomalyWindow.OPEN : AnomalyWindow.CLOSED,
                s.hotSamples(), s.peakScore(), Instant.ofEpochMilli(s.peakTs()), s.peakValue(), s.peakExpected(),
                severity, s.score(), DETECTOR_NAME);
        ctx.output(WINDOWS, window);
        String evidence = Json.object(Map.of("series", series, "window_start", start.toString(),
                "peak_score", s.peakScore(), "peak_value", s.peakValue(), "expected", s.peakExpected(),
                "severity", severity, "samples", s.hotSamples()));
        ctx.output(SIGNALS, Signal.of("ops", kind == null ? SeriesPoint.METRIC_ANOMALY : kind, series, "P3",
                opened ? Signal.SignalState.OBSERVED : Signal.SignalState.CLEARED, Instant.ofEpochMilli(ts), evidence));
    }
}
