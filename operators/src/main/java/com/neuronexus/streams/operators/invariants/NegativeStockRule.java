package com.neuronexus.streams.operators.invariants;

import java.util.List;

/** NO_NEGATIVE_STOCK: a SKU's running balance (last STOCK_COUNT plus the STOCK_MOVEs after it) is never below 0. */
public final class NegativeStockRule {
    private NegativeStockRule() {}

    public static Check check(String sku, double balance, List<String> eventIds) {
        return new Check(Invariant.NO_NEGATIVE_STOCK, sku, balance < -Money.QTY_EPSILON,
                ">= 0", Money.qty(balance), eventIds);
    }
}
