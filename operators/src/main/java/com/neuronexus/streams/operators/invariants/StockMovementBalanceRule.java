package com.neuronexus.streams.operators.invariants;

import java.util.List;

/**
 * STOCK_MOVEMENT_BALANCE: a STOCK_COUNT equals the previous count plus the STOCK_MOVEs between them, so no
 * stock appeared or vanished without a recorded movement.
 */
public final class StockMovementBalanceRule {
    private StockMovementBalanceRule() {}

    public static Check check(String sku, double previousCount, double movesBetween, double counted,
            List<String> eventIds) {
        double expected = previousCount + movesBetween;
        return new Check(Invariant.STOCK_MOVEMENT_BALANCE, sku, Math.abs(expected - counted) > Money.QTY_EPSILON,
                Money.qty(expected), Money.qty(counted), eventIds);
    }
}
