package com.neuronexus.streams.operators.invariants;

import com.neuronexus.streams.core.events.LedgerEvent;
import com.neuronexus.streams.core.events.LedgerEventType;
import java.math.BigDecimal;
import java.time.Instant;

/** Builders for ledger events in tests; {@code t} is event time in seconds after an arbitrary epoch. */
public final class LedgerEvents {
    public static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private LedgerEvents() {}

    public static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    public static long ms(long seconds) {
        return at(seconds).toEpochMilli();
    }

    private static LedgerEvent event(String id, long t, LedgerEventType type) {
        return new LedgerEvent(id, at(t), type, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    public static LedgerEvent count(String id, long t, String sku, double onHand) {
        return new LedgerEvent(id, at(t), LedgerEventType.STOCK_COUNT, null, null, null, null, null, null, sku, null,
                null, null, null, null, null, null, null, onHand);
    }

    public static LedgerEvent move(String id, long t, String sku, double qty) {
        return new LedgerEvent(id, at(t), LedgerEventType.STOCK_MOVE, null, null, null, null, null, null, sku, qty,
                null, null, null, null, null, null, "SALE", null);
    }

    public static LedgerEvent sale(String id, long t, String saleId, String customerId, String total, int lines,
            String status) {
        return new LedgerEvent(id, at(t), LedgerEventType.SALE, saleId, customerId, new BigDecimal(total), lines,
                status, null, null, null, null, null, null, null, null, null, null, null);
    }

    public static LedgerEvent item(String id, long t, String saleId, int lineNo, String lineTotal) {
        return new LedgerEvent(id, at(t), LedgerEventType.SALE_ITEM, saleId, null, null, null, null, lineNo,
                "SKU-" + lineNo, 1.0, new BigDecimal(lineTotal), new BigDecimal(lineTotal), null, null, null, null,
                null, null);
    }

    public static LedgerEvent payment(String id, long t, String saleId, String paymentId, String amount) {
        return new LedgerEvent(id, at(t), LedgerEventType.PAYMENT, saleId, null, null, null, null, null, null, null,
                null, null, paymentId, new BigDecimal(amount), null, null, null, null);
    }

    public static LedgerEvent invoice(String id, long t, String invoiceNo, String customerId, String amount) {
        return new LedgerEvent(id, at(t), LedgerEventType.INVOICE, null, customerId, null, null, null, null, null,
                null, null, null, null, new BigDecimal(amount), invoiceNo, null, null, null);
    }

    public static LedgerEvent customer(String id, long t, String customerId, String creditLimit) {
        return new LedgerEvent(id, at(t), LedgerEventType.CUSTOMER, null, customerId, null, null, null, null, null,
                null, null, null, null, null, null, new BigDecimal(creditLimit), null, null);
    }
}
