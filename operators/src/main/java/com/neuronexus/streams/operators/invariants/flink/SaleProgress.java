package com.neuronexus.streams.operators.invariants.flink;

import java.math.BigDecimal;

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
    /**
     * Whether the sums below are kept. False in a progress restored from a savepoint taken before they existed
     * (the POJO serializer gives new fields their defaults): then they are rebuilt from the maps once.
     */
    public boolean sumsKept;
    /** Σ line totals of the items held: the SALE_TOTAL check reads no item unless it reports. */
    public BigDecimal itemsTotal;
    /** Distinct payments held. */
    public int paymentCount;
    /**
     * The keys of the items and payments held, so the sale's end removes them by key: a MapState.clear() on
     * RocksDB seeks and steps over the tombstones every finished sale of the key group left behind.
     */
    public String[] itemKeys;
    public String[] paymentKeys;
    /** Σ amounts of the payments held: the PAYMENT_SUM check reads no payment unless it reports. */
    public BigDecimal paymentsTotal;
    /** Whether SALE_TOTAL / PAYMENT_SUM have been checked (sale complete or settle timeout passed). */
    public boolean checked;
    /** Customer whose credit the sale's payments were posted to; null until a header names one. */
    public String attributedCustomer;
    public boolean totalViolated;
    public boolean paymentViolated;
    public boolean orphanViolated;

    public SaleProgress() {}
}
