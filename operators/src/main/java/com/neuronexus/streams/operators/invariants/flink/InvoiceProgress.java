package com.neuronexus.streams.operators.invariants.flink;

/** Bookkeeping of one invoice_no in {@link InvoiceInvariantsFunction}. A Flink POJO. */
public class InvoiceProgress {
    /** Event time at which the invoice number is forgotten (first occurrence + retention). */
    public long expireAt;
    /** INVOICE events with this number (distinct event ids). */
    public int occurrences;
    /** Their event ids, first first (bounded), also to recognise a redelivery after the dedup window. */
    public String[] eventIds = new String[0];
    public boolean violated;

    public InvoiceProgress() {}
}
