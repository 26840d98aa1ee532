package com.neuronexus.streams.operators.ops.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.events.RequestLatencyEvent;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.outputs.LatencyWindow;
import com.neuronexus.streams.operators.ops.LatencyPane;
import com.neuronexus.streams.operators.ops.LatencyRules;
import com.neuronexus.streams.operators.ops.LatencyStats;
import com.neuronexus.streams.operators.ops.SeriesPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class RouteLatencyFunctionTest {
    private static final long T0 = 1_772_359_200_000L; // 2026-03-01T10:00:00Z
    private static final long IDLE = 600_000L;

    /** Requests in panes 0, 1, 3 and 20 (10 s panes); every tenth one a 500. */
    private static List<RequestLatencyEvent> requests() {
        List<RequestLatencyEvent> out = new ArrayList<>();
        int[][] panes = {{0, 10, 10}, {1, 20, 100}, {3, 10, 1000}, {20, 5, 1}};
        for (int[] p : panes) {
            for (int i = 0; i < p[1]; i++) {
                long ts = T0 + p[0] * 10_000L + (i * 997L) % 10_000;
                out.add(new RequestLatencyEvent("r" + p[0] + "-" + i, Instant.ofEpochMilli(ts), "api", "/a", "GET",
                        i % 10 == 0 ? 500 : 200, p[2] + i));
            }
        }
        return out;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, RequestLatencyEvent, LatencyWindow> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new RouteLatencyFunction(0.01, 10_000, 60_000, LatencyRules.Config.defaults(), IDLE)),
                (RequestLatencyEvent e) -> LatencyAggregate.key(e.service(), e.route()), Types.STRING);
        h.open();
        return h;
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, RequestLatencyEvent, LatencyWindow> h,
            RequestLatencyEvent e) throws Exception {
        h.processElement(new StreamRecord<>(e, e.ts().toEpochMilli()));
    }

    @Test
    void emitsTheTumblingWindowsTheSlidingWindowsOfThePanesAndTheRulesAndLeavesNothingBehind() throws Exception {
        var h = harness();
        for (RequestLatencyEvent e : requests()) {
            feed(h, e);
        }
        h.processWatermark(T0 + 10_000 * 40);
        List<LatencyWindow> out = h.extractOutputValues();
        List<LatencyWindow> tumbling = out.stream().filter(w -> w.windowKind().equals(LatencyWindow.TUMBLING)).toList();
        List<LatencyWindow> sliding = out.stream().filter(w -> w.windowKind().equals(LatencyWindow.SLIDING)).toList();

        // the tumbling windows: one per pane with requests, with exactly the pane's requests
        Map<Long, LatencyStats> expectedPanes = new TreeMap<>();
        for (RequestLatencyEvent e : requests()) {
            long start = e.ts().toEpochMilli() - Math.floorMod(e.ts().toEpochMilli(), 10_000L);
            expectedPanes.computeIfAbsent(start, s -> new LatencyStats(0.01)).add(e.status(), e.latencyMs());
        }
        List<LatencyWindow> expectedTumbling = new ArrayList<>();
        expectedPanes.forEach((start, stats) -> expectedTumbling.add(stats.toWindow("api", "/a", start, start + 10_000, LatencyWindow.TUMBLING)));
        assertEquals(expectedTumbling, tumbling);

        // the sliding windows: exactly those SlidingLatencyFunction merges from the same panes
        var panes = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new SlidingLatencyFunction(60_000, 10_000)), LatencyPane::key, Types.STRING);
        panes.open();
        expectedPanes.forEach((start, stats) -> {
            try {
                panes.processElement(new StreamRecord<>(new LatencyPane(LatencyAggregate.key("api", "/a"), "api", "/a", start,
                        start + 10_000, stats.toBytes()), start + 9_999));
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        panes.processWatermark(T0 + 10_000 * 40);
        assertEquals(9 + 6, sliding.size());
        assertEquals(panes.extractOutputValues(), sliding);

        // the rules: the signals LatencyRulesFunction gives on the same windows (tumbling and sliding touch
        // disjoint rule state, so their interleaving does not matter)
        var rules = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new LatencyRulesFunction(LatencyRules.Config.defaults(), IDLE)),
                (LatencyWindow w) -> LatencyAggregate.key(w.service(), w.route()), Types.STRING);
        rules.open();
        for (LatencyWindow w : out) {
            rules.processElement(new StreamRecord<>(w, w.windowEnd().toEpochMilli() - 1));
        }
        rules.processWatermark(T0 + 10_000 * 40 + IDLE);
        h.processWatermark(T0 + 10_000 * 40 + IDLE);
        List<Signal> signals = h.getSideOutput(RouteLatencyFunction.SIGNALS).stream().map(StreamRecord::getValue).toList();
        assertTrue(signals.stream().anyMatch(s -> s.state() == Signal.SignalState.CLEARED), "a rule fired and was cleared: " + signals);
        Comparator<Signal> order = Comparator.comparing(Signal::ts).thenComparing(Signal::eventId);
        assertEquals(rules.extractOutputValues().stream().sorted(order).toList(), signals.stream().sorted(order).toList());

        // the detector's three figures per tumbling window
        List<SeriesPoint> figures = h.getSideOutput(RouteLatencyFunction.FIGURES).stream().map(StreamRecord::getValue).toList();
        assertEquals(3 * tumbling.size(), figures.size());
        assertEquals("p95_ms:api:/a", figures.get(0).series());

        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
        h.close();
        panes.close();
        rules.close();
    }

    /** Requests followed one by one by their watermark (live) give the same output as one final watermark. */
    @Test
    void liveWatermarksGiveTheSameOutputWithOneTimerChainAndOneIdleTimer() throws Exception {
        var once = harness();
        for (RequestLatencyEvent e : requests()) {
            feed(once, e);
        }
        once.processWatermark(T0 + 10_000 * 40);
        var live = harness();
        for (RequestLatencyEvent e : requests()) {
            feed(live, e);
            live.processWatermark(e.ts().toEpochMilli() - 1);
        }
        live.processWatermark(T0 + 210_000 - 1); // pane 20 has closed, its five later windows are pending
        // one timer for the next sliding window (chained, not five), one idle timer (not moved per window)
        assertEquals(2, live.numEventTimeTimers());
        live.processWatermark(T0 + 10_000 * 40);
        assertEquals(once.extractOutputValues(), live.extractOutputValues());
        assertEquals(1, live.numEventTimeTimers(), "only the idle timer");
        live.processWatermark(T0 + 10_000 * 40 + IDLE);
        assertEquals(0, live.numKeyedStateEntries());
        assertEquals(0, live.numEventTimeTimers());
        once.close();
        live.close();
    }

    @Test
    void aRequestForAClosedPaneIsDroppedLikeTheWindowOperatorDropsIt() throws Exception {
        var h = harness();
        feed(h, new RequestLatencyEvent("a", Instant.ofEpochMilli(T0 + 5_000), "api", "/a", "GET", 200, 10));
        h.processWatermark(T0 + 9_999);
        feed(h, new RequestLatencyEvent("late", Instant.ofEpochMilli(T0 + 9_000), "api", "/a", "GET", 200, 10));
        h.processWatermark(T0 + 10_000 * 10 + IDLE);
        List<LatencyWindow> out = h.extractOutputValues();
        assertEquals(1 + 6, out.size());
        assertTrue(out.stream().allMatch(w -> w.requestCount() == 1));
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
        h.close();
    }
}
