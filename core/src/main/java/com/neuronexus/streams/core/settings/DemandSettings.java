package com.neuronexus.streams.core.settings;

import java.util.List;

/** Settings of the demand capability (DemandJob): buckets, forecasting, accuracy, ABC and reorder policy. */
public final class DemandSettings {
    private DemandSettings() {}

    /** Bucket size demand is counted in; mirrors the operators' BucketSize (core cannot see it). */
    public enum Bucket { DAY, WEEK, MONTH }

    /** BEST: lowest rolling error wins; WEIGHTED: inverse-error weighted combination. */
    public enum Selection { BEST, WEIGHTED }

    public static final SettingKey<Bucket> BUCKET = SettingKey.enumValue(
            "demand.bucket", Bucket.class, Bucket.DAY, "Demand bucket: DAY, WEEK or MONTH (UTC calendar periods).");
    public static final SettingKey<Integer> HORIZON = SettingKey.integer(
            "demand.horizon", 28, "Forecast points per forecast, one per future bucket.");
    public static final SettingKey<Integer> MIN_HISTORY = SettingKey.integer(
            "demand.min-history", 12, "Closed buckets a SKU needs before its first forecast.");
    public static final SettingKey<Integer> HISTORY_WEEKS = SettingKey.integer(
            "demand.history-weeks", 104, "Weeks of bucket history kept per SKU (bounded state).");
    public static final SettingKey<Selection> SELECTION = SettingKey.enumValue(
            "demand.selection", Selection.class, Selection.BEST,
            "Model selection: BEST (lowest rolling out-of-sample error) or WEIGHTED (weights ∝ 1/(error+1), min 0.1).");
    public static final SettingKey<Double> ERROR_WINDOW_WEEKS = SettingKey.decimal(
            "demand.error-window-weeks", 8.0, "Weeks the rolling model-selection error mostly remembers.");
    public static final SettingKey<Double> ACCURACY_WINDOW_WEEKS = SettingKey.decimal(
            "demand.accuracy-window-weeks", 13.0, "Weeks the rolling accuracy figures (MAPE, WAPE, MASE, bias) mostly remember.");
    public static final SettingKey<Double> INTERVAL_LEVEL = SettingKey.decimal(
            "demand.interval-level", 0.95, "Coverage of the forecast interval (lower/upper).");
    public static final SettingKey<Double> DRIFT_P_VALUE = SettingKey.decimal(
            "demand.drift-p-value", 0.05, "Welch t-test p-value under which higher recent errors are drift.");
    public static final SettingKey<Double> HIGH_VARIANCE_FACTOR = SettingKey.decimal(
            "demand.high-variance-factor", 1.5, "An item is high-variance when its MAPE exceeds this multiple of the average.");
    public static final SettingKey<Double> DEFAULT_LEAD_TIME_DAYS = SettingKey.decimal(
            "demand.default-lead-time-days", 14.0, "Lead time for forecasts of SKUs without item master data.");
    public static final SettingKey<Double> ABC_A_SHARE = SettingKey.decimal(
            "demand.abc.a-share", 0.80, "Cumulative share of annual usage value that makes class A.");
    public static final SettingKey<Double> ABC_B_SHARE = SettingKey.decimal(
            "demand.abc.b-share", 0.95, "Cumulative share up to which class B runs; the rest is C.");
    public static final SettingKey<String> AUTO_APPROVE_CLASSES = SettingKey.string(
            "demand.auto-approve.classes", "C", "ABC classes whose reorders are auto-approved, comma-separated (empty: none).");
    public static final SettingKey<String> AUTO_APPROVE_PRIORITIES = SettingKey.string(
            "demand.auto-approve.priorities", "low,medium",
            "Priorities auto-approved when the order value is under demand.auto-approve.max-value.");
    public static final SettingKey<Double> AUTO_APPROVE_MAX_VALUE = SettingKey.decimal(
            "demand.auto-approve.max-value", 1000.0, "Largest order value (qty × unit cost) auto-approved by priority.");

    public static List<SettingKey<?>> keys() {
        return List.of(BUCKET, HORIZON, MIN_HISTORY, HISTORY_WEEKS, SELECTION, ERROR_WINDOW_WEEKS,
                ACCURACY_WINDOW_WEEKS, INTERVAL_LEVEL, DRIFT_P_VALUE, HIGH_VARIANCE_FACTOR, DEFAULT_LEAD_TIME_DAYS,
                ABC_A_SHARE, ABC_B_SHARE, AUTO_APPROVE_CLASSES, AUTO_APPROVE_PRIORITIES, AUTO_APPROVE_MAX_VALUE);
    }
}
