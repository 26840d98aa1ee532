package com.neuronexus.streams.operators.ops;

/**
 * Everything {@link RobustAnomalyDetector} remembers about one series: a fixed number of numbers whatever the
 * series' length (about 0.7 KB with the defaults, see {@code SeriesStateSizeTest}). A plain mutable POJO (public
 * fields, no-arg constructor) so Flink keeps it in keyed state with its POJO serializer, without Kryo.
 */
public class SeriesState {
    /** Samples seen (scored or not). */
    public long samples;
    /** Robust level of the de-seasonalised series. */
    public double level;
    /** Robust scale (≈ standard deviation of normal noise around level + profile). */
    public double scale;
    /**
     * Tracked 99th percentile of |residual| / scale (2.576 for normal noise, higher for heavy tails); z is
     * divided by max(1, tail / 2.576) so heavy-tailed series are not flagged for their ordinary outliers.
     */
    public double tail;
    /** Hour-of-day offsets from the level (daily profile); null until the first sample. */
    public double[] seasonal;
    /** How many samples each hour bucket has seen. */
    public int[] seasonalVisits;
    /** Day (epoch day) of the last visit of each hour bucket, to count days rather than samples. */
    public long[] seasonalLastDay;
    /** Days each hour bucket has been visited on. */
    public int[] seasonalDays;
    /** Ring of the last de-seasonalised values (warm-up and level-shift re-anchoring). */
    public double[] recent;
    /** Next write position in {@link #recent}. */
    public int recentPos;
    /** Consecutive anomalous samples on one side: positive above, negative below the baseline. */
    public int sideRun;

    /** Whether an anomaly window is open. */
    public boolean open;
    public long windowStart;
    /** Timestamp of the last sample at or above the close score in the open window. */
    public long lastHotTs;
    /** Samples at or above the close score in the open window. */
    public int hotSamples;
    public int belowRun;
    public double peakScore;
    public long peakTs;
    public double peakValue;
    public double peakExpected;

    public SeriesState() {}
}
