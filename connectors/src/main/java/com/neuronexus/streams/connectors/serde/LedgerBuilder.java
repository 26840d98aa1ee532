package com.neuronexus.streams.connectors.serde;

import com.neuronexus.streams.core.events.LedgerEvent;
import com.neuronexus.streams.core.events.LedgerEventType;
import java.math.BigDecimal;
import java.time.Instant;

/** Fills the flat {@link LedgerEvent} record by name, since each type sets a different few of its fields. */
final class LedgerBuilder {
    private final String eventId;
    private final Instant ts;
    private final LedgerEventType type;
    private String saleId;
    private String customerId;
    private BigDecimal total;
    private Integer lineCount;
    private String status;
    private Integer lineNo;
    private String sku;
    private Double qty;
    private BigDecimal unitPrice;
    private BigDecimal lineTotal;
    private String paymentId;
    private BigDecimal amount;
    private String invoiceNo;
    private BigDecimal creditLimit;
    private String reason;
    private Double onHand;

    LedgerBuilder(String eventId, Instant ts, LedgerEventType type) {
        this.eventId = eventId;
        this.ts = ts;
        this.type = type;
    }

    LedgerBuilder saleId(String v) { saleId = v; return this; }
    LedgerBuilder customerId(String v) { customerId = v; return this; }
    LedgerBuilder total(BigDecimal v) { total = v; return this; }
    LedgerBuilder lineCount(int v) { lineCount = v; return this; }
    LedgerBuilder status(String v) { status = v; return this; }
    LedgerBuilder lineNo(int v) { lineNo = v; return this; }
    LedgerBuilder sku(String v) { sku = v; return this; }
    LedgerBuilder qty(double v) { qty = v; return this; }
    LedgerBuilder unitPrice(BigDecimal v) { unitPrice = v; return this; }
    LedgerBuilder lineTotal(BigDecimal v) { lineTotal = v; return this; }
    LedgerBuilder paymentId(String v) { paymentId = v; return this; }
    LedgerBuilder amount(BigDecimal v) { amount = v; return this; }
    LedgerBuilder invoiceNo(String v) { invoiceNo = v; return this; }
    LedgerBuilder creditLimit(BigDecimal v) { creditLimit = v; return this; }
    LedgerBuilder reason(String v) { reason = v; return this; }
    LedgerBuilder onHand(double v) { onHand = v; return this; }

    LedgerEvent build() {
        return new LedgerEvent(eventId, ts, type, saleId, customerId, total, lineCount, status, lineNo, sku, qty,
                unitPrice, lineTotal, paymentId, amount, invoiceNo, creditLimit, reason, onHand);
    }
}
