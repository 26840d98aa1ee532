package com.neuronexus.streams.operators.demand.flink;

import com.neuronexus.streams.operators.demand.AnnualUsageValue;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * First stage of ABC (keyed by sku): a SKU's trailing 365-day usage value, emitted at the end of each UTC
 * day when it changed. It reads usage and item events straight from the sources — not from the demand
 * operator — so the ABC classes it feeds back into the demand operator make no cycle in the job graph.
 */
public class AnnualUsageFunction extends KeyedProcessFunction<String, DemandInput, AbcValue>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** Daily quantities of the last 365 days and the unit cost. */
    private transient ValueState<byte[]> usageState;
    /** Last value emitted, so unchanged values are not re-sent every day. */
    private transient ValueState<Double> lastEmitted;
    /**
     * Inputs waiting for the watermark (a usage of tomorrow must not count today), bucketed by event time with a
     * timer per bucket ("annual-pending-by-release"); the pre-bucket list "annual-pending" is read once per key
     * after a restore.
     */
    private transient EventTimeBuffer<DemandInput> pending;
    /** Started from a checkpoint or savepoint (which may hold pre-bucket pending lists). */
    private transient boolean restored;

    @Override
    public void initializeState(FunctionInitializationContext context) {
        restored = context.isRestored(); // called before open()
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {}

    @Override
    public void open(OpenContext openContext) {
        usageState = getRuntimeContext().getState(
                new ValueStateDescriptor<>("annual-usage", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        lastEmitted = getRuntimeContext().getState(new ValueStateDescriptor<>("annual-last", Types.DOUBLE));
        pending = EventTimeBuffer.open(getRuntimeContext(), "annual-pending", TypeInformation.of(DemandInput.class),
                DemandInput::ts, DemandInput.EVENT_TIME_ORDER, restored);
    }

    @Override
    public void processElement(DemandInput input, Context ctx, Collector<AbcValue> out) throws Exception {
        if (input.usage() == null && input.item() == null) {
            return;
        }
        pending.add(ctx.getCurrentKey(), input, ctx.timerService());
    }

    /** Day-end timers close days; input timers apply inputs in event-time order. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AbcValue> out) throws Exception {
        byte[] stored = usageState.value();
        AnnualUsageValue usage = stored == null ? new AnnualUsageValue() : AnnualUsageValue.fromBytes(stored);
        // End of a bounded input (watermark Long.MAX_VALUE): the open day is partial and the day chain stops.
        boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        while (!endOfInput && usage.started() && usage.openDayEnd() <= timestamp) {
            long dayEnd = usage.openDayEnd();
            double value = usage.closeDay();
            Double last = lastEmitted.value();
            if (last == null || Double.compare(last, value) != 0) {
                lastEmitted.update(value);
                out.collect(new AbcValue(ctx.getCurrentKey(), dayEnd, value));
            }
        }
        List<DemandInput> due = pending.release(ctx.getCurrentKey(), timestamp, ctx.timerService());
        boolean retired = false;
        for (DemandInput input : due) {
            if (input.item() != null) {
                usage.setItemCost(input.ts(), input.item().unitCost());
                retired = !input.item().active();
            } else if (input.usage() != null) {
                usage.addUsage(input.ts(), input.usage().qty(), input.usage().unitCost());
            }
        }
        if (retired || usage.idleForAYear()) {
            // An inactive item or a year without usage: announce zero value once, then forget the SKU.
            Double last = lastEmitted.value();
            if (last != null && last != 0.0) {
                out.collect(new AbcValue(ctx.getCurrentKey(), usage.openDayEnd(), 0.0));
            }
            // A day-end timer that inputs wait for too (one timer per timestamp) stays: it releases them.
            if (usage.openDayEnd() > timestamp && !pending.holdsAt(usage.openDayEnd())) {
                ctx.timerService().deleteEventTimeTimer(usage.openDayEnd());
            }
            usageState.clear();
            lastEmitted.clear();
            return;
        }
        if (usage.started()) {
            usageState.update(usage.toBytes());
        }
        if (usage.started() && !endOfInput) {
            ctx.timerService().registerEventTimeTimer(usage.openDayEnd());
        }
    }
}
