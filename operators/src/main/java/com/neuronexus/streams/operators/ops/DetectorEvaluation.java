package com.neuronexus.streams.operators.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * Event-level scoring of a detector on a labelled series. A labelled anomaly is a maximal run of labelled
 * samples; it is detected when a predicted window overlaps it (or starts within {@code graceSamples} after
 * it). Precision = predicted windows that overlap some labelled anomaly / predicted windows; recall =
 * detected anomalies / labelled anomalies; delay = samples (and ms) from the anomaly's first sample to the
 * first sample of the first overlapping window.
 */
public final class DetectorEvaluation {
    private DetectorEvaluation() {}

    public record Result(int labelled, int predicted, int truePredicted, int detected, double precision,
            double recall, double meanDelaySamples, double meanDelayMillis, double maxDelayMillis) {

        public double f1() {
            return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "labelled=%d predicted=%d precision=%.3f recall=%.3f f1=%.3f delay=%.2f samples (mean %.0f ms, max %.0f ms)",
                    labelled, predicted, precision, recall, f1(), meanDelaySamples, meanDelayMillis, maxDelayMillis);
        }
    }

    /** Index ranges [start, end] inclusive of runs of true values. */
    public static List<int[]> runs(boolean[] flags) {
        List<int[]> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= flags.length; i++) {
            boolean on = i < flags.length && flags[i];
            if (on && start < 0) {
                start = i;
            } else if (!on && start >= 0) {
                out.add(new int[] {start, i - 1});
                start = -1;
            }
        }
        return out;
    }

    /**
     * @param ts sample timestamps (ms)
     * @param labels true where the generator injected an anomaly
     * @param predictedWindows predicted windows as sample index ranges [start, end] inclusive
     */
    public static Result evaluate(long[] ts, boolean[] labels, List<int[]> predictedWindows, int graceSamples) {
        List<int[]> truth = runs(labels);
        int truePredicted = 0;
        for (int[] p : predictedWindows) {
            for (int[] t : truth) {
                if (p[0] <= t[1] + graceSamples && p[1] >= t[0]) {
                    truePredicted++;
                    break;
                }
            }
        }
        int detected = 0;
        double delaySamples = 0;
        double delayMillis = 0;
        double maxDelay = 0;
        for (int[] t : truth) {
            for (int[] p : predictedWindows) {
                if (p[0] <= t[1] + graceSamples && p[1] >= t[0]) {
                    int first = Math.max(p[0], t[0]);
                    detected++;
                    delaySamples += first - t[0];
                    double ms = ts[first] - ts[t[0]];
                    delayMillis += ms;
                    maxDelay = Math.max(maxDelay, ms);
                    break;
                }
            }
        }
        double precision = predictedWindows.isEmpty() ? 1.0 : (double) truePredicted / predictedWindows.size();
        double recall = truth.isEmpty() ? 1.0 : (double) detected / truth.size();
        return new Result(truth.size(), predictedWindows.size(), truePredicted, detected, precision, recall,
                detected == 0 ? Double.NaN : delaySamples / detected, detected == 0 ? Double.NaN : delayMillis / detected,
                maxDelay);
    }

    /** Runs the robust detector over a series and returns its windows as sample index ranges. */
    public static List<int[]> robustWindows(DetectorConfig config, long[] ts, double[] values) {
        RobustAnomalyDetector detector = new RobustAnomalyDetector(config);
        SeriesState state = detector.newState();
        List<int[]> windows = new ArrayList<>();
        int openAt = -1;
        int lastHot = -1;
        for (int i = 0; i < values.length; i++) {
            RobustAnomalyDetector.Scored scored = detector.update(state, ts[i], values[i]);
            if (scored.transition() == RobustAnomalyDetector.Transition.OPENED) {
                openAt = i;
            }
            if (openAt >= 0 && scored.score() >= config.closeScore()) {
                lastHot = i;
            }
            if (scored.transition() == RobustAnomalyDetector.Transition.CLOSED) {
                windows.add(new int[] {openAt, Math.max(openAt, lastHot)});
                openAt = -1;
            }
        }
        if (openAt >= 0) {
            windows.add(new int[] {openAt, values.length - 1});
        }
        return windows;
    }

    /** Runs the rolling 3-sigma baseline and returns runs of anomalous samples as windows. */
    public static List<int[]> zScoreWindows(int window, double sigmas, double[] values) {
        ZScoreBaselineDetector baseline = new ZScoreBaselineDetector(window, sigmas);
        boolean[] flags = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            flags[i] = baseline.update(values[i]);
        }
        return runs(flags);
    }
}
