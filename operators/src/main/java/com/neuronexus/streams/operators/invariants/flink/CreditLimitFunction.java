package com.neuronexus.streams.operators.invariants.flink;

import com.neuronexus.streams.operators.state.CachedValueState;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.operators.invariants.CreditAccount;
import com.neuronexus.streams.operators.invariants.CreditPosting;
import com.neuronexus.streams.operators.invariants.InvariantConfig;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

/**
 * Keyed by customer_id; credit postings (limits from CUSTOMER, first invoices, attributed payments) merged from
 * three streams: CREDIT_LIMIT_NOT_EXCEEDED after every posting. The merge is made deterministic by the ordered
 * base class. Customers are long-lived master data: their O(1) account is kept.
 */
public class CreditLimitFunction extends InvariantFunction<CreditPosting> {
    private static final long serialVersionUID = 1L;

    /** The customer's limit, invoiced and paid totals, and whether the limit is currently exceeded. */
    private transient CachedValueState<String, CreditAccount> account;

    public CreditLimitFunction(InvariantConfig config) {
        super(CreditPosting.class, config, true);
    }

    @Override
    protected void openState() {
        account = CachedValueState.of(getRuntimeContext().getState(
                new ValueStateDescriptor<>("credit-account", TypeInformation.of(CreditAccount.class))), CACHED_KEYS);
    }

    @Override
    protected void apply(CreditPosting posting, long ts, Context ctx, Collector<Signal> out) throws Exception {
        CreditAccount current = account.value(ctx.getCurrentKey());
        if (current == null) {
            current = new CreditAccount();
        }
        current.post(posting);
        account.update(ctx.getCurrentKey(), current);
    }

    /** One check per instant, after all its postings: an invoice and a payment of the same instant never flap. */
    @Override
    protected void afterApply(long ts, Context ctx, Collector<Signal> out) throws Exception {
        CreditAccount current = account.value(ctx.getCurrentKey());
        if (current == null) {
            return;
        }
        boolean wasViolated = current.violated;
        var check = current.check(ctx.getCurrentKey(), config.moneyTolerance());
        if (check.isPresent()) {
            report(check.get(), wasViolated, ts, ctx, out);
            account.update(ctx.getCurrentKey(), current);
        }
    }

    @Override
    protected void onEventTime(long ts, OnTimerContext ctx, Collector<Signal> out) {
        // No timers of its own: checked on every posting.
    }
}
