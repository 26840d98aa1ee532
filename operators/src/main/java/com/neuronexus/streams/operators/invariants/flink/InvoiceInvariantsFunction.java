package com.neuronexus.streams.operators.invariants.flink;

import com.neuronexus.streams.core.events.LedgerEvent;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.operators.invariants.Check;
import com.neuronexus.streams.operators.invariants.CreditPosting;
import com.neuronexus.streams.operators.invariants.DuplicateInvoiceRule;
import com.neuronexus.streams.operators.invariants.InvariantConfig;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

/**
 * Keyed by invoice_no; INVOICE events: NO_DUPLICATE_INVOICES within the invoice retention. The first occurrence
 * is posted to the customer's credit; duplicates are reported, not posted (no double counting). At the end of
 * the retention the number is forgotten: its state and timer go, and an open violation is CLEARED (there is
 * nothing left in the window to duplicate; the incident keeps the evidence).
 */
public class InvoiceInvariantsFunction extends InvariantFunction<LedgerEvent> {
    private static final long serialVersionUID = 1L;
    private static final int MAX_EVIDENCE_IDS = 16;

    /** Occurrences, evidence ids, expiry and violation flag of this invoice number. */
    private transient ValueState<InvoiceProgress> progress;

    public InvoiceInvariantsFunction(InvariantConfig config) {
        super(LedgerEvent.class, config, false);
    }

    @Override
    protected void openState() {
        progress = getRuntimeContext().getState(
                new ValueStateDescriptor<>("invoice-progress", TypeInformation.of(InvoiceProgress.class)));
    }

    @Override
    protected void apply(LedgerEvent event, long ts, Context ctx, Collector<Signal> out) throws Exception {
        InvoiceProgress p = progress.value();
        if (p == null) {
            p = new InvoiceProgress();
            p.expireAt = ts + config.invoiceRetentionMs();
            ctx.timerService().registerEventTimeTimer(p.expireAt);
            if (event.customerId() != null) {
                ctx.output(InvariantOutputs.POSTINGS, new CreditPosting(event.eventId(), Instant.ofEpochMilli(ts),
                        event.customerId(), CreditPosting.Kind.INVOICE, event.amount(), event.invoiceNo()));
            }
        } else if (Arrays.asList(p.eventIds).contains(event.eventId())) {
            return; // a redelivery of an occurrence already counted, after the dedup window
        }
        p.occurrences++;
        if (p.eventIds.length < MAX_EVIDENCE_IDS) {
            p.eventIds = Arrays.copyOf(p.eventIds, p.eventIds.length + 1);
            p.eventIds[p.eventIds.length - 1] = event.eventId();
        }
        Check check = DuplicateInvoiceRule.check(event.invoiceNo(), p.occurrences, List.of(p.eventIds));
        report(check, p.violated, ts, ctx, out);
        p.violated = check.violated();
        progress.update(p);
    }

    @Override
    protected void onEventTime(long ts, OnTimerContext ctx, Collector<Signal> out) throws Exception {
        InvoiceProgress p = progress.value();
        if (p == null || ts != p.expireAt) {
            return;
        }
        if (p.violated) {
            report(DuplicateInvoiceRule.expired(ctx.getCurrentKey(), List.of(p.eventIds)), true, ts, ctx, out);
        }
        progress.clear();
        forgetSeen(ctx);
    }
}
