package com.neuronexus.streams.operators.invariants.flink;

import com.neuronexus.streams.operators.state.CachedValueState;
import com.neuronexus.streams.core.events.LedgerEvent;
import com.neuronexus.streams.core.events.LedgerEventType;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.outputs.LedgerCorrection;
import com.neuronexus.streams.operators.invariants.Check;
import com.neuronexus.streams.operators.invariants.CheckOutcome;
import com.neuronexus.streams.operators.invariants.CreditPosting;
import com.neuronexus.streams.operators.invariants.Invariant;
import com.neuronexus.streams.operators.invariants.InvariantConfig;
import com.neuronexus.streams.operators.invariants.Money;
import com.neuronexus.streams.operators.invariants.OrphanedSaleItemRule;
import com.neuronexus.streams.operators.invariants.PaymentSumRule;
import com.neuronexus.streams.operators.invariants.SaleLedger;
import com.neuronexus.streams.operators.invariants.SaleTotalRule;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
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
    private transient CachedValueState<String, LedgerEvent> header;
    /** Line items by line_no (an item without line_no by its event_id). */
    private transient MapState<String, LedgerEvent> items;
    /** Payments by payment_id (without one, by event_id). */
    private transient MapState<String, LedgerEvent> payments;
    /** Deadlines, counts, sums of the items and payments held, and current violation flags. */
    private transient CachedValueState<String, SaleProgress> progress;

    public SaleInvariantsFunction(InvariantConfig config) {
        super(LedgerEvent.class, config, false);
    }

    @Override
    protected void openState() {
        TypeInformation<LedgerEvent> eventType = TypeInformation.of(LedgerEvent.class);
        header = CachedValueState.of(getRuntimeContext().getState(new ValueStateDescriptor<>("sale-header", eventType)),
                CACHED_KEYS);
        items = getRuntimeContext().getMapState(new MapStateDescriptor<>("sale-items", Types.STRING, eventType));
        payments = getRuntimeContext().getMapState(new MapStateDescriptor<>("sale-payments", Types.STRING, eventType));
        progress = CachedValueState.of(getRuntimeContext().getState(
                new ValueStateDescriptor<>("sale-progress", TypeInformation.of(SaleProgress.class))), CACHED_KEYS);
    }

    @Override
    protected void apply(LedgerEvent event, long ts, Context ctx, Collector<Signal> out) throws Exception {
        SaleProgress p = progress(ctx.getCurrentKey());
        if (p == null) {
            p = new SaleProgress();
            p.sumsKept = true;
            p.itemsTotal = BigDecimal.ZERO;
            p.paymentsTotal = BigDecimal.ZERO;
            p.itemKeys = new String[0];
            p.paymentKeys = new String[0];
            p.settleAt = ts + config.settleTimeoutMs();
            p.cleanupAt = ts + 2 * config.settleTimeoutMs();
            ctx.timerService().registerEventTimeTimer(p.settleAt);
            ctx.timerService().registerEventTimeTimer(p.cleanupAt);
        }
        if (event.type() == LedgerEventType.SALE) {
            header.update(ctx.getCurrentKey(), event);
            if (p.attributedCustomer == null && event.customerId() != null) {
                p.attributedCustomer = event.customerId();
                if (p.paymentCount > 0) {
                    for (LedgerEvent payment : payments.values()) {
                        post(payment, p.attributedCustomer, ts, ctx);
                    }
                }
            }
            if (p.orphanViolated) {
                Check orphan = OrphanedSaleItemRule.check(ledger(event.saleId()));
                report(orphan, true, ts, ctx, out);
                p.orphanViolated = orphan.violated();
            }
        } else if (event.type() == LedgerEventType.SALE_ITEM) {
            String key = event.lineNo() != null ? "line:" + event.lineNo() : "event:" + event.eventId();
            LedgerEvent replaced = items.get(key);
            if (replaced == null) {
                p.itemCount++;
                p.itemKeys = append(p.itemKeys, key);
            } else {
                p.itemsTotal = p.itemsTotal.subtract(SaleLedger.lineTotal(replaced));
            }
            p.itemsTotal = p.itemsTotal.add(SaleLedger.lineTotal(event));
            items.put(key, event);
            if (header.value(ctx.getCurrentKey()) == null) {
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
            LedgerEvent replaced = payments.get(key);
            boolean isNew = replaced == null;
            if (isNew) {
                p.paymentCount++;
                p.paymentKeys = append(p.paymentKeys, key);
            } else {
                p.paymentsTotal = p.paymentsTotal.subtract(Money.orZero(replaced.amount()));
            }
            p.paymentsTotal = p.paymentsTotal.add(Money.orZero(event.amount()));
            payments.put(key, event);
            if (isNew && p.attributedCustomer != null) {
                post(event, p.attributedCustomer, ts, ctx);
            }
        }
        progress.update(ctx.getCurrentKey(), p);
    }

    /** Totals are checked after all events of the instant are in: a CLOSED header and its payment may share a ts. */
    @Override
    protected void afterApply(long ts, Context ctx, Collector<Signal> out) throws Exception {
        SaleProgress p = progress(ctx.getCurrentKey());
        LedgerEvent h = header.value(ctx.getCurrentKey());
        if (p == null || h == null) {
            return;
        }
        // SaleLedger.isComplete from the counts: no item is read.
        boolean complete = "CLOSED".equalsIgnoreCase(h.status()) && h.lineCount() != null
                && p.itemCount >= h.lineCount();
        if (p.checked || complete) {
            checkSale(h, p, ts, ctx, out);
            progress.update(ctx.getCurrentKey(), p);
        }
    }

    @Override
    protected void onEventTime(long ts, OnTimerContext ctx, Collector<Signal> out) throws Exception {
        SaleProgress p = progress(ctx.getCurrentKey());
        if (p == null) {
            return;
        }
        String saleId = ctx.getCurrentKey();
        if (ts == p.orphanAt && header.value(ctx.getCurrentKey()) == null) {
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
        if (ts == p.settleAt && !p.checked) {
            LedgerEvent h = header.value(ctx.getCurrentKey());
            if (h != null) {
                checkSale(h, p, ts, ctx, out);
            }
        }
        if (ts == p.cleanupAt) {
            header.clear(ctx.getCurrentKey());
            // By key: on RocksDB a clear() seeks and steps over the tombstones of the finished sales before it.
            for (String key : p.itemKeys) {
                items.remove(key);
            }
            for (String key : p.paymentKeys) {
                payments.remove(key);
            }
            progress.clear(ctx.getCurrentKey());
            forgetSeen(ctx);
            return;
        }
        progress.update(ctx.getCurrentKey(), p);
    }

    /**
     * SALE_TOTAL and PAYMENT_SUM from the kept sums. Only a check that reports (a violation, or the clear of
     * one) reads the items and payments, for its evidence; the rule's own result is then the one reported. A
     * passing check yields only its outcome, which carries no evidence.
     */
    private void checkSale(LedgerEvent h, SaleProgress p, long ts, Context ctx, Collector<Signal> out)
            throws Exception {
        String saleId = ctx.getCurrentKey();
        BigDecimal total = Money.orZero(h.total());
        SaleLedger sale = null;
        Check totalCheck;
        if (p.totalViolated || !Money.equalWithin(total, p.itemsTotal, config.moneyTolerance())) {
            sale = ledger(saleId);
            totalCheck = SaleTotalRule.check(sale, config.moneyTolerance());
        } else {
            totalCheck = passed(Invariant.SALE_TOTAL_MATCHES_LINE_ITEMS, saleId);
        }
        report(totalCheck, p.totalViolated, ts, ctx, out);
        p.totalViolated = totalCheck.violated();
        Check payment;
        if (p.paymentViolated || !Money.equalWithin(total, p.paymentsTotal, config.moneyTolerance())) {
            payment = PaymentSumRule.check(sale != null ? sale : ledger(saleId), config.moneyTolerance());
        } else {
            payment = passed(Invariant.PAYMENT_SUM_MATCHES_SALE_TOTAL, saleId);
        }
        report(payment, p.paymentViolated, ts, ctx, out);
        p.paymentViolated = payment.violated();
        if (!p.checked && p.itemCount > 0) {
            // For the drift score: a sale with items and its header is an entity that keeps this invariant.
            ctx.output(InvariantOutputs.OUTCOMES, CheckOutcome.of(passed(Invariant.NO_ORPHANED_SALE_ITEMS, saleId),
                    Instant.ofEpochMilli(ts)));
        }
        p.checked = true;
    }

    /** A passing check of a sale that reports nothing (not violated before): only its outcome is sent. */
    private static Check passed(Invariant invariant, String saleId) {
        return new Check(invariant, saleId, false, "", "", List.of());
    }

    /**
     * The sale's progress; one restored from a savepoint taken before the sums were kept gets them from its
     * items and payments here (once: they are kept from then on).
     */
    private SaleProgress progress(String saleId) throws Exception {
        SaleProgress p = progress.value(saleId);
        if (p != null && !p.sumsKept) {
            p.itemsTotal = BigDecimal.ZERO;
            List<String> itemKeys = new ArrayList<>();
            for (Map.Entry<String, LedgerEvent> item : items.entries()) {
                itemKeys.add(item.getKey());
                p.itemsTotal = p.itemsTotal.add(SaleLedger.lineTotal(item.getValue()));
            }
            p.itemKeys = itemKeys.toArray(new String[0]);
            p.paymentsTotal = BigDecimal.ZERO;
            List<String> paymentKeys = new ArrayList<>();
            for (Map.Entry<String, LedgerEvent> payment : payments.entries()) {
                paymentKeys.add(payment.getKey());
                p.paymentsTotal = p.paymentsTotal.add(Money.orZero(payment.getValue().amount()));
            }
            p.paymentKeys = paymentKeys.toArray(new String[0]);
            p.paymentCount = paymentKeys.size();
            p.sumsKept = true;
            progress.update(saleId, p);
        }
        return p;
    }

    private static String[] append(String[] keys, String key) {
        String[] more = java.util.Arrays.copyOf(keys, keys.length + 1);
        more[keys.length] = key;
        return more;
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
        return new SaleLedger(saleId, header.value(saleId), itemList, paymentList);
    }
}
