package com.neuronexus.streams.operators.ops.flink;

import com.neuronexus.streams.core.outputs.LatencyWindow;
import com.neuronexus.streams.operators.ops.LatencyPane;
import com.neuronexus.streams.operators.ops.LatencyStats;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
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
     * Panes still inside some window not yet emitted, by pane start, each a {@link LatencyStats} in bytes: at most
     * size/slide of them, kept in one value so that a timer is one point read. (A MapState iterated per timer on
     * RocksDB seeks past every pane ever removed under the key until compaction: that made this operator the
     * ops job's bottleneck.)
     */
    private transient ValueState<Map<Long, byte[]>> panes;
    /** Service and route names of this key, for the rows (the key joins them). */
    private transient ValueState<String> names;

    public SlidingLatencyFunction(long sizeMillis, long slideMillis) {
        if (sizeMillis % slideMillis != 0) {
            throw new IllegalArgumentException("the sliding window size must be a multiple of the slide");
        }
        this.sizeMillis = sizeMillis;
        this.slideMillis = slideMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        panes = getRuntimeContext().getState(new ValueStateDescriptor<>("pane-sketches",
                Types.MAP(Types.LONG, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)));
        names = getRuntimeContext().getState(new ValueStateDescriptor<>("names", String.class));
    }

    @Override
    public void processElement(LatencyPane pane, Context ctx, Collector<LatencyWindow> out) throws Exception {
        Map<Long, byte[]> held = panes.value();
        if (held == null) {
            held = new HashMap<>();
        }
        byte[] existing = held.get(pane.startMillis());
        if (existing != null) { // a pane arrives once per key; merge defensively all the same
            held.put(pane.startMillis(), LatencyStats.fromBytes(existing).merge(LatencyStats.fromBytes(pane.stats())).toBytes());
        } else {
            held.put(pane.startMillis(), pane.stats());
        }
        panes.update(held);
        names.update(pane.service() + '\u001f' + pane.route());
        // Every window containing this pane ends at pane end + k·slide; a timer at each window's last millisecond.
        for (long end = firstEndAfter(pane.startMillis()); end - sizeMillis <= pane.startMillis(); end += slideMillis) {
            ctx.timerService().registerEventTimeTimer(end - 1);
        }
    }

    /** The end of the earliest window (aligned to the slide) that contains an instant. */
    private long firstEndAfter(long instant) {
        return Math.floorDiv(instant, slideMillis) * slideMillis + slideMillis;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LatencyWindow> out) throws Exception {
        long end = timestamp + 1;
        long start = end - sizeMillis;
        Map<Long, byte[]> held = panes.value();
        if (held == null) {
            return;
        }
        // Sorted, so that sums of doubles are merged in time order, not in the map's order.
        TreeMap<Long, byte[]> sorted = new TreeMap<>(held);
        LatencyStats merged = null;
        for (byte[] bytes : sorted.subMap(start, end).values()) {
            LatencyStats stats = LatencyStats.fromBytes(bytes);
            merged = merged == null ? stats : merged.merge(stats);
        }
        String joined = names.value();
        if (merged != null && joined != null) {
            int cut = joined.indexOf('\u001f');
            out.collect(merged.toWindow(joined.substring(0, cut), joined.substring(cut + 1), start, end, LatencyWindow.SLIDING));
        }
        // A pane before the next window's start is in no future window.
        SortedMap<Long, byte[]> kept = sorted.tailMap(start + slideMillis);
        if (kept.isEmpty()) {
            panes.clear();
            names.clear();
        } else if (kept.size() < held.size()) {
            panes.update(new HashMap<>(kept));
        }
    }
}
