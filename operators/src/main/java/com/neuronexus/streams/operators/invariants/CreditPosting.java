package com.neuronexus.streams.operators.invariants;

import com.neuronexus.streams.core.events.Event;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One change to a customer's credit position, flowing into the per-customer credit check: a credit limit
 * (from CUSTOMER), an invoice (first occurrence of an invoice_no only, so duplicates are not double-counted),
 * or a payment attributed to the customer through its sale's customer_id.
 *
 * <p>{@code ts} is the event time the posting became known (a payment that arrived before its sale header is
 * attributed when the header is processed), so it never lies behind the watermark of the stream carrying it.
 */
public record CreditPosting(String eventId, Instant ts, String customerId, Kind kind, BigDecimal amount,
        String reference) implements Event {

    public enum Kind {
        LIMIT,
        INVOICE,
        PAYMENT
    }

    @Override
    public String key() {
        return customerId;
    }
}
