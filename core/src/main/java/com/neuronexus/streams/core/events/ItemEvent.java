package com.neuronexus.streams.core.events;

import java.time.Instant;

/** {@code inventory.items} (compacted): item master data. Optional fields are null when absent. */
public record ItemEvent(
        String eventId,
        Instant ts,
        String sku,
        String name,
        double unitCost,
        double leadTimeDays,
        Double leadTimeStdDays,
        Double minOrderQty,
        Double lotSize,
        String supplierId,
        boolean active,
        Double serviceLevel)
        implements Event {
    @Override
    public String key() {
        return sku;
    }
}
