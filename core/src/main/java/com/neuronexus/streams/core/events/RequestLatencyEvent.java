package com.neuronexus.streams.core.events;

import java.time.Instant;

/** {@code ops.request-latency}: one served request. */
public record RequestLatencyEvent(
        String eventId, Instant ts, String service, String route, String method, int status, double latencyMs)
        implements Event {
    @Override
    public String key() {
        return service;
    }

    public boolean isServerError() {
        return status >= 500;
    }

    public boolean isClientError() {
        return status >= 400 && status < 500;
    }
}
