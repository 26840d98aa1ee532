package com.neuronexus.streams.operators.incidents;

import java.io.Serializable;

/**
 * Numbers of the health score and safe mode (DESIGN §5).
 *
 * @param intervalMs           one score per this much event time
 * @param gateMinDriftScore    deployment gate: drift score at least this (85)
 * @param gateMaxErrorRate     deployment gate: error rate at most this fraction (0.03)
 * @param safeModeOffGrade     safe mode turns off only at this grade or better ...
 * @param safeModeOffScores    ... for this many consecutive scores
 */
public record HealthRules(long intervalMs, double gateMinDriftScore, double gateMaxErrorRate,
        String safeModeOffGrade, int safeModeOffScores) implements Serializable {

    public static HealthRules defaults() {
        return new HealthRules(10_000L, 85.0, 0.03, "C", 3);
    }

    public HealthRules {
        if (intervalMs < 1 || safeModeOffScores < 1 || !safeModeOffGrade.matches("[A-D]")) {
            throw new IllegalArgumentException("bad health rules: interval " + intervalMs + ", off grade "
                    + safeModeOffGrade + ", off scores " + safeModeOffScores);
        }
    }

    /** The first tick at or after {@code ts}. */
    public long tickAtOrAfter(long ts) {
        return Math.floorDiv(ts + intervalMs - 1, intervalMs) * intervalMs;
    }

    /** The first tick at or after {@code ts} that a watermark at {@code watermark} has not fired yet. */
    public long firstUnfiredTick(long ts, long watermark) {
        return tickAtOrAfter(watermark == Long.MAX_VALUE ? ts : Math.max(ts, watermark + 1));
    }
}
