package com.neuronexus.streams.operators.ops;

import com.neuronexus.streams.core.json.InstantText;
import com.neuronexus.streams.core.outputs.LatencyWindow;
import java.util.List;
import java.util.function.Consumer;

/** The figures of a tumbling latency window that the anomaly detector watches. */
public final class LatencyFigures {
    /** The figures, in the order {@link #of} emits them. */
    public static final List<String> FIGURES = List.of("p95_ms", "error_rate", "request_rate");

    private LatencyFigures() {}

    /** The series of a route's figures, in the order {@link #of} emits them. */
    public static List<String> series(String service, String route) {
        return List.of(LatencyWindow.seriesName(FIGURES.get(0), service, route),
                LatencyWindow.seriesName(FIGURES.get(1), service, route),
                LatencyWindow.seriesName(FIGURES.get(2), service, route));
    }

    /**
     * One series each for p95, error rate and request rate, with the noise their request count implies: one
     * error in n requests moves the error rate by 1/n, a Poisson count has noise √n, and the sketch's p95 is
     * exact to 1 % — differences within that noise are not anomalies.
     */
    public static void of(LatencyWindow w, Consumer<SeriesPoint> out) {
        long ts = w.windowEnd().toEpochMilli() - 1; // the window's own event time (its max timestamp)
        String ref = InstantText.of(w.windowStart()); // Instant.toString(), without a DateTimeFormatter
        double n = Math.max(1, w.requestCount());
        double seconds = Math.max(1, w.windowSeconds());
        out.accept(new SeriesPoint(LatencyWindow.seriesName(FIGURES.get(0), w.service(), w.route()), ts, w.p95Ms(), ref,
                SeriesPoint.LATENCY_ANOMALY, 0.01 * w.p95Ms()));
        out.accept(new SeriesPoint(LatencyWindow.seriesName(FIGURES.get(1), w.service(), w.route()), ts, w.errorRate(), ref,
                SeriesPoint.LATENCY_ANOMALY, 1.0 / n));
        out.accept(new SeriesPoint(LatencyWindow.seriesName(FIGURES.get(2), w.service(), w.route()), ts, w.requestRate(), ref,
                SeriesPoint.LATENCY_ANOMALY, Math.sqrt(n) / seconds));
    }
}
