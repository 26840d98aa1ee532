package com.neuronexus.streams.operators.ops.flink;

import com.neuronexus.streams.core.outputs.LatencyWindow;
import com.neuronexus.streams.operators.ops.LatencyPane;
import com.neuronexus.streams.operators.ops.LatencyStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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

    /** Panes still inside some window not yet emitted, by pane start; each is a {@link LatencyStats} in bytes. */
    private transient MapState<Long, byte[]> panes;
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
        panes = getRuntimeContext().getMapState(new MapStateDescriptor<>("panes", Types.LONG,
                TypeInformation.of(byte[].class)));
        names = getRuntimeContext().getState(new ValueStateDescriptor<>("names", String.class));
    }

    @Override
    public void processElement(LatencyPane pane, Context ctx, Collector<LatencyWindow> out) throws Exception {
        byte[] existing = panes.get(pane.startMillis());
        if (existing != null) { // a pane arrives once per key; merge defensively all the same
            panes.put(pane.startMillis(), LatencyStats.fromBytes(existing).merge(LatencyStats.fromBytes(pane.stats())).toBytes());
        } else {
            panes.put(pane.startMillis(), pane.stats());
        }
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
        List<Long> starts = new ArrayList<>();
        for (Map.Entry<Long, byte[]> e : panes.entries()) {
            starts.add(e.getKey());
        }
        starts.sort(null); // merge in time order: sums of doubles then do not depend on state iteration order
        LatencyStats merged = null;
        for (long paneStart : starts) {
            if (paneStart >= start && paneStart < end) {
                LatencyStats stats = LatencyStats.fromBytes(panes.get(paneStart));
                merged = merged == null ? stats : merged.merge(stats);
            }
        }
        String joined = names.value();
        if (merged != null && joined != null) {
            int cut = joined.indexOf('\u001f');
            out.collect(merged.toWindow(joined.substring(0, cut), joined.substring(cut + 1), start, end, LatencyWindow.SLIDING));
        }
        // A pane before the next window's start is in no future window.
        long nextStart = start + slideMillis;
        for (long paneStart : starts) {
            if (paneStart < nextStart) {
                panes.remove(paneStart);
            }
        }
        if (panes.isEmpty()) {
            names.clear();
        }
    }
}
