package com.neuronexus.streams.operators.demand;

/**
 * The reorder formulas of DESIGN §5, as pure functions.
 * <ul>
 *   <li>σ_LT = √(L·σ_d² + μ_d²·σ_L²) (the second term only when the lead-time std σ_L is known)</li>
 *   <li>SS = z·σ_LT; ROP = μ_d·L + SS; position = on_hand + on_order; reorder when position &lt; ROP</li>
 *   <li>order = max(ceil((4-week demand + SS − position)/lot)·lot, MOQ), and at least one lot</li>
 *   <li>days_until_stockout = (position − SS)/μ_d; priority urgent if &lt; L, high if &lt; 1.5·L, medium if
 *   reordering, else low</li>
 * </ul>
 */
public final class ReorderPolicy {
    private ReorderPolicy() {}

    public record Inputs(
            double avgDailyDemand,
            double stdDailyDemand,
            double leadTimeDays,
            Double leadTimeStdDays,
            double fourWeekDemand,
            double onHand,
            double onOrder,
            double z,
            double lotSize,
            double minOrderQty) {}

    public record Decision(
            double safetyStock,
            double reorderPoint,
            double stockPosition,
            boolean shouldReorder,
            double orderQty,
            String priority,
            Double daysUntilStockout) {}

    public static double leadTimeStd(double avgDaily, double stdDaily, double leadTimeDays, Double leadTimeStdDays) {
        double variance = leadTimeDays * stdDaily * stdDaily;
        if (leadTimeStdDays != null && leadTimeStdDays > 0) {
            variance += avgDaily * avgDaily * leadTimeStdDays * leadTimeStdDays;
        }
        return Math.sqrt(Math.max(0, variance));
    }

    public static Decision decide(Inputs in) {
        double lot = in.lotSize() > 0 ? in.lotSize() : 1.0;
        double safetyStock = in.z() * leadTimeStd(in.avgDailyDemand(), in.stdDailyDemand(), in.leadTimeDays(),
                in.leadTimeStdDays());
        double reorderPoint = in.avgDailyDemand() * in.leadTimeDays() + safetyStock;
        double position = in.onHand() + in.onOrder();
        boolean reorder = position < reorderPoint;
        double orderQty = 0;
        if (reorder) {
            double needed = in.fourWeekDemand() + safetyStock - position;
            // A tiny epsilon keeps 10.000000001 lots from becoming 11 through floating-point noise.
            double lots = Math.ceil(needed / lot - 1e-9);
            orderQty = Math.max(Math.max(lots * lot, in.minOrderQty()), lot);
        }
        Double daysUntilStockout = in.avgDailyDemand() > 0
                ? (position - safetyStock) / in.avgDailyDemand()
                : null;
        String priority;
        if (daysUntilStockout != null && daysUntilStockout < in.leadTimeDays()) {
            priority = "urgent";
        } else if (daysUntilStockout != null && daysUntilStockout < 1.5 * in.leadTimeDays()) {
            priority = "high";
        } else if (reorder) {
            priority = "medium";
        } else {
            priority = "low";
        }
        return new Decision(safetyStock, reorderPoint, position, reorder, orderQty, priority, daysUntilStockout);
    }
}
