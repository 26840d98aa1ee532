package com.neuronexus.streams.operators.demand;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plain values the demand operators need (the job fills it from DemandSettings). Window lengths are in
 * weeks and converted to buckets here, so the same setting means the same thing for DAY, WEEK and MONTH.
 */
public record DemandConfig(
        BucketSize bucket,
        int horizon,
        int minHistory,
        int historyWeeks,
        SelectionMode selection,
        double errorWindowWeeks,
        double accuracyWindowWeeks,
        double intervalLevel,
        double driftPValue,
        double highVarianceFactor,
        double defaultLeadTimeDays,
        double abcAShare,
        double abcBShare,
        String autoApproveClasses,
        String autoApprovePriorities,
        double autoApproveMaxValue)
        implements Serializable {

    public DemandConfig {
        if (horizon < 1 || minHistory < 1 || historyWeeks < 1) {
            throw new IllegalArgumentException("demand horizon, min-history and history-weeks must be positive");
        }
        if (!(intervalLevel > 0 && intervalLevel < 1)) {
            throw new IllegalArgumentException("demand.interval-level must be in (0,1): " + intervalLevel);
        }
    }

    public static DemandConfig defaults() {
        return new DemandConfig(BucketSize.DAY, 28, 12, 104, SelectionMode.BEST, 8, 13, 0.95, 0.05, 1.5, 14,
                0.80, 0.95, "C", "low,medium", 1000);
    }

    public DemandConfig withBucket(BucketSize newBucket, int newHorizon) {
        return new DemandConfig(newBucket, newHorizon, minHistory, historyWeeks, selection, errorWindowWeeks,
                accuracyWindowWeeks, intervalLevel, driftPValue, highVarianceFactor, defaultLeadTimeDays, abcAShare,
                abcBShare, autoApproveClasses, autoApprovePriorities, autoApproveMaxValue);
    }

    public DemandConfig withSelection(SelectionMode mode) {
        return new DemandConfig(bucket, horizon, minHistory, historyWeeks, mode, errorWindowWeeks,
                accuracyWindowWeeks, intervalLevel, driftPValue, highVarianceFactor, defaultLeadTimeDays, abcAShare,
                abcBShare, autoApproveClasses, autoApprovePriorities, autoApproveMaxValue);
    }

    public int historyBuckets() {
        return bucket.bucketsFor(historyWeeks);
    }

    public int errorWindowBuckets() {
        return bucket.bucketsFor(errorWindowWeeks);
    }

    public int accuracyWindowBuckets() {
        return bucket.bucketsFor(accuracyWindowWeeks);
    }

    /** Drift test: the last 4 weeks against weeks 5–16. */
    public int driftRecentBuckets() {
        return bucket.bucketsFor(4);
    }

    public int driftTotalBuckets() {
        return bucket.bucketsFor(16);
    }

    public Set<String> autoApproveClassSet() {
        return split(autoApproveClasses, true);
    }

    public Set<String> autoApprovePrioritySet() {
        return split(autoApprovePriorities, false);
    }

    private static Set<String> split(String list, boolean upper) {
        Set<String> out = new TreeSet<>();
        if (list == null) {
            return out;
        }
        Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> upper ? s.toUpperCase(Locale.ROOT) : s.toLowerCase(Locale.ROOT))
                .forEach(out::add);
        return out;
    }
}
