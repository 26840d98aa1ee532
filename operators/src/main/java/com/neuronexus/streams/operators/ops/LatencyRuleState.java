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
    /**
     * End (ms) of the last filling window found breaching at a server error; Long.MIN_VALUE before the first.
     * The early rule keeps its own episodes on this alone, decided by the requests in their arrival order and
     * never by the complete windows the watermark happens to have closed by then (that differs between runs).
     */
    public long earlyBreachEnd = Long.MIN_VALUE;
    /**
     * Ends (ms, ascending) of the filling windows that raised early and that no complete window has reached yet.
     * The complete window ending there takes each over as firing without a signal of its own (the early one was
     * that signal), so it clears it like any other raise and does not raise it again.
     */
    public long[] earlyRaisedEnds = new long[0];
    /**
     * End (ms) of the last complete sliding window, and whether it breached the error-rate threshold: the early
     * rule asks whether the window before the filling one breached, and once that one is complete its panes may
     * be gone. Long.MIN_VALUE before the first.
     */
    public long lastSlidingEnd = Long.MIN_VALUE;
    public boolean lastSlidingBreached;

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
    public int bytes() {
        return 1 + 11 * 8 + 4 + 8 * earlyRaisedEnds.length;
    }

    public void write(java.nio.ByteBuffer out) {
        out.put((byte) ((errorFiring ? 1 : 0) | (p95Firing ? 2 : 0) | (meanFiring ? 4 : 0) | (lastSlidingBreached ? 8 : 0)));
        out.putDouble(p95Baseline);
        out.putLong(p95Windows);
        out.putLong(p95BreachStart);
        out.putDouble(meanBaseline);
        out.putDouble(meanVariance);
        out.putLong(meanWindows);
        out.putLong(errorRaisedWindowEnd);
        out.putLong(meanPoolRequests);
        out.putDouble(meanPoolSumMs);
        out.putLong(earlyBreachEnd);
        out.putLong(lastSlidingEnd);
        out.putInt(earlyRaisedEnds.length);
        for (long end : earlyRaisedEnds) {
            out.putLong(end);
        }
    }

    public static LatencyRuleState read(java.nio.ByteBuffer in) {
        LatencyRuleState s = new LatencyRuleState();
        byte flags = in.get();
        s.errorFiring = (flags & 1) != 0;
        s.p95Firing = (flags & 2) != 0;
        s.meanFiring = (flags & 4) != 0;
        s.lastSlidingBreached = (flags & 8) != 0;
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
        if (in.remaining() >= 20) {
            // Written before the early rule kept its own episodes (session 9): none yet.
            s.earlyBreachEnd = in.getLong();
            s.lastSlidingEnd = in.getLong();
            s.earlyRaisedEnds = new long[in.getInt()];
            for (int i = 0; i < s.earlyRaisedEnds.length; i++) {
                s.earlyRaisedEnds[i] = in.getLong();
            }
        }
        return s;
    }
}
