package com.neuronexus.streams.operators.invariants.flink;

import com.neuronexus.streams.core.events.LedgerEvent;
import com.neuronexus.streams.operators.invariants.CreditPosting;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends each ledger event to the invariant functions that need it: stock events by sku, sale events by
 * sale_id, invoices by invoice_no, and customer credit limits as credit postings. Events without the key
 * their function needs go nowhere (the validator already sent malformed ones to the DLQ).
 */
public final class LedgerRouter extends ProcessFunction<LedgerEvent, LedgerEvent> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<LedgerEvent> STOCK = new OutputTag<>("stock-events", TypeInformation.of(LedgerEvent.class));
    public static final OutputTag<LedgerEvent> SALES = new OutputTag<>("sale-events", TypeInformation.of(LedgerEvent.class));
    public static final OutputTag<LedgerEvent> INVOICES =
            new OutputTag<>("invoice-events", TypeInformation.of(LedgerEvent.class));
    public static final OutputTag<CreditPosting> LIMITS =
            new OutputTag<>("credit-limits", TypeInformation.of(CreditPosting.class));

    @Override
    public void processElement(LedgerEvent e, Context ctx, Collector<LedgerEvent> out) {
        if (e == null || e.type() == null) {
            return;
        }
        switch (e.type()) {
            case STOCK_COUNT, STOCK_MOVE -> {
                if (e.sku() != null) {
                    ctx.output(STOCK, e);
                }
            }
            case SALE, SALE_ITEM, PAYMENT -> {
                if (e.saleId() != null) {
                    ctx.output(SALES, e);
                }
            }
            case INVOICE -> {
                if (e.invoiceNo() != null) {
                    ctx.output(INVOICES, e);
                }
            }
            case CUSTOMER -> {
                if (e.customerId() != null && e.creditLimit() != null) {
                    ctx.output(LIMITS, new CreditPosting(e.eventId(), e.ts(), e.customerId(),
                            CreditPosting.Kind.LIMIT, e.creditLimit(), e.customerId()));
                }
            }
        }
    }
}
