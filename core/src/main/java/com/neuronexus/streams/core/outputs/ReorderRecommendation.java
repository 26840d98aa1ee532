package com.neuronexus.streams.core.outputs;

import java.time.Instant;

/**
 * {@code inventory.recommendations} / table {@code reorder_recommendations}, primary key
 * recommendation_id (derived from content). Emitted only on material change: should_reorder flips, the
 * priority changes, or order_qty moves by at least one lot. Figures are null while the recommendation
 * waits (no item master data or no demand yet); {@code reason} says why. {@code triggered_by} names the event
 * that caused the re-evaluation (USAGE, STOCK, ITEM, FORECAST, CLASS).
 */
public record ReorderRecommendation(
        String recommendationId,
        String sku,
        Instant asOf,
        String abcClass,
        Double serviceLevel,
        Double z,
        Double avgDailyDemand,
        Double stdDailyDemand,
        Double leadTimeDays,
        Double safetyStock,
        Double reorderPoint,
        double onHand,
        double onOrder,
        double stockPosition,
        boolean shouldReorder,
        double orderQty,
        String priority,
        Double daysUntilStockout,
        boolean autoApprove,
        String reason,
        String triggeredBy) {}
