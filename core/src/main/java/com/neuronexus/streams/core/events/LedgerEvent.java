package com.neuronexus.streams.core.events;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * {@code ledger.events}: one flat record for all seven types; which fields are set depends on
 * {@link #type()} (DESIGN §3). Money is {@link BigDecimal}: compare with a tolerance, never with == on doubles.
 * Quantities are doubles (stock moves may be fractional units of measure).
 */
public record LedgerEvent(
        String eventId,
        Instant ts,
        LedgerEventType type,
        String saleId,
        String customerId,
        BigDecimal total,
        Integer lineCount,
        String status,
        Integer lineNo,
        String sku,
        Double qty,
        BigDecimal unitPrice,
        BigDecimal lineTotal,
        String paymentId,
        BigDecimal amount,
        String invoiceNo,
        BigDecimal creditLimit,
        String reason,
        Double onHand)
        implements Event {

    /** Message key by type: the entity the event is about. */
    @Override
    public String key() {
        return switch (type) {
            case SALE, SALE_ITEM -> saleId;
            case PAYMENT -> paymentId;
            case INVOICE -> invoiceNo;
            case CUSTOMER -> customerId;
            case STOCK_MOVE, STOCK_COUNT -> sku;
        };
    }
}
