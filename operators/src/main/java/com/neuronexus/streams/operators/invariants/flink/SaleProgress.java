package com.neuronexus.streams.operators.invariants.flink;

/**
 * Bookkeeping of one sale in {@link SaleInvariantsFunction}: its deadlines and which invariants it currently
 * violates. A Flink POJO. Deadlines are event-time milliseconds, 0 when not set.
 */
public class SaleProgress {
    /** First event of the sale + settle timeout: checked then if it has not been already. */
    public long settleAt;
    /** First event + 2 × settle timeout: the sale's state is dropped. */
    public long cleanupAt;
    /** First headerless item + orphan timeout; 0 when not armed. */
    public long orphanAt;
    /** Distinct line items held (MapState has no size). */
    public int itemCount;
    /** Whether SALE_TOTAL / PAYMENT_SUM have been checked (sale complete or settle timeout passed). */
    public boolean checked;
    /** Customer whose credit the sale's payments were posted to; null until a header names one. */
    public String attributedCustomer;
    public boolean totalViolated;
    public boolean paymentViolated;
    public boolean orphanViolated;

    public SaleProgress() {}
}
