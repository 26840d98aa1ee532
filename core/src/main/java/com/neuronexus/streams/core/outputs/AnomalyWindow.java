package com.neuronexus.streams.core.outputs;

import java.time.Instant;

/**
 * {@code ops.anomalies} / table {@code anomaly_windows}: one anomaly of one series, from the first anomalous
 * sample (window_start) to the sample after which the score stayed low long enough (window_end). Written
 * when the window opens (status OPEN, window_end null) and again, same primary key, when it closes.
 *
 * @param peakScore highest per-sample anomaly score in [0,1] inside the window
 * @param expectedValue the detector's baseline (level + seasonal profile) at the peak sample
 * @param severity LOW / MEDIUM / HIGH / CRITICAL from the peak score
 * @param lastScore the score of the sample that produced this row
 */
public record AnomalyWindow(
        String series,
        Instant windowStart,
        Instant windowEnd,
        String status,
        int samples,
        double peakScore,
        Instant peakTs,
        double peakValue,
        double expectedValue,
        String severity,
        double lastScore,
        String detector) {

    public static final String OPEN = "OPEN";
    public static final String CLOSED = "CLOSED";
}
