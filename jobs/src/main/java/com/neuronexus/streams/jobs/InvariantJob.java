package com.neuronexus.streams.jobs;

import com.neuronexus.streams.connectors.io.TopicIo;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.LedgerEvent;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.outputs.DriftScore;
import com.neuronexus.streams.core.outputs.LedgerCorrection;
import com.neuronexus.streams.core.settings.InvariantSettings;
import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.operators.invariants.CheckOutcome;
import com.neuronexus.streams.operators.invariants.CreditPosting;
import com.neuronexus.streams.operators.invariants.DriftDelta;
import com.neuronexus.streams.operators.invariants.InvariantConfig;
import com.neuronexus.streams.operators.invariants.flink.CreditLimitFunction;
import com.neuronexus.streams.operators.invariants.flink.DriftEntityFunction;
import com.neuronexus.streams.operators.invariants.flink.DriftScoreFunction;
import com.neuronexus.streams.operators.invariants.flink.InvariantOutputs;
import com.neuronexus.streams.operators.invariants.flink.InvoiceInvariantsFunction;
import com.neuronexus.streams.operators.invariants.flink.LedgerRouter;
import com.neuronexus.streams.operators.invariants.flink.SaleInvariantsFunction;
import com.neuronexus.streams.operators.invariants.flink.StockInvariantsFunction;
import java.math.BigDecimal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The seven business invariants of the ledger (DESIGN §5), checked as each event passes the watermark:
 * violations and clears on ops.signals, orphan delete commands on ledger.corrections, the drift score on
 * ops.drift / drift_scores. See docs/invariants.md.
 *
 * <pre>
 * ledger.events ─┬─ STOCK_*            ─ keyBy sku        ─ stock invariants ──────────────┐
 *  (one router)  ├─ SALE/ITEM/PAYMENT  ─ keyBy sale_id    ─ sale invariants ─ payments ─┐  │ signals
 *                ├─ INVOICE            ─ keyBy invoice_no ─ duplicates ─ 1st invoices ──┤  ├─► ops.signals
 *                └─ CUSTOMER (limits) ──────────────────────────────────────────────────┴─ keyBy customer_id
 *                                                                       ─ credit limit ─┘
 * every function's check outcomes ─ keyBy invariant|entity ─ drift entities (count changes)
 *                                  ─ one key ─ drift score (sums per 10 s) ─► ops.drift
 * </pre>
 */
public final class InvariantJob extends NexusJob {

    public static void main(String[] args) throws Exception {
        JobLauncher.run(args, "invariants", InvariantJob::new);
    }

    public InvariantJob(Settings settings, TopicIo io) {
        super(settings, io);
    }

    @Override
    public String shortName() {
        return "invariants";
    }

    public static InvariantConfig config(Settings settings) {
        return new InvariantConfig(
                settings.get(InvariantSettings.SETTLE_TIMEOUT_MS),
                settings.get(InvariantSettings.ORPHAN_TIMEOUT_MS),
                settings.get(InvariantSettings.INVOICE_RETENTION_MS),
                BigDecimal.valueOf(settings.get(InvariantSettings.MONEY_TOLERANCE)),
                settings.get(InvariantSettings.DEDUP_WINDOW_MS),
                settings.get(InvariantSettings.DRIFT_INTERVAL_MS),
                settings.get(InvariantSettings.DRIFT_WINDOW_MS));
    }

    @Override
    public void build(StreamExecutionEnvironment env) {
        InvariantConfig config = config(settings);
        DataStream<LedgerEvent> ledger = io.read(env, Topic.LEDGER_EVENTS, LedgerEvent.class);

        // One router instead of four filters chained to the source: without object reuse every chained
        // operator gets its own copy of each event, while side outputs to keyed (network) edges are only
        // serialized.
        SingleOutputStreamOperator<LedgerEvent> routed = ledger
                .process(new LedgerRouter())
                .name("route ledger events").uid("invariants-route");

        SingleOutputStreamOperator<Signal> stock = routed.getSideOutput(LedgerRouter.STOCK)
                .keyBy(LedgerEvent::sku, Types.STRING)
                .process(new StockInvariantsFunction(config))
                .name("stock invariants").uid("invariants-stock");

        SingleOutputStreamOperator<Signal> sales = routed.getSideOutput(LedgerRouter.SALES)
                .keyBy(LedgerEvent::saleId, Types.STRING)
                .process(new SaleInvariantsFunction(config))
                .name("sale invariants").uid("invariants-sale");

        SingleOutputStreamOperator<Signal> invoices = routed.getSideOutput(LedgerRouter.INVOICES)
                .keyBy(LedgerEvent::invoiceNo, Types.STRING)
                .process(new InvoiceInvariantsFunction(config))
                .name("duplicate invoices").uid("invariants-invoice");

        DataStream<CreditPosting> limits = routed.getSideOutput(LedgerRouter.LIMITS);

        SingleOutputStreamOperator<Signal> credit = limits
                .union(sales.getSideOutput(InvariantOutputs.POSTINGS), invoices.getSideOutput(InvariantOutputs.POSTINGS))
                .keyBy(CreditPosting::customerId, Types.STRING)
                .process(new CreditLimitFunction(config))
                .name("credit limits check").uid("invariants-credit");

        DataStream<CheckOutcome> outcomes = stock.getSideOutput(InvariantOutputs.OUTCOMES)
                .union(sales.getSideOutput(InvariantOutputs.OUTCOMES),
                        invoices.getSideOutput(InvariantOutputs.OUTCOMES),
                        credit.getSideOutput(InvariantOutputs.OUTCOMES));
        // Per entity (parallel) the changes to the counts, then one key sums them: the single-key stage does
        // constant work per change instead of holding and scanning every entity.
        DataStream<DriftScore> drift = outcomes
                .keyBy(CheckOutcome::entryKey, Types.STRING)
                .process(new DriftEntityFunction(config))
                .returns(TypeInformation.of(DriftDelta.class))
                .name("drift entities").uid("invariants-drift-entities")
                .keyBy(d -> DriftScoreFunction.KEY, Types.STRING)
                .process(new DriftScoreFunction(config))
                .name("drift score").uid("invariants-drift-score");

        DataStream<LedgerCorrection> corrections = sales.getSideOutput(InvariantOutputs.CORRECTIONS);

        io.write(stock.union(sales, invoices, credit), Topic.SIGNALS, Signal.class);
        io.write(corrections, Topic.LEDGER_CORRECTIONS, LedgerCorrection.class);
        io.write(drift, Topic.DRIFT, DriftScore.class);
    }
}
