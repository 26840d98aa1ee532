package com.neuronexus.streams.operators.invariants.flink;

import com.neuronexus.streams.operators.state.CachedValueState;
import com.neuronexus.streams.core.events.LedgerEvent;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.operators.invariants.Check;
import com.neuronexus.streams.operators.invariants.InvariantConfig;
import com.neuronexus.streams.operators.invariants.StockLedger;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

/**
 * Keyed by sku; STOCK_COUNT and STOCK_MOVE events: NO_NEGATIVE_STOCK and STOCK_MOVEMENT_BALANCE, checked on
 * every event as soon as the watermark passes it. SKUs are long-lived master data: their state is O(1) and kept.
 */
public class StockInvariantsFunction extends InvariantFunction<LedgerEvent> {
    private static final long serialVersionUID = 1L;

    /** The SKU's stock position and which invariants it currently violates. */
    private transient CachedValueState<String, StockLedger> ledger;

    public StockInvariantsFunction(InvariantConfig config) {
        super(LedgerEvent.class, config, true);
    }

    @Override
    protected void openState() {
        ledger = CachedValueState.of(getRuntimeContext().getState(
                new ValueStateDescriptor<>("stock-ledger", TypeInformation.of(StockLedger.class))), CACHED_KEYS);
    }

    @Override
    protected void apply(LedgerEvent event, long ts, Context ctx, Collector<Signal> out) throws Exception {
        StockLedger current = ledger.value(ctx.getCurrentKey());
        if (current == null) {
            current = new StockLedger();
        }
        boolean negativeBefore = current.negativeViolated;
        boolean balanceBefore = current.balanceViolated;
        for (Check check : current.apply(event)) {
            report(check, StockLedger.wasViolated(check, negativeBefore, balanceBefore), ts, ctx, out);
        }
        ledger.update(ctx.getCurrentKey(), current);
    }

    @Override
    protected void onEventTime(long ts, OnTimerContext ctx, Collector<Signal> out) {
        // No timers of its own: stock invariants are checked on every event.
    }
}
