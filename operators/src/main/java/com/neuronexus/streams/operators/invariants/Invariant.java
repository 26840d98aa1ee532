package com.neuronexus.streams.operators.invariants;

/** The seven business invariants of DESIGN §5, with the priority a violation is reported at. */
public enum Invariant {
    NO_NEGATIVE_STOCK("P1"),
    SALE_TOTAL_MATCHES_LINE_ITEMS("P1"),
    PAYMENT_SUM_MATCHES_SALE_TOTAL("P1"),
    NO_DUPLICATE_INVOICES("P1"),
    STOCK_MOVEMENT_BALANCE("P2"),
    CREDIT_LIMIT_NOT_EXCEEDED("P2"),
    NO_ORPHANED_SALE_ITEMS("P3");

    private final String priority;

    Invariant(String priority) {
        this.priority = priority;
    }

    public String priority() {
        return priority;
    }
}
