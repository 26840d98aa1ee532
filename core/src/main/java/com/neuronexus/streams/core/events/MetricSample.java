package com.neuronexus.streams.core.events;

import java.time.Instant;

/** {@code ops.metrics}: one sample of any named numeric series. */
public record MetricSample(String eventId, Instant ts, String series, double value) implements Event {
    @Override
    public String key() {
        return series;
    }
}
