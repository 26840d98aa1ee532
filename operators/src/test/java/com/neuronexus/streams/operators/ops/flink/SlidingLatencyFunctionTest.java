package com.neuronexus.streams.operators.ops.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.neuronexus.streams.core.outputs.LatencyWindow;
import com.neuronexus.streams.operators.ops.LatencyPane;
import com.neuronexus.streams.operators.ops.LatencyStats;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class SlidingLatencyFunctionTest {
    private static final long T0 = 1_772_359_200_000L; // 2026-03-01T10:00:00Z

    private static LatencyPane pane(int index, int requests, double latency) {
        LatencyStats stats = new LatencyStats(0.01);
        for (int i = 0; i < requests; i++) {
            stats.add(i % 10 == 0 ? 500 : 200, latency + i);
        }
        long start = T0 + index * 10_000L;
        return new LatencyPane(LatencyAggregate.key("api", "/a"), "api", "/a", start, start + 10_000, stats.toBytes());
    }

    @Test
    void mergesPanesIntoEveryWindowThatHoldsThemAndLeavesNothingBehind() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new SlidingLatencyFunction(60_000, 10_000)), LatencyPane::key, Types.STRING);
        h.open();
        // panes 0, 1 and 3 (pane 2 had no request), then a gap, then pane 20
        for (LatencyPane p : List.of(pane(0, 10, 10), pane(1, 20, 100), pane(3, 10, 1000), pane(20, 5, 1))) {
            h.processElement(new StreamRecord<>(p, p.endMillis() - 1));
        }
        h.processWatermark(T0 + 10_000 * 40);
        List<LatencyWindow> windows = h.extractOutputValues();
        // windows ending 10 s .. 90 s hold panes 0..3; windows ending 210 s .. 260 s hold pane 20
        assertEquals(9 + 6, windows.size());
        LatencyWindow first = windows.get(0);
        assertEquals(T0 - 50_000, first.windowStart().toEpochMilli());
        assertEquals(10, first.requestCount());
        LatencyWindow full = windows.stream().filter(w -> w.windowEnd().toEpochMilli() == T0 + 40_000).findFirst().orElseThrow();
        assertEquals(40, full.requestCount());
        assertEquals(4, full.serverErrors());
        assertEquals(60, full.windowSeconds());
        assertEquals(LatencyWindow.SLIDING, full.windowKind());
        assertEquals(1009.0, full.maxMs());
        LatencyWindow onlyLast = windows.stream().filter(w -> w.windowEnd().toEpochMilli() == T0 + 90_000).findFirst().orElseThrow();
        assertEquals(10, onlyLast.requestCount(), "only pane 3 is left in [30 s, 90 s)");
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
        h.close();
    }

    /** Panes arriving one by one, each followed by the watermark that released it (live), give the same windows. */
    @Test
    void paneByPaneWithWatermarksGivesTheSameWindowsAndKeepsOnlyPanesOfFutureWindows() throws Exception {
        List<LatencyPane> panes = List.of(pane(0, 10, 10), pane(1, 20, 100), pane(3, 10, 1000), pane(20, 5, 1));
        var once = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new SlidingLatencyFunction(60_000, 10_000)), LatencyPane::key, Types.STRING);
        once.open();
        for (LatencyPane p : panes) {
            once.processElement(new StreamRecord<>(p, p.endMillis() - 1));
        }
        once.processWatermark(T0 + 10_000 * 40);
        var live = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new SlidingLatencyFunction(60_000, 10_000)), LatencyPane::key, Types.STRING);
        live.open();
        for (LatencyPane p : panes) {
            live.processElement(new StreamRecord<>(p, p.endMillis() - 1));
            live.processWatermark(p.endMillis() - 1);
        }
        // after pane 20's own watermark: pane 20 waits for its 5 later windows, panes 0..3 are gone
        assertEquals(1, live.numKeyedStateEntries());
        assertEquals(5, live.numEventTimeTimers());
        live.processWatermark(T0 + 10_000 * 40);
        assertEquals(once.extractOutputValues(), live.extractOutputValues());
        assertEquals(0, live.numKeyedStateEntries());
        assertEquals(0, live.numEventTimeTimers());
        once.close();
        live.close();
    }
}
