package com.neuronexus.streams.core.outputs;

import java.time.Instant;

/**
 * {@code ops.latency-windows} / table {@code latency_windows}: request figures of one (service, route) over one
 * event-time window. Tumbling (10 s) and sliding (1 min, 10 s slide) windows share the table, so
 * {@code window_seconds} is part of the primary key (service, route, window_start, window_seconds).
 * Quantiles come from a DDSketch with 1 % relative accuracy, never from sorting raw values.
 */
public record LatencyWindow(
        String service,
        String route,
        Instant windowStart,
        Instant windowEnd,
        int windowSeconds,
        String windowKind,
        long requestCount,
        long serverErrors,
        long clientErrors,
        double errorRate,
        double requestRate,
        double meanMs,
        double p50Ms,
        double p95Ms,
        double p99Ms,
        double maxMs) implements com.neuronexus.streams.core.events.Event {

    /** Content id of the window, so a consumer (the health score) can read windows as events. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    @Override
    public String eventId() {
        return com.neuronexus.streams.core.ids.ContentIds.of("latency-window", service, route, windowStart, windowSeconds);
    }

    /** A window's event time is its end. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    @Override
    public Instant ts() {
        return windowEnd;
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    @Override
    public String key() {
        return service;
    }

    public static final String TUMBLING = "TUMBLING";
    public static final String SLIDING = "SLIDING";

    /** The series name under which a figure of this (service, route) is fed to the anomaly detector. */
    public static String seriesName(String figure, String service, String route) {
        return figure + ":" + service + ":" + route;
    }
}
