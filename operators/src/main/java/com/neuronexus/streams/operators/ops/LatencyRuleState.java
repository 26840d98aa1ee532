package com.neuronexus.streams.operators.ops;

/** What {@link LatencyRules} remembers per (service, route): a few numbers. A POJO for Flink keyed state. */
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

    /** EWMA mean and variance of the mean latency of normal tumbling windows. */
    public double meanBaseline;
    public double meanVariance;
    public long meanWindows;
    public boolean meanFiring;

    public LatencyRuleState() {}
}
