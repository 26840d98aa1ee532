package com.neuronexus.streams.operators.demand.flink;

import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.outputs.Forecast;
import com.neuronexus.streams.core.outputs.ForecastAccuracy;
import com.neuronexus.streams.core.outputs.ReorderRecommendation;
import com.neuronexus.streams.operators.demand.DemandConfig;
import com.neuronexus.streams.operators.demand.DemandOutputs;
import com.neuronexus.streams.operators.demand.SkuDemandEngine;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per SKU (keyed by sku): the thin Flink shell around {@link SkuDemandEngine}. Usage, stock movements,
 * item master data and ABC classes arrive as {@link DemandInput}s; they wait in a buffer until the
 * watermark passes them and are then applied in event-time order, so the same input always gives the same
 * output. Demand buckets close on event-time timers, also for buckets without usage (zero demand).
 * Main output: reorder recommendations; forecasts, accuracy and drift signals go to side outputs.
 */
public class DemandFunction extends KeyedProcessFunction<String, DemandInput, ReorderRecommendation>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<Forecast> FORECASTS = new OutputTag<>("forecasts", TypeInformation.of(Forecast.class));
    public static final OutputTag<ForecastAccuracy> ACCURACY =
            new OutputTag<>("accuracy", TypeInformation.of(ForecastAccuracy.class));
    public static final OutputTag<Signal> SIGNALS = new OutputTag<>("signals", TypeInformation.of(Signal.class));

    private final DemandConfig config;

    /** The SKU's whole analytic state (forecaster, stock position, item, class, last decision), compact bytes. */
    private transient ValueState<byte[]> engineState;
    /**
     * Inputs not yet passed by the watermark, bucketed by event time (state "demand-pending-by-release"), one
     * event-time timer per bucket; reads the pre-bucket list "demand-pending" once per key after a restore.
     */
    private transient EventTimeBuffer<DemandInput> pending;
    /** Started from a checkpoint or savepoint (which may hold pre-bucket pending lists). */
    private transient boolean restored;

    public DemandFunction(DemandConfig config) {
        this.config = config;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        restored = context.isRestored(); // called before open()
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {}

    @Override
    public void open(OpenContext openContext) {
        engineState = getRuntimeContext().getState(
                new ValueStateDescriptor<>("demand-engine", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        pending = EventTimeBuffer.open(getRuntimeContext(), "demand-pending", TypeInformation.of(DemandInput.class),
                DemandInput::ts, DemandInput.EVENT_TIME_ORDER, restored);
    }

    @Override
    public void processElement(DemandInput input, Context ctx, Collector<ReorderRecommendation> out) throws Exception {
        // Timer at the input's event time: it is applied once the watermark guarantees nothing earlier is missing.
        pending.add(ctx.getCurrentKey(), input, ctx.timerService());
    }

    /**
     * Two kinds of timers share this callback: bucket ends (the engine's open bucket end) and buffered
     * inputs' timestamps. Timers with the same timestamp fire once; at a bucket end the bucket closes
     * first, because an input stamped exactly at the end belongs to the next bucket.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ReorderRecommendation> out) throws Exception {
        String sku = ctx.getCurrentKey();
        byte[] stored = engineState.value();
        SkuDemandEngine engine = stored == null ? null : SkuDemandEngine.fromBytes(config, sku, stored);
        Router router = new Router(ctx, out);
        long bucketTimer = engine != null && engine.forecaster().started() ? engine.forecaster().openBucketEnd() : -1;

        // A bounded input (replay, backtest) ends with a watermark at Long.MAX_VALUE. Then only buckets that
        // hold events of this SKU close (the last day of a history file counts; empty days after it do not),
        // so the bucket chain stops instead of running on for ever. The backtest forecast of a SKU is the one
        // published at its last such bucket.
        boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        if (engine != null) {
            while (engine.forecaster().started() && engine.forecaster().openBucketEnd() <= timestamp
                    && (!endOfInput || engine.forecaster().openHasEvents())) {
                engine.closeBucket(router);
            }
        }
        List<DemandInput> due = pending.release(sku, timestamp, ctx.timerService());
        for (DemandInput input : due) {
            if (engine == null) {
                if (input.abc() != null) {
                    continue; // a class for a SKU we hold nothing for (e.g. retired): nothing to re-evaluate
                }
                engine = new SkuDemandEngine(config, sku);
            }
            apply(engine, input, router);
            if (!engine.active()) {
                break; // retired: whatever else is due for it is moot
            }
        }

        if (engine == null) {
            return;
        }
        if (!engine.active() || engine.retirable()) {
            // Retired item (inactive in the item master) or a SKU without item data and two years of zero
            // demand: drop its state and its bucket timer so nothing lingers for it.
            // A bucket-end timer that inputs wait for too (one timer per timestamp) stays: it releases them.
            engineState.clear();
            if (bucketTimer > timestamp && !pending.holdsAt(bucketTimer)) {
                ctx.timerService().deleteEventTimeTimer(bucketTimer);
            }
            long openEnd = engine.forecaster().started() ? engine.forecaster().openBucketEnd() : -1;
            if (openEnd > timestamp && !pending.holdsAt(openEnd)) {
                ctx.timerService().deleteEventTimeTimer(openEnd);
            }
            return;
        }
        engineState.update(engine.toBytes());
        if (engine.forecaster().started() && (!endOfInput || engine.forecaster().openHasEvents())) {
            // The next bucket end; re-registering an existing timer is a no-op.
            ctx.timerService().registerEventTimeTimer(engine.forecaster().openBucketEnd());
        }
    }

    private static void apply(SkuDemandEngine engine, DemandInput input, DemandOutputs out) {
        if (input.item() != null) {
            engine.onItem(input.item(), out);
        } else if (input.abc() != null) {
            engine.onClass(input.abc().abcClass(), input.abc().ts(), out);
        } else if (input.stock() != null) {
            engine.onStock(input.stock(), out);
        } else if (input.usage() != null) {
            engine.onUsage(input.usage(), out);
        }
    }

    /** Routes the engine's outputs: recommendations to the main output, the rest to side outputs. */
    private static final class Router implements DemandOutputs {
        private final OnTimerContext ctx;
        private final Collector<ReorderRecommendation> out;

        Router(OnTimerContext ctx, Collector<ReorderRecommendation> out) {
            this.ctx = ctx;
            this.out = out;
        }

        @Override
        public void forecast(Forecast forecast) {
            ctx.output(FORECASTS, forecast);
        }

        @Override
        public void recommendation(ReorderRecommendation recommendation) {
            out.collect(recommendation);
        }

        @Override
        public void accuracy(ForecastAccuracy accuracy) {
            ctx.output(ACCURACY, accuracy);
        }

        @Override
        public void signal(Signal signal) {
            ctx.output(SIGNALS, signal);
        }
    }
}
