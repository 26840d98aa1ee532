package com.neuronexus.streams.operators.ops.flink;

import com.neuronexus.streams.core.outputs.LatencyWindow;
import com.neuronexus.streams.operators.ops.LatencyPane;
import com.neuronexus.streams.operators.ops.LatencyStats;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sliding latency windows (size {@code sizeMillis}, slide = pane size) merged from the tumbling panes'
 * sketches: a request touches one window's state instead of size/slide of them. Emits exactly the windows
 * Flink's {@code SlidingEventTimeWindows} would (every window holding at least one request), at the same
 * watermark, with the same figures.
 */
public final class SlidingLatencyFunction extends KeyedProcessFunction<String, LatencyPane, LatencyWindow> {
    private static final long serialVersionUID = 1L;

    private final long sizeMillis;
    private final long slideMillis;

    /**
     * Panes still inside some window not yet emitted, by pane start, each a {@link LatencyStats} in bytes (at most
     * size/slide of them). Only point reads: a window's panes start at known instants (its start + k·slide), so
     * a timer reads those and removes the one pane that leaves. Never iterated: on RocksDB an iteration seeks
     * past every pane ever removed under the key (tombstones until compaction), and one value holding all
     * panes is re-read whole by every timer while a replay's watermark jump leaves many panes waiting; either
     * made this operator the ops job's bottleneck. Service and route come from the key, so no other state.
     */
    private transient MapState<Long, byte[]> panes;

    public SlidingLatencyFunction(long sizeMillis, long slideMillis) {
        if (sizeMillis % slideMillis != 0) {
            throw new IllegalArgumentException("the sliding window size must be a multiple of the slide");
        }
        this.sizeMillis = sizeMillis;
        this.slideMillis = slideMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        panes = getRuntimeContext().getMapState(new MapStateDescriptor<>("pane-sketches", Types.LONG,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(LatencyPane pane, Context ctx, Collector<LatencyWindow> out) throws Exception {
        long paneStart = alignedStart(pane.startMillis());
        byte[] existing = panes.get(paneStart);
        if (existing != null) { // a pane arrives once per key; merge defensively all the same
            panes.put(paneStart, LatencyStats.fromBytes(existing).merge(LatencyStats.fromBytes(pane.stats())).toBytes());
        } else {
            panes.put(paneStart, pane.stats());
        }
        // Every window containing this pane ends at pane end + k·slide; a timer at each window's last millisecond.
        // The last of them (the window starting at this pane) removes the pane.
        for (long end = paneStart + slideMillis; end - sizeMillis <= paneStart; end += slideMillis) {
            ctx.timerService().registerEventTimeTimer(end - 1);
        }
    }

    /** The start of the slide-aligned pane that holds an instant. */
    private long alignedStart(long instant) {
        return Math.floorDiv(instant, slideMillis) * slideMillis;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LatencyWindow> out) throws Exception {
        long end = timestamp + 1;
        long start = end - sizeMillis;
        LatencyStats merged = null;
        // In time order, so that sums of doubles do not depend on anything but the panes.
        for (long paneStart = start; paneStart < end; paneStart += slideMillis) {
            byte[] bytes = panes.get(paneStart);
            if (bytes != null) {
                LatencyStats stats = LatencyStats.fromBytes(bytes);
                merged = merged == null ? stats : merged.merge(stats);
            }
        }
        if (merged != null) {
            String key = ctx.getCurrentKey();
            out.collect(merged.toWindow(LatencyAggregate.serviceOf(key), LatencyAggregate.routeOf(key), start, end,
                    LatencyWindow.SLIDING));
        }
        // The pane at this window's start is in no later window; earlier panes left at their own last window.
        panes.remove(start);
    }
}
