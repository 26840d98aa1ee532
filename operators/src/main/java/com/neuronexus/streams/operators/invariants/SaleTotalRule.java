package com.neuronexus.streams.operators.invariants;

import java.math.BigDecimal;

/** SALE_TOTAL_MATCHES_LINE_ITEMS: a sale's total equals the sum of its line totals, within the money tolerance. */
public final class SaleTotalRule {
    private SaleTotalRule() {}

    /** Only meaningful for a sale with a header (the caller checks completeness or the settle timeout). */
    public static Check check(SaleLedger sale, BigDecimal tolerance) {
        BigDecimal expected = sale.total();
        BigDecimal actual = sale.itemsTotal();
        return new Check(Invariant.SALE_TOTAL_MATCHES_LINE_ITEMS, sale.saleId(),
                !Money.equalWithin(expected, actual, tolerance),
                Money.text(expected), Money.text(actual), sale.eventIds(true, false));
    }
}
