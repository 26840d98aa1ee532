package com.neuronexus.streams.operators.ops;

import java.util.ArrayDeque;

/**
 * The seed system's rule as a comparison baseline: a sample is anomalous when it lies more than
 * {@code sigmas} standard deviations from the mean of the previous {@code window} samples. Consecutive
 * anomalous samples form one window (closed by the first normal sample), as generous to it as can be.
 */
public final class ZScoreBaselineDetector {
    private final int window;
    private final double sigmas;
    private final ArrayDeque<Double> recent = new ArrayDeque<>();
    private double sum;
    private double sumSquares;

    public ZScoreBaselineDetector(int window, double sigmas) {
        this.window = window;
        this.sigmas = sigmas;
    }

    /** True when the sample is anomalous; then learns it (the seed rule did not exclude anomalies). */
    public boolean update(double value) {
        boolean anomalous = false;
        int n = recent.size();
        if (n >= Math.min(window, 10)) {
            double mean = sum / n;
            double variance = Math.max(0, sumSquares / n - mean * mean);
            double std = Math.sqrt(variance);
            anomalous = Math.abs(value - mean) > sigmas * std && std > 0;
        }
        recent.addLast(value);
        sum += value;
        sumSquares += value * value;
        if (recent.size() > window) {
            double old = recent.removeFirst();
            sum -= old;
            sumSquares -= old * old;
        }
        return anomalous;
    }
}
