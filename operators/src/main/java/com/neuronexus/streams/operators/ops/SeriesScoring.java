package com.neuronexus.streams.operators.ops;

import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.AnomalyWindow;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@link RobustAnomalyDetector} applied to one series' samples, with the records it makes of them: the scored
 * sample and, when an anomaly window opens or closes, the {@link AnomalyWindow} and its {@link Signal}. The one
 * place both functions that run the detector score through: {@code SeriesAnomalyFunction} (raw metric samples,
 * and window figures when the job computes windows with Flink's window operators) and
 * {@code RouteLatencyFunction} (the figures of its own route's tumbling windows), so a series' records do not
 * depend on which of them scored it.
 */
public final class SeriesScoring {
    public static final String DETECTOR_NAME = "robust-ewma-mad-v1";

    /** Where the records go (a Flink context's outputs, a list in a test). */
    public record Sink(Consumer<ScoredPoint> scored, Consumer<AnomalyWindow> windows, Consumer<Signal> signals) {}

    private final RobustAnomalyDetector detector;

    public SeriesScoring(DetectorConfig config) {
        this.detector = new RobustAnomalyDetector(config);
    }

    /** A new series' model. */
    public SeriesState newState() {
        return detector.newState();
    }

    /** Scores {@code p} against its series' model {@code state} (updated in place). */
    public void score(SeriesState state, SeriesPoint p, Sink sink) {
        RobustAnomalyDetector.Scored scored = detector.update(state, p.tsMillis(), p.value(), p.noiseFloor());
        sink.scored().accept(new ScoredPoint(p.series(), p.tsMillis(), p.value(), p.ref(), scored.score(), scored.expected()));
        if (scored.transition() != RobustAnomalyDetector.Transition.NONE) {
            emit(p.series(), scored, p.signalKind(), p.tsMillis(), sink);
        }
    }

    /**
     * A series being forgotten: its open window, if any, is closed (CLOSED window, CLEARED signal) at
     * {@code tsMillis}, its idle deadline. {@code kind} is the signal kind of its last sample.
     */
    public void forceClose(SeriesState state, String series, String kind, long tsMillis, Sink sink) {
        RobustAnomalyDetector.Scored closed = detector.forceClose(state);
        if (closed != null) {
            emit(series, closed, kind, tsMillis, sink);
        }
    }

    private static void emit(String series, RobustAnomalyDetector.Scored s, String kind, long ts, Sink sink) {
        boolean opened = s.transition() == RobustAnomalyDetector.Transition.OPENED;
        String severity = RobustAnomalyDetector.severity(s.peakScore());
        Instant start = Instant.ofEpochMilli(s.windowStart());
        sink.windows().accept(new AnomalyWindow(series, start,
                opened ? null : Instant.ofEpochMilli(s.windowEnd()), opened ? AnomalyWindow.OPEN : AnomalyWindow.CLOSED,
                s.hotSamples(), s.peakScore(), Instant.ofEpochMilli(s.peakTs()), s.peakValue(), s.peakExpected(),
                severity, s.score(), DETECTOR_NAME));
        String evidence = Json.object(Map.of("series", series, "window_start", start.toString(),
                "peak_score", s.peakScore(), "peak_value", s.peakValue(), "expected", s.peakExpected(),
                "severity", severity, "samples", s.hotSamples()));
        sink.signals().accept(Signal.of("ops", kind == null ? SeriesPoint.METRIC_ANOMALY : kind, series, "P3",
                opened ? Signal.SignalState.OBSERVED : Signal.SignalState.CLEARED, Instant.ofEpochMilli(ts), evidence));
    }
}
