package com.neuronexus.streams.operators.invariants.flink;

import com.neuronexus.streams.core.events.LedgerEvent;
import com.neuronexus.streams.core.events.LedgerEventType;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.outputs.LedgerCorrection;
import com.neuronexus.streams.operators.invariants.Check;
import com.neuronexus.streams.operators.invariants.CheckOutcome;
import com.neuronexus.streams.operators.invariants.CreditPosting;
import com.neuronexus.streams.operators.invariants.InvariantConfig;
import com.neuronexus.streams.operators.invariants.OrphanedSaleItemRule;
import com.neuronexus.streams.operators.invariants.PaymentSumRule;
import com.neuronexus.streams.operators.invariants.SaleLedger;
import com.neuronexus.streams.operators.invariants.SaleTotalRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

/**
 * Keyed by sale_id; SALE, SALE_ITEM and PAYMENT events (in any arrival order):
 * <ul>
 *   <li>SALE_TOTAL_MATCHES_LINE_ITEMS and PAYMENT_SUM_MATCHES_SALE_TOTAL, checked the moment the sale is
 *       CLOSED with all line_count lines, or at the settle timeout; re-checked on every later event of the sale
 *       (a late payment clears an under-payment);</li>
 *   <li>NO_ORPHANED_SALE_ITEMS: items without a header at the orphan timeout yield a violation and one delete
 *       command per item; a header arriving later clears it;</li>
 *   <li>payment attribution for the credit check: a payment counts for the customer_id of its sale's header,
 *       posted once both are known (cash sales without customer_id post nothing).</li>
 * </ul>
 * All state of a sale is dropped two settle timeouts after its first event, so finished sales leave nothing.
 */
public class SaleInvariantsFunction extends InvariantFunction<LedgerEvent> {
    private static final long serialVersionUID = 1L;

    /** The latest SALE header (in event-time order). */
    private transient ValueState<LedgerEvent> header;
    /** Line items by line_no (an item without line_no by its event_id). */
    private transient MapState<String, LedgerEvent> items;
    /** Payments by payment_id (without one, by event_id). */
    private transient MapState<String, LedgerEvent> payments;
    /** Deadlines, counts and current violation flags. */
    private transient ValueState<SaleProgress> progress;

    public SaleInvariantsFunction(InvariantConfig config) {
        super(LedgerEvent.class, config, false);
    }

    @Override
    protected void openState() {
        TypeInformation<LedgerEvent> eventType = TypeInformation.of(LedgerEvent.class);
        header = getRuntimeContext().getState(new ValueStateDescriptor<>("sale-header", eventType));
        items = getRuntimeContext().getMapState(new MapStateDescriptor<>("sale-items", Types.STRING, eventType));
        payments = getRuntimeContext().getMapState(new MapStateDescriptor<>("sale-payments", Types.STRING, eventType));
        progress = getRuntimeContext().getState(
                new ValueStateDescriptor<>("sale-progress", TypeInformation.of(SaleProgress.class)));
    }

    @Override
    protected void apply(LedgerEvent event, long ts, Context ctx, Collector<Signal> out) throws Exception {
        SaleProgress p = progress.value();
        if (p == null) {
            p = new SaleProgress();
            p.settleAt = ts + config.settleTimeoutMs();
            p.cleanupAt = ts + 2 * config.settleTimeoutMs();
            ctx.timerService().registerEventTimeTimer(p.settleAt);
            ctx.timerService().registerEventTimeTimer(p.cleanupAt);
        }
        if (event.type() == LedgerEventType.SALE) {
            header.update(event);
            if (p.attributedCustomer == null && event.customerId() != null) {
                p.attributedCustomer = event.customerId();
                for (LedgerEvent payment : payments.values()) {
                    post(payment, p.attributedCustomer, ts, ctx);
                }
            }
            if (p.orphanViolated) {
                Check orphan = OrphanedSaleItemRule.check(ledger(event.saleId()));
                report(orphan, true, ts, ctx, out);
                p.orphanViolated = orphan.violated();
            }
        } else if (event.type() == LedgerEventType.SALE_ITEM) {
            String key = event.lineNo() != null ? "line:" + event.lineNo() : "event:" + event.eventId();
            if (!items.contains(key)) {
                p.itemCount++;
            }
            items.put(key, event);
            if (header.value() == null) {
                if (p.orphanAt == 0) {
                    p.orphanAt = ts + config.orphanTimeoutMs();
                    ctx.timerService().registerEventTimeTimer(p.orphanAt);
                } else if (p.orphanViolated) {
                    // Already reported: this item is orphaned as well.
                    report(OrphanedSaleItemRule.check(ledger(event.saleId())), true, ts, ctx, out);
                    ctx.output(InvariantOutputs.CORRECTIONS,
                            OrphanedSaleItemRule.correction(event, Instant.ofEpochMilli(ts)));
                }
            }
        } else if (event.type() == LedgerEventType.PAYMENT) {
            String key = event.paymentId() != null ? "payment:" + event.paymentId() : "event:" + event.eventId();
            boolean isNew = !payments.contains(key);
            payments.put(key, event);
            if (isNew && p.attributedCustomer != null) {
                post(event, p.attributedCustomer, ts, ctx);
            }
        }
        progress.update(p);
    }

    /** Totals are checked after all events of the instant are in: a CLOSED header and its payment may share a ts. */
    @Override
    protected void afterApply(long ts, Context ctx, Collector<Signal> out) throws Exception {
        SaleProgress p = progress.value();
        LedgerEvent h = header.value();
        if (p == null || h == null) {
            return;
        }
        // Cheap completeness test first: reading every item and payment is only worth it for a check.
        boolean mayBeComplete = "CLOSED".equalsIgnoreCase(h.status()) && h.lineCount() != null
                && p.itemCount >= h.lineCount();
        if (p.checked || mayBeComplete) {
            SaleLedger sale = ledger(ctx.getCurrentKey());
            if (p.checked || sale.isComplete()) {
                checkSale(sale, p, ts, ctx, out);
                progress.update(p);
            }
        }
    }

    @Override
    protected void onEventTime(long ts, OnTimerContext ctx, Collector<Signal> out) throws Exception {
        SaleProgress p = progress.value();
        if (p == null) {
            return;
        }
        String saleId = ctx.getCurrentKey();
        if (ts == p.orphanAt && header.value() == null) {
            SaleLedger sale = ledger(saleId);
            Check orphan = OrphanedSaleItemRule.check(sale);
            report(orphan, p.orphanViolated, ts, ctx, out);
            if (orphan.violated() && !p.orphanViolated) {
                for (LedgerCorrection correction : OrphanedSaleItemRule.corrections(sale, Instant.ofEpochMilli(ts))) {
                    ctx.output(InvariantOutputs.CORRECTIONS, correction);
                }
            }
            p.orphanViolated = orphan.violated();
        }
        if (ts == p.settleAt && !p.checked && header.value() != null) {
            checkSale(ledger(saleId), p, ts, ctx, out);
        }
        if (ts == p.cleanupAt) {
            header.clear();
            items.clear();
            payments.clear();
            progress.clear();
            forgetSeen(ctx);
            return;
        }
        progress.update(p);
    }

    private void checkSale(SaleLedger sale, SaleProgress p, long ts, Context ctx, Collector<Signal> out)
            throws Exception {
        Check total = SaleTotalRule.check(sale, config.moneyTolerance());
        report(total, p.totalViolated, ts, ctx, out);
        p.totalViolated = total.violated();
        Check payment = PaymentSumRule.check(sale, config.moneyTolerance());
        report(payment, p.paymentViolated, ts, ctx, out);
        p.paymentViolated = payment.violated();
        if (!p.checked && !sale.items().isEmpty()) {
            // For the drift score: a sale with items and its header is an entity that keeps this invariant.
            ctx.output(InvariantOutputs.OUTCOMES, CheckOutcome.of(OrphanedSaleItemRule.check(sale),
                    Instant.ofEpochMilli(ts)));
        }
        p.checked = true;
    }

    private void post(LedgerEvent payment, String customerId, long ts, Context ctx) {
        ctx.output(InvariantOutputs.POSTINGS, new CreditPosting(payment.eventId(), Instant.ofEpochMilli(ts), customerId,
                CreditPosting.Kind.PAYMENT, payment.amount(), payment.saleId()));
    }

    private SaleLedger ledger(String saleId) throws Exception {
        List<LedgerEvent> itemList = new ArrayList<>();
        items.values().forEach(itemList::add);
        List<LedgerEvent> paymentList = new ArrayList<>();
        payments.values().forEach(paymentList::add);
        return new SaleLedger(saleId, header.value(), itemList, paymentList);
    }
}
