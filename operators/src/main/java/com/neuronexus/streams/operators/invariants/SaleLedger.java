package com.neuronexus.streams.operators.invariants;

import com.neuronexus.streams.core.events.LedgerEvent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the ledger knows about one sale: its header (the latest SALE event, may be absent when items or
 * payments came first), its line items (one per line_no) and its payments (one per payment_id).
 */
public record SaleLedger(String saleId, LedgerEvent header, List<LedgerEvent> items, List<LedgerEvent> payments) {

    private static final Comparator<LedgerEvent> BY_ID =
            Comparator.comparing(LedgerEvent::eventId, Comparator.nullsFirst(Comparator.naturalOrder()));

    /** Items and payments are kept sorted by event_id, so evidence lists are the same whatever the state order. */
    public SaleLedger {
        items = sorted(items);
        payments = sorted(payments);
    }

    private static List<LedgerEvent> sorted(List<LedgerEvent> events) {
        List<LedgerEvent> copy = new ArrayList<>(events);
        copy.sort(BY_ID);
        return List.copyOf(copy);
    }

    public boolean hasHeader() {
        return header != null;
    }

    /** CLOSED and all line_count lines arrived: the moment a sale is checked without waiting for the timeout. */
    public boolean isComplete() {
        return header != null
                && "CLOSED".equalsIgnoreCase(header.status())
                && header.lineCount() != null
                && items.size() >= header.lineCount();
    }

    public BigDecimal total() {
        return header == null ? BigDecimal.ZERO : Money.orZero(header.total());
    }

    /** Sum of line totals; a line without line_total counts qty × unit_price. */
    public BigDecimal itemsTotal() {
        BigDecimal sum = BigDecimal.ZERO;
        for (LedgerEvent item : items) {
            sum = sum.add(lineTotal(item));
        }
        return sum;
    }

    public BigDecimal paymentsTotal() {
        BigDecimal sum = BigDecimal.ZERO;
        for (LedgerEvent payment : payments) {
            sum = sum.add(Money.orZero(payment.amount()));
        }
        return sum;
    }

    /** One item's contribution to {@link #itemsTotal()}. */
    public static BigDecimal lineTotal(LedgerEvent item) {
        if (item.lineTotal() != null) {
            return item.lineTotal();
        }
        if (item.unitPrice() != null && item.qty() != null && Double.isFinite(item.qty())) {
            return item.unitPrice().multiply(BigDecimal.valueOf(item.qty()));
        }
        return BigDecimal.ZERO;
    }

    /** The header's id first, then items, then payments: the events a sale check involves. */
    public List<String> eventIds(boolean withItems, boolean withPayments) {
        List<String> ids = new ArrayList<>();
        if (header != null) {
            ids.add(header.eventId());
        }
        if (withItems) {
            items.forEach(e -> ids.add(e.eventId()));
        }
        if (withPayments) {
            payments.forEach(e -> ids.add(e.eventId()));
        }
        return ids;
    }
}
