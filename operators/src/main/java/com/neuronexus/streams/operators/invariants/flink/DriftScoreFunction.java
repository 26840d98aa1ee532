package com.neuronexus.streams.operators.invariants.flink;

import com.neuronexus.streams.core.outputs.DriftScore;
import com.neuronexus.streams.operators.invariants.DriftDelta;
import com.neuronexus.streams.operators.invariants.DriftTally;
import com.neuronexus.streams.operators.invariants.InvariantConfig;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The drift score (DESIGN §5) at every drift-interval boundary of event time in which checks happened, over
 * the entities whose latest check lies within the drift window. Second stage: {@link DriftEntityFunction}
 * (parallel, per entity) sends count changes; this single-key function sums them per interval and applies
 * each interval's sum when the watermark passes its boundary. Its work per delta and per tick is constant,
 * whatever the number of entities, and the sums do not depend on the interleaving of its inputs.
 */
public class DriftScoreFunction extends KeyedProcessFunction<String, DriftDelta, DriftScore> {
    private static final long serialVersionUID = 1L;
    public static final String KEY = "drift";

    private final long intervalMs;
    private final long windowMs;

    /**
     * Interval boundary -> summed deltas of (boundary − interval, boundary] ({@link DriftTally#SLOTS} counters),
     * each with an event-time timer at the boundary; removed when applied.
     */
    private transient MapState<Long, long[]> pendingByTick;
    /** Entities currently in the window, checked and violated per invariant: all deltas applied so far. */
    private transient ValueState<long[]> totals;

    public DriftScoreFunction(InvariantConfig config) {
        this.intervalMs = config.driftIntervalMs();
        this.windowMs = config.driftWindowMs();
    }

    @Override
    public void open(OpenContext openContext) {
        pendingByTick = getRuntimeContext().getMapState(new MapStateDescriptor<>("drift-pending-by-tick", Types.LONG,
                PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        totals = getRuntimeContext().getState(
                new ValueStateDescriptor<>("drift-totals", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    /** The boundary at or after {@code ts}: a delta at a boundary counts for that boundary's score. */
    long tickOf(long ts) {
        return Math.floorDiv(ts + intervalMs - 1, intervalMs) * intervalMs;
    }

    @Override
    public void processElement(DriftDelta delta, Context ctx, Collector<DriftScore> out) throws Exception {
        if (delta == null || delta.invariant() == null) {
            return;
        }
        long tick = tickOf(delta.ts());
        long[] sum = pendingByTick.get(tick);
        if (sum == null) {
            sum = new long[DriftTally.SLOTS];
            // A delta behind the watermark (late input) gets a boundary in the past: applied at the next watermark.
            ctx.timerService().registerEventTimeTimer(tick);
        }
        DriftTally.accumulate(sum, delta);
        pendingByTick.put(tick, sum);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DriftScore> out) throws Exception {
        long[] sum = pendingByTick.get(timestamp);
        if (sum == null) {
            return;
        }
        pendingByTick.remove(timestamp);
        long[] current = totals.value();
        if (current == null) {
            current = new long[DriftTally.SLOTS];
        }
        DriftTally.addCounts(current, sum);
        totals.update(current);
        if (DriftTally.checks(sum) > 0) {
            out.collect(DriftTally.of(current).toScore(Instant.ofEpochMilli(timestamp), windowMs));
        }
    }
}
