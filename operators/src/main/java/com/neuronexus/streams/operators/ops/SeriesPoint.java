package com.neuronexus.streams.operators.ops;

/**
 * One sample of a series for the anomaly detector: a raw {@code ops.metrics} sample or a latency-window figure.
 *
 * @param ref content tie-breaker among samples with equal timestamps (event id, window key, or CSV row number)
 * @param signalKind kind of the signal an anomaly of this series raises (METRIC_ANOMALY, LATENCY_ANOMALY)
 * @param noiseFloor measurement noise of this value (standard deviation); 0 for raw samples
 */
public record SeriesPoint(String series, long tsMillis, double value, String ref, String signalKind, double noiseFloor) {
    public static final String METRIC_ANOMALY = "METRIC_ANOMALY";
    public static final String LATENCY_ANOMALY = "LATENCY_ANOMALY";

    /**
     * Whether samples of this series arrive in timestamp order, one per timestamp, by construction: a latency
     * window figure is emitted once per window, in window order, by the one function that owns its route
     * (the window's last instant, when the watermark passes it). The detector scores those on arrival
     * instead of parking them until its own watermark passes them; raw metric samples may be out of order.
     */
    public boolean arrivesInOrder() {
        return LATENCY_ANOMALY.equals(signalKind);
    }
}
