package com.neuronexus.streams.operators.invariants;

import java.math.BigDecimal;
import java.util.List;

/** CREDIT_LIMIT_NOT_EXCEEDED: a customer's open balance (invoices − attributed payments) ≤ credit_limit. */
public final class CreditLimitRule {
    private CreditLimitRule() {}

    public static Check check(String customerId, BigDecimal creditLimit, BigDecimal invoiced, BigDecimal paid,
            BigDecimal tolerance, List<String> eventIds) {
        BigDecimal open = Money.orZero(invoiced).subtract(Money.orZero(paid));
        return new Check(Invariant.CREDIT_LIMIT_NOT_EXCEEDED, customerId,
                !Money.atMost(open, creditLimit, tolerance),
                "<= " + Money.text(creditLimit), Money.text(open), eventIds);
    }
}
