package com.neuronexus.streams.operators.ops;

import java.io.Serializable;

/**
 * Knobs of {@link RobustAnomalyDetector}. The defaults are meant to work for any series without tuning:
 * everything is measured in units of the series' own robust scale.
 *
 * @param warmup samples before a series is scored; its level and scale start as median and MAD of these
 * @param levelAlpha per-sample weight of the robust level (EWMA of Huber-clipped residuals)
 * @param scaleAlpha per-sample weight of the robust scale (EWMA of clipped absolute residuals)
 * @param clip residuals are clipped at this many scales before they update level and scale (spikes barely move them)
 * @param halfScoreZ robust z at which the score is 0.5: score = z² / (z² + halfScoreZ²)
 * @param openScore score at or above which an anomaly window opens (and learning pauses)
 * @param closeScore score below which a sample counts towards closing an open window
 * @param closeAfter consecutive samples below closeScore that close the window (hysteresis)
 * @param shiftRun consecutive anomalous samples on one side after which the detector accepts a level shift
 * @param seasonal learn an hour-of-day profile (daily seasonality)
 * @param seasonalAlpha weight of a sample in its hour-of-day bucket
 * @param seasonalMinDays visits of an hour bucket before the profile is used for that hour
 */
public record DetectorConfig(
        int warmup,
        double levelAlpha,
        double scaleAlpha,
        double clip,
        double halfScoreZ,
        double openScore,
        double closeScore,
        int closeAfter,
        int shiftRun,
        boolean seasonal,
        double seasonalAlpha,
        int seasonalMinDays) implements Serializable {

    public static final int HOURS = 24;

    public DetectorConfig {
        if (warmup < 3 || shiftRun < 2 || closeAfter < 1) {
            throw new IllegalArgumentException("warmup >= 3, shiftRun >= 2, closeAfter >= 1 required");
        }
        if (!(closeScore <= openScore) || openScore <= 0 || openScore > 1) {
            throw new IllegalArgumentException("need 0 < closeScore <= openScore <= 1");
        }
    }

    public static DetectorConfig defaults() {
        return new DetectorConfig(12, 0.05, 0.05, 3.0, 3.0, 0.7, 0.4, 3, 20, true, 0.2, 2);
    }

    public DetectorConfig withHysteresis(double open, double close, int after) {
        return new DetectorConfig(warmup, levelAlpha, scaleAlpha, clip, halfScoreZ, open, close, after, shiftRun,
                seasonal, seasonalAlpha, seasonalMinDays);
    }

    public DetectorConfig withWarmup(int samples) {
        return new DetectorConfig(samples, levelAlpha, scaleAlpha, clip, halfScoreZ, openScore, closeScore, closeAfter,
                shiftRun, seasonal, seasonalAlpha, seasonalMinDays);
    }

    public DetectorConfig withLevelAlpha(double alpha) {
        return new DetectorConfig(warmup, alpha, scaleAlpha, clip, halfScoreZ, openScore, closeScore, closeAfter,
                shiftRun, seasonal, seasonalAlpha, seasonalMinDays);
    }

    public DetectorConfig withSeasonal(boolean on) {
        return new DetectorConfig(warmup, levelAlpha, scaleAlpha, clip, halfScoreZ, openScore, closeScore, closeAfter,
                shiftRun, on, seasonalAlpha, seasonalMinDays);
    }

    /** Raw values the state remembers: enough for the warm-up and for re-anchoring after a level shift. */
    public int recentSize() {
        return Math.max(warmup, shiftRun);
    }
}
