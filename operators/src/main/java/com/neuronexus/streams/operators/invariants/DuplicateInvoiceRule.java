package com.neuronexus.streams.operators.invariants;

import java.util.List;

/**
 * NO_DUPLICATE_INVOICES: an invoice_no is issued once within the retention. A second INVOICE with the same
 * invoice_no and a different event_id is a duplicate (the same event_id twice is a redelivery, applied once
 * before this rule sees it).
 */
public final class DuplicateInvoiceRule {
    private DuplicateInvoiceRule() {}

    /** @param occurrences INVOICE events with this number within the retention, the new one included */
    public static Check check(String invoiceNo, int occurrences, List<String> eventIds) {
        return new Check(Invariant.NO_DUPLICATE_INVOICES, invoiceNo, occurrences > 1,
                "1 invoice", occurrences + " invoices", eventIds);
    }

    /** The check when the retention of an invoice number ends: nothing of it is left to duplicate. */
    public static Check expired(String invoiceNo, List<String> eventIds) {
        return new Check(Invariant.NO_DUPLICATE_INVOICES, invoiceNo, false, "1 invoice", "retention ended", eventIds);
    }
}
