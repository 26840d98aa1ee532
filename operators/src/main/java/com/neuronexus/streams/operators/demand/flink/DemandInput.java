package com.neuronexus.streams.operators.demand.flink;

import com.neuronexus.streams.core.events.ItemEvent;
import com.neuronexus.streams.core.events.StockEvent;
import com.neuronexus.streams.core.events.UsageEvent;
import java.util.Comparator;

/**
 * One input of the per-SKU demand operators: exactly one of usage, stock, item or abc is set. The union
 * lets one keyed operator see every stream of a SKU and order them itself: by event time, then kind
 * (item master first, so a decision sees the newest item data), then event id.
 */
public record DemandInput(
        String sku, long ts, int kindOrder, String eventId,
        UsageEvent usage, StockEvent stock, ItemEvent item, AbcAssignment abc) {

    public static final Comparator<DemandInput> EVENT_TIME_ORDER = Comparator.comparingLong(DemandInput::ts)
            .thenComparingInt(DemandInput::kindOrder)
            .thenComparing(DemandInput::eventId);

    public static DemandInput of(ItemEvent e) {
        return new DemandInput(e.sku(), e.ts().toEpochMilli(), 0, e.eventId(), null, null, e, null);
    }

    public static DemandInput of(AbcAssignment a) {
        return new DemandInput(a.sku(), a.ts().toEpochMilli(), 1, "abc", null, null, null, a);
    }

    public static DemandInput of(StockEvent e) {
        return new DemandInput(e.sku(), e.ts().toEpochMilli(), 2, e.eventId(), null, e, null, null);
    }

    public static DemandInput of(UsageEvent e) {
        return new DemandInput(e.sku(), e.ts().toEpochMilli(), 3, e.eventId(), e, null, null, null);
    }
}
