package com.neuronexus.streams.core.events;

import java.time.Instant;

/** {@code inventory.usage}: units of a SKU consumed. qty > 0. */
public record UsageEvent(String eventId, Instant ts, String sku, double qty, String site, Double unitCost)
        implements Event {
    @Override
    public String key() {
        return sku;
    }
}
