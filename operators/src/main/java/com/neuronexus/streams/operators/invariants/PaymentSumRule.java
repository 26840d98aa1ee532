package com.neuronexus.streams.operators.invariants;

import java.math.BigDecimal;

/**
 * PAYMENT_SUM_MATCHES_SALE_TOTAL: the payments referencing a sale add up to its total, within the money
 * tolerance. Under- and over-payment are both violations.
 */
public final class PaymentSumRule {
    private PaymentSumRule() {}

    public static Check check(SaleLedger sale, BigDecimal tolerance) {
        BigDecimal expected = sale.total();
        BigDecimal actual = sale.paymentsTotal();
        return new Check(Invariant.PAYMENT_SUM_MATCHES_SALE_TOTAL, sale.saleId(),
                !Money.equalWithin(expected, actual, tolerance),
                Money.text(expected), Money.text(actual), sale.eventIds(false, true));
    }
}
