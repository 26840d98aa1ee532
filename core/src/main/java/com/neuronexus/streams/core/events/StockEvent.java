package com.neuronexus.streams.core.events;

import java.time.Instant;

/**
 * {@code inventory.stock}: COUNT carries the absolute on-hand quantity (≥ 0), ADJUSTMENT a signed delta,
 * the others a positive quantity.
 */
public record StockEvent(String eventId, Instant ts, String sku, StockMovementType type, double qty, String site)
        implements Event {
    @Override
    public String key() {
        return sku;
    }
}
