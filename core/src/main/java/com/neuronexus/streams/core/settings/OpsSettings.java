package com.neuronexus.streams.core.settings;

import java.util.List;

/** Settings of the ops capability: latency windows, the anomaly detector and the seed system's rules. */
public final class OpsSettings {
    private OpsSettings() {}

    public static final SettingKey<Integer> TUMBLING_SECONDS = SettingKey.integer("ops.window.tumbling-seconds", 10,
            "Size of the tumbling latency window per (service, route), seconds");
    public static final SettingKey<Integer> SLIDING_SECONDS = SettingKey.integer("ops.window.sliding-seconds", 60,
            "Size of the sliding latency window per (service, route), seconds");
    public static final SettingKey<Integer> SLIDE_SECONDS = SettingKey.integer("ops.window.slide-seconds", 10,
            "Slide of the sliding latency window, seconds");
    public static final SettingKey<Double> SKETCH_ACCURACY = SettingKey.decimal("ops.sketch.relative-accuracy", 0.01,
            "Relative accuracy of the DDSketch quantiles (0.01 = 1 %)");

    public static final SettingKey<Double> DETECTOR_OPEN_SCORE = SettingKey.decimal("ops.detector.open-score", 0.7,
            "Anomaly score at or above which an anomaly window opens");
    public static final SettingKey<Double> DETECTOR_CLOSE_SCORE = SettingKey.decimal("ops.detector.close-score", 0.4,
            "Anomaly score below which a sample counts towards closing the window");
    public static final SettingKey<Integer> DETECTOR_CLOSE_AFTER = SettingKey.integer("ops.detector.close-after", 3,
            "Consecutive samples below the close score that close an anomaly window");
    public static final SettingKey<Integer> DETECTOR_WARMUP = SettingKey.integer("ops.detector.warmup-samples", 12,
            "Samples a series needs before it is scored (scores are 0 until then)");
    public static final SettingKey<Double> DETECTOR_LEVEL_ALPHA = SettingKey.decimal("ops.detector.level-alpha", 0.05,
            "Per-sample smoothing of the robust level (larger adapts faster to drift)");
    public static final SettingKey<Boolean> DETECTOR_SEASONAL = SettingKey.bool("ops.detector.seasonal", true,
            "Learn an hour-of-day profile per series (daily seasonality)");

    public static final SettingKey<Double> RULE_ERROR_RATE = SettingKey.decimal("ops.rule.error-rate", 0.05,
            "Seed rule: error rate (status >= 500) above which ERROR_RATE_HIGH (P2) fires");
    public static final SettingKey<Integer> RULE_ERROR_MIN_REQUESTS = SettingKey.integer("ops.rule.error-min-requests", 20,
            "Seed rule: requests a window needs before the error-rate rule applies");
    public static final SettingKey<Boolean> RULE_ERROR_RATE_EARLY = SettingKey.bool("ops.rule.error-rate-early", true,
            "Seed rule: also raise ERROR_RATE_HIGH on the sliding window still filling, at the server error that tips it "
                    + "(within a second instead of at the window's end); only when ops.window.slide-seconds = ops.window.tumbling-seconds (the default)");
    public static final SettingKey<Double> RULE_P95_FACTOR = SettingKey.decimal("ops.rule.p95-factor", 2.0,
            "Seed rule: p95 above this multiple of its baseline is a regression (P2)");
    public static final SettingKey<Integer> RULE_P95_SUSTAIN_SECONDS = SettingKey.integer("ops.rule.p95-sustain-seconds", 60,
            "Seed rule: how long the p95 regression must last before P95_REGRESSION fires");
    public static final SettingKey<Double> RULE_MEAN_SIGMAS = SettingKey.decimal("ops.rule.mean-sigmas", 3.0,
            "Seed rule: recent mean latency above baseline + this many sigmas fires LATENCY_ANOMALY (P3)");
    public static final SettingKey<Integer> RULE_MEAN_MIN_REQUESTS = SettingKey.integer("ops.rule.mean-min-requests", 20,
            "Seed rule: the recent mean is judged over at least this many requests (windows with fewer are pooled with the next); the bar is baseline + sigmas x per-request sigma / sqrt(requests)");

    public static final SettingKey<Integer> SOURCE_MAX_DRIFT_MINUTES = SettingKey.integer("ops.source-max-drift-minutes", 360,
            "How far (event time) a Kafka reader of the ops inputs (a partition of either topic) may run ahead of the slowest before it is paused: bounds the route panes and metric samples waiting for the watermark while a backlog is read; a catch-up advances at most this much event time per 50 ms alignment update, so too small and the readers stop and go on a sparse workload");

    public static List<SettingKey<?>> keys() {
        return List.of(TUMBLING_SECONDS, SLIDING_SECONDS, SLIDE_SECONDS, SKETCH_ACCURACY,
                DETECTOR_OPEN_SCORE, DETECTOR_CLOSE_SCORE, DETECTOR_CLOSE_AFTER, DETECTOR_WARMUP,
                DETECTOR_LEVEL_ALPHA, DETECTOR_SEASONAL,
                RULE_ERROR_RATE, RULE_ERROR_MIN_REQUESTS, RULE_ERROR_RATE_EARLY, RULE_P95_FACTOR, RULE_P95_SUSTAIN_SECONDS, RULE_MEAN_SIGMAS,
                RULE_MEAN_MIN_REQUESTS, SOURCE_MAX_DRIFT_MINUTES);
    }
}
