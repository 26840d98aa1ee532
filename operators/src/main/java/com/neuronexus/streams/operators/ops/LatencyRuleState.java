package com.neuronexus.streams.operators.ops;

/**
 * What {@link LatencyRules} remembers per (service, route): a few numbers. A POJO for Flink keyed state, and
 * also written field by field ({@link #write}) where it is kept inside another value; every field must be
 * written there ({@code LatencyRuleStateTest} checks each one, found by reflection).
 */
public class LatencyRuleState {
    /** ERROR_RATE_HIGH is currently observed. */
    public boolean errorFiring;
    /**
     * End (ms) of the filling window that raised ERROR_RATE_HIGH early; only a complete window ending after it
     * clears the signal. Long.MIN_VALUE when it was raised by a complete window.
     */
    public long errorRaisedWindowEnd = Long.MIN_VALUE;

    /** EWMA of the p95 of normal tumbling windows, and how many windows fed it. */
    public double p95Baseline;
    public long p95Windows;
    /** Start (ms) of the current run of regressed windows; -1 when none. */
    public long p95BreachStart = -1;
    public boolean p95Firing;

    /**
     * EWMA of the mean latency of normal pools of requests, EWMA of the per-request variance, and how many
     * pools fed them (see LatencyRules#mean).
     */
    public double meanBaseline;
    public double meanVariance;
    public long meanWindows;
    public boolean meanFiring;
    /** Requests, and their latency sum (ms), of the windows pooled so far that hold too few requests yet. */
    public long meanPoolRequests;
    public double meanPoolSumMs;

    public LatencyRuleState() {}

    /** Bytes {@link #write} puts. */
    public static final int BYTES = 1 + 9 * 8;

    public void write(java.nio.ByteBuffer out) {
        out.put((byte) ((errorFiring ? 1 : 0) | (p95Firing ? 2 : 0) | (meanFiring ? 4 : 0)));
        out.putDouble(p95Baseline);
        out.putLong(p95Windows);
        out.putLong(p95BreachStart);
        out.putDouble(meanBaseline);
        out.putDouble(meanVariance);
        out.putLong(meanWindows);
        out.putLong(errorRaisedWindowEnd);
        out.putLong(meanPoolRequests);
        out.putDouble(meanPoolSumMs);
    }

    public static LatencyRuleState read(java.nio.ByteBuffer in) {
        LatencyRuleState s = new LatencyRuleState();
        byte flags = in.get();
        s.errorFiring = (flags & 1) != 0;
        s.p95Firing = (flags & 2) != 0;
        s.meanFiring = (flags & 4) != 0;
        s.p95Baseline = in.getDouble();
        s.p95Windows = in.getLong();
        s.p95BreachStart = in.getLong();
        s.meanBaseline = in.getDouble();
        s.meanVariance = in.getDouble();
        s.meanWindows = in.getLong();
        s.errorRaisedWindowEnd = in.getLong();
        if (in.remaining() >= 16) {
            // Written before the mean rule pooled windows (session 3's route memory ends with this state): an
            // empty pool.
            s.meanPoolRequests = in.getLong();
            s.meanPoolSumMs = in.getDouble();
        }
        return s;
    }
}
