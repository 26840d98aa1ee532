package com.neuronexus.streams.operators.ops.flink;

import com.neuronexus.streams.operators.state.CachedValueState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.events.RequestLatencyEvent;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.outputs.AnomalyWindow;
import com.neuronexus.streams.core.outputs.LatencyWindow;
import com.neuronexus.streams.operators.ops.DetectorConfig;
import com.neuronexus.streams.operators.ops.LatencyPane;
import com.neuronexus.streams.operators.ops.LatencyRules;
import com.neuronexus.streams.operators.ops.LatencyStats;
import com.neuronexus.streams.operators.ops.LatencyFigures;
import com.neuronexus.streams.operators.ops.RobustAnomalyDetector;
import com.neuronexus.streams.operators.ops.ScoredPoint;
import com.neuronexus.streams.operators.ops.SeriesPoint;
import com.neuronexus.streams.operators.ops.SeriesState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
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

    /** The rules as LatencyRulesFunction applies them: on complete windows only. */
    private static final LatencyRules.Config WINDOW_END_RULES = new LatencyRules.Config(0.05, 20, 2.0, 60_000L, 3.0, false, 20);

    private static KeyedOneInputStreamOperatorTestHarness<String, RequestLatencyEvent, LatencyWindow> harness() throws Exception {
        return harness(WINDOW_END_RULES);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, RequestLatencyEvent, LatencyWindow> harness(
            LatencyRules.Config rules) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new RouteLatencyFunction(0.01, 10_000, 60_000, rules, IDLE, DetectorConfig.defaults())),
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
                new KeyedProcessOperator<>(new LatencyRulesFunction(WINDOW_END_RULES, IDLE)),
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

        // the detector's score of the three figures of every tumbling window
        List<ScoredPoint> figures = h.getSideOutput(RouteLatencyFunction.FIGURE_SCORES).stream().map(StreamRecord::getValue).toList();
        assertEquals(3 * tumbling.size(), figures.size());
        assertEquals("p95_ms:api:/a", figures.get(0).series());

        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
        h.close();
        panes.close();
        rules.close();
    }

    /**
     * The route memory is read through a heap cache ({@link CachedValueState}); the keyed state must stay the
     * truth: a function restored from a snapshot taken mid-stream (empty cache, state only) continues exactly as
     * the uninterrupted one, on several routes, with the early rule reading the memory at server errors.
     */
    @Test
    void aFunctionRestoredMidStreamContinuesExactlyAsTheUninterruptedOne() throws Exception {
        List<RequestLatencyEvent> events = new ArrayList<>();
        for (RequestLatencyEvent e : requests()) {
            events.add(e);
            events.add(new RequestLatencyEvent(e.eventId() + "-b", e.ts().plusMillis(3), "api", "/b", "GET", e.status(), e.latencyMs() * 2));
        }
        var whole = harness(LatencyRules.Config.defaults());
        var first = harness(LatencyRules.Config.defaults());
        int cut = events.size() / 2;
        OperatorSubtaskState snapshot = null;
        for (int i = 0; i < events.size(); i++) {
            RequestLatencyEvent e = events.get(i);
            feed(whole, e);
            whole.processWatermark(e.ts().toEpochMilli() - 1);
            if (i < cut) {
                feed(first, e);
                first.processWatermark(e.ts().toEpochMilli() - 1);
                if (i == cut - 1) {
                    snapshot = first.snapshot(1L, 1L);
                }
            }
        }
        var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new RouteLatencyFunction(0.01, 10_000, 60_000, LatencyRules.Config.defaults(), IDLE, DetectorConfig.defaults())),
                (RequestLatencyEvent e) -> LatencyAggregate.key(e.service(), e.route()), Types.STRING);
        restored.initializeState(snapshot);
        restored.open();
        for (int i = cut; i < events.size(); i++) {
            feed(restored, events.get(i));
            restored.processWatermark(events.get(i).ts().toEpochMilli() - 1);
        }
        whole.processWatermark(T0 + 10_000 * 40 + IDLE);
        restored.processWatermark(T0 + 10_000 * 40 + IDLE);

        List<LatencyWindow> windows = new ArrayList<>(first.extractOutputValues());
        windows.addAll(restored.extractOutputValues());
        assertEquals(whole.extractOutputValues(), windows);
        List<Signal> raised = new ArrayList<>(signals(first));
        raised.addAll(signals(restored));
        assertTrue(signals(whole).stream().anyMatch(x -> x.kind().equals(LatencyRules.ERROR_RATE_HIGH)), signals(whole).toString());
        assertEquals(signals(whole), raised);
        List<Object> scores = new ArrayList<>(first.getSideOutput(RouteLatencyFunction.FIGURE_SCORES).stream().map(StreamRecord::getValue).toList());
        scores.addAll(restored.getSideOutput(RouteLatencyFunction.FIGURE_SCORES).stream().map(StreamRecord::getValue).toList());
        assertEquals(whole.getSideOutput(RouteLatencyFunction.FIGURE_SCORES).stream().map(StreamRecord::getValue).toList(), scores);
        assertEquals(0, restored.numKeyedStateEntries());
        assertEquals(0, restored.numEventTimeTimers());
        for (var h : List.of(whole, first, restored)) {
            h.close();
        }
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

    /**
     * A watermark that passes several windows of the timer chain at once emits them in one firing
     * ({@code slideAhead}); the rows, their record timestamps (each its window's last instant), the signals and
     * their timestamps must be those of one timer per window. The error burst of pane 0 is raised by a pane's
     * window and cleared by a window of the chain (pane 6's end, no pane of its own): that one has a signal, so it
     * must keep its own timer, and its signal its own timestamp.
     */
    @Test
    void windowsPassedByOneWatermarkStepAreTheRowsAndStampsOfOneTimerEach() throws Exception {
        List<RequestLatencyEvent> events = new ArrayList<>();
        int[][] panes = {{0, 30, 3}, {2, 30, 0}, {9, 5, 0}, {11, 20, 0}, {30, 1, 0}};
        for (int[] p : panes) {
            for (int i = 0; i < p[1]; i++) {
                long ts = T0 + p[0] * 10_000L + i * 300L;
                for (String route : List.of("/a", "/b")) {
                    events.add(new RequestLatencyEvent("w" + p[0] + "-" + i + route, Instant.ofEpochMilli(ts), "api", route, "GET",
                            p[2] > 0 && i % p[2] == 0 ? 503 : 200, 40 + i));
                }
            }
        }
        var stepwise = harness();
        var atOnce = harness();
        for (RequestLatencyEvent e : events) {
            feed(stepwise, e);
            feed(atOnce, e);
        }
        for (long wm = T0 + 9_999; wm <= T0 + 10_000 * 45; wm += 10_000) {
            stepwise.processWatermark(wm); // every window end in a step of its own: one timer each
        }
        atOnce.processWatermark(T0 + 10_000 * 45);
        List<LatencyWindow> rows = stepwise.extractOutputValues();
        assertTrue(rows.size() > 20, rows.toString());
        assertEquals(stamps(stepwise.getOutput()), stamps(atOnce.getOutput()));
        var signals = stepwise.getSideOutput(RouteLatencyFunction.SIGNALS);
        assertTrue(signals.stream().anyMatch(r -> r.getValue().state() == Signal.SignalState.CLEARED
                && r.getTimestamp() == T0 + 69_999), "cleared by the chain's window ending at pane 6: " + signals);
        assertEquals(stamps(signals), stamps(atOnce.getSideOutput(RouteLatencyFunction.SIGNALS)));
        assertEquals(stamps(stepwise.getSideOutput(RouteLatencyFunction.FIGURE_SCORES)),
                stamps(atOnce.getSideOutput(RouteLatencyFunction.FIGURE_SCORES)));
        stepwise.processWatermark(T0 + 10_000 * 45 + IDLE);
        atOnce.processWatermark(T0 + 10_000 * 45 + IDLE);
        assertEquals(stamps(stepwise.getOutput()), stamps(atOnce.getOutput()));
        assertEquals(0, atOnce.numKeyedStateEntries());
        assertEquals(0, atOnce.numEventTimeTimers());
        stepwise.close();
        atOnce.close();
    }

    /**
     * Each record with its timestamp, watermarks left out: route /a's in order, then route /b's (the order of
     * rows across routes within one watermark step is not kept).
     */
    private static List<String> stamps(java.util.Collection<?> output) {
        List<String> all = output.stream().filter(o -> o instanceof StreamRecord<?>).map(o -> (StreamRecord<?>) o)
                .map(r -> r.getTimestamp() + " " + r.getValue()).toList();
        List<String> byRoute = new ArrayList<>();
        for (String route : List.of("/a", "/b")) {
            all.stream().filter(x -> x.contains(route + ", ") || x.contains(route + "]")).forEach(byRoute::add);
        }
        assertEquals(all.size(), byRoute.size(), "every record belongs to one route: " + all);
        return byRoute;
    }

    /**
     * Panes 0..39 of 20 requests each, the last ten ten times slower (an anomaly window on p95 that is still
     * open when the route goes quiet), and the panes in {@code later}.
     */
    private static List<RequestLatencyEvent> anomalous(int... later) {
        List<RequestLatencyEvent> out = new ArrayList<>();
        List<Integer> panes = new ArrayList<>();
        for (int p = 0; p < 40; p++) {
            panes.add(p);
        }
        for (int p : later) {
            panes.add(p);
        }
        for (int p : panes) {
            for (int i = 0; i < 20; i++) {
                long ts = T0 + p * 10_000L + i * 500L;
                int latency = (100 + (i * 7 + p * 3) % 20) * (p >= 30 && p < 40 ? 10 : 1);
                out.add(new RequestLatencyEvent("q" + p + "-" + i, Instant.ofEpochMilli(ts), "api", "/a", "GET",
                        (i + p) % 9 == 0 ? 500 : 200, latency));
            }
        }
        return out;
    }

    private static <T> List<T> side(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> h, OutputTag<T> tag) {
        var records = h.getSideOutput(tag);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    private static final Comparator<AnomalyWindow> WINDOW_ORDER = Comparator.comparing(AnomalyWindow::series)
            .thenComparing(AnomalyWindow::windowStart).thenComparing(AnomalyWindow::status);
    private static final Comparator<Signal> SIGNAL_ORDER = Comparator.comparing(Signal::ts).thenComparing(Signal::eventId);
    private static final Comparator<ScoredPoint> SCORE_ORDER = Comparator.comparing(ScoredPoint::series)
            .thenComparingLong(ScoredPoint::tsMillis);

    /**
     * The route function's figure scores, anomaly windows and signals equal SeriesAnomalyFunction's on the
     * figures of the same tumbling windows, each passed on as the route emits it, with the route's watermark
     * (so the detector's idle timer fires as the watermark passes the deadline); the final watermark is past
     * every idle deadline. Returns the route function's anomaly windows and signals.
     */
    private static Anomalies assertFiguresScoredAsTheDetectorScoresThem(List<RequestLatencyEvent> requests)
            throws Exception {
        var h = harness();
        for (RequestLatencyEvent e : requests) {
            feed(h, e);
        }
        long end = T0 + 10_000L * 1_000 + 10 * IDLE;
        h.processWatermark(end);
        var detector = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new SeriesAnomalyFunction(DetectorConfig.defaults(), IDLE)),
                SeriesPoint::series, Types.STRING);
        detector.open();
        for (LatencyWindow w : h.extractOutputValues()) {
            if (w.windowKind().equals(LatencyWindow.TUMBLING)) {
                List<SeriesPoint> figures = new ArrayList<>();
                LatencyFigures.of(w, figures::add);
                // the watermark just before the figures, as a live watermark passes a gap before the next
                // request's pane closes: the detector's idle timer fires in the gap, before the next figure
                detector.processWatermark(figures.get(0).tsMillis() - 1);
                for (SeriesPoint p : figures) {
                    detector.processElement(new StreamRecord<>(p, p.tsMillis()));
                }
                detector.processWatermark(figures.get(0).tsMillis());
            }
        }
        detector.processWatermark(end);

        assertEquals(detector.extractOutputValues().stream().sorted(SCORE_ORDER).toList(),
                side(h, RouteLatencyFunction.FIGURE_SCORES).stream().sorted(SCORE_ORDER).toList());
        List<AnomalyWindow> windows = side(h, RouteLatencyFunction.ANOMALY_WINDOWS);
        List<Signal> signals = side(h, RouteLatencyFunction.ANOMALY_SIGNALS);
        assertEquals(side(detector, SeriesAnomalyFunction.WINDOWS).stream().sorted(WINDOW_ORDER).toList(),
                windows.stream().sorted(WINDOW_ORDER).toList());
        assertEquals(side(detector, SeriesAnomalyFunction.SIGNALS).stream().sorted(SIGNAL_ORDER).toList(),
                signals.stream().sorted(SIGNAL_ORDER).toList());
        // idle: the route forgot everything, figure models included, and left no timer
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
        assertEquals(0, detector.numKeyedStateEntries());
        h.close();
        detector.close();
        return new Anomalies(windows, signals);
    }

    private record Anomalies(List<AnomalyWindow> windows, List<Signal> signals) {
        /** The p95 series' CLOSED window and its CLEARED signal. */
        void assertP95ClosedAt(long windowStart, long signalTs) {
            List<AnomalyWindow> p95 = windows.stream().filter(w -> w.series().equals("p95_ms:api:/a")).toList();
            assertEquals(2, p95.size(), windows.toString());
            assertEquals(AnomalyWindow.OPEN, p95.get(0).status());
            assertEquals(windowStart, p95.get(0).windowStart().toEpochMilli());
            assertEquals(AnomalyWindow.CLOSED, p95.get(1).status());
            assertEquals(windowStart, p95.get(1).windowStart().toEpochMilli());
            List<Signal> cleared = signals.stream().filter(s -> s.state() == Signal.SignalState.CLEARED
                    && s.dedupKey().equals(SeriesPoint.LATENCY_ANOMALY + ":p95_ms:api:/a")).toList();
            assertEquals(1, cleared.size(), signals.toString());
            assertEquals(signalTs, cleared.get(0).ts().toEpochMilli());
        }
    }

    @Test
    void figureScoresAreTheDetectorsAndAWindowOpenAtIdleIsClosedAtTheFiguresDeadline() throws Exception {
        List<RequestLatencyEvent> requests = anomalous();
        Anomalies anomalies = assertFiguresScoredAsTheDetectorScoresThem(requests);

        // the scores are RobustAnomalyDetector's on each figure series, in window order
        var h = harness();
        for (RequestLatencyEvent e : requests) {
            feed(h, e);
        }
        h.processWatermark(T0 + 400_000);
        List<LatencyWindow> tumbling = h.extractOutputValues().stream()
                .filter(w -> w.windowKind().equals(LatencyWindow.TUMBLING)).toList();
        assertEquals(40, tumbling.size());
        RobustAnomalyDetector plain = new RobustAnomalyDetector(DetectorConfig.defaults());
        Map<String, SeriesState> models = new TreeMap<>();
        List<ScoredPoint> expected = new ArrayList<>();
        for (LatencyWindow w : tumbling) {
            LatencyFigures.of(w, p -> {
                var scored = plain.update(models.computeIfAbsent(p.series(), k -> plain.newState()), p.tsMillis(),
                        p.value(), p.noiseFloor());
                expected.add(new ScoredPoint(p.series(), p.tsMillis(), p.value(), p.ref(), scored.score(), scored.expected()));
            });
        }
        assertEquals(expected, side(h, RouteLatencyFunction.FIGURE_SCORES));
        h.close();

        // p95 opened a window at the slow panes; still open when the route went quiet, it was closed at the
        // series' own idle deadline (last figure + idle), not the route's (its last sliding window end + idle)
        anomalies.assertP95ClosedAt(T0 + 300_000 + 9_999, T0 + 400_000 - 1 + IDLE);
    }

    /**
     * A route quiet for longer than idle whose idle timer has not fired yet (its sliding windows end later
     * than its last figure): the figure series are forgotten at their deadline before the next figure, whose
     * series start again, as SeriesAnomalyFunction forgets and restarts them.
     */
    @Test
    void aFigureAfterTheIdleDeadlineButBeforeTheRoutesStartsItsSeriesAgain() throws Exception {
        // pane 102 ends between the figures' deadline (pane 39's end - 1 + idle) and the route's (+ 50 s)
        long figuresDeadline = T0 + 400_000 - 1 + IDLE;
        long routeDeadline = T0 + 450_000 + IDLE;
        long pane102 = T0 + 1_030_000 - 1;
        assertTrue(figuresDeadline < pane102 && pane102 < routeDeadline);
        // closed at the figures' deadline; panes 102, 103 and 400 (after the route's idle timer) open none
        assertFiguresScoredAsTheDetectorScoresThem(anomalous(102, 103, 400))
                .assertP95ClosedAt(T0 + 300_000 + 9_999, figuresDeadline);
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

    private static List<Signal> signals(KeyedOneInputStreamOperatorTestHarness<String, RequestLatencyEvent, LatencyWindow> h) {
        var out = h.getSideOutput(RouteLatencyFunction.SIGNALS);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }

    /**
     * The error rate tips at the second 500 of pane 1 (3 errors in 21 requests, 10:00:19.970), while the sliding
     * window holding it ends at 10:00:20: raised at that request, before any watermark, and never again when
     * the window completes; every other signal is the window-end one, and nothing is left behind.
     */
    @Test
    void theErrorRateRuleRaisesAtTheServerErrorThatTipsTheFillingWindow() throws Exception {
        var atWindowEnd = harness();
        var early = harness(LatencyRules.Config.defaults());
        var earlyLive = harness(LatencyRules.Config.defaults());
        long tipping = T0 + 10_000 + 9_970;
        for (RequestLatencyEvent e : requests()) {
            feed(atWindowEnd, e);
            feed(early, e);
            feed(earlyLive, e); // with its watermark: pane 0 has closed when pane 1's errors come
            earlyLive.processWatermark(e.ts().toEpochMilli() - 1);
            if (e.ts().toEpochMilli() == tipping) {
                List<Signal> raised = signals(early);
                assertEquals(1, raised.size(), "raised before any watermark: " + raised);
                assertEquals(LatencyRules.ERROR_RATE_HIGH, raised.get(0).kind());
                assertEquals(Signal.SignalState.OBSERVED, raised.get(0).state());
                assertEquals(Instant.ofEpochMilli(tipping), raised.get(0).ts());
                assertTrue(raised.get(0).evidence().contains("\"requests\":21"), raised.get(0).evidence());
                assertEquals(raised, signals(earlyLive), "closed panes count as open ones do");
                assertTrue(signals(atWindowEnd).isEmpty());
            }
        }
        for (var h : List.of(atWindowEnd, early, earlyLive)) {
            h.processWatermark(T0 + 10_000 * 40 + IDLE);
        }
        List<Signal> windowEnd = signals(atWindowEnd);
        List<Signal> raisedEarly = signals(early);
        assertEquals(raisedEarly, signals(earlyLive));
        assertEquals(windowEnd.size(), raisedEarly.size());
        for (int i = 0; i < windowEnd.size(); i++) {
            Signal a = windowEnd.get(i);
            Signal b = raisedEarly.get(i);
            assertEquals(a.kind() + a.state(), b.kind() + b.state());
            boolean raisedAtTip = a.kind().equals(LatencyRules.ERROR_RATE_HIGH) && a.state() == Signal.SignalState.OBSERVED;
            assertEquals(raisedAtTip ? Instant.ofEpochMilli(tipping) : a.ts(), b.ts(), a + " vs " + b);
        }
        assertEquals(1, raisedEarly.stream().filter(x -> x.kind().equals(LatencyRules.ERROR_RATE_HIGH)
                && x.state() == Signal.SignalState.CLEARED).count(), "cleared by complete windows: " + raisedEarly);
        assertEquals(atWindowEnd.extractOutputValues(), early.extractOutputValues());
        for (var h : List.of(atWindowEnd, early, earlyLive)) {
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
            h.close();
        }
    }

    /**
     * A burst tipped by a successful request (the 20th of pane 0, 2 errors in 20) is raised by its complete window;
     * a server error in pane 1 then finds the filling window breaching too. Whether that window has completed by
     * then depends on how far the watermark has got, which differs between a live run and a replay; the
     * signals must not (before session 9 one run raised at the window's end, the other at the server error). Later
     * a second burst (pane 30) raises early, and both are cleared.
     */
    @Test
    void theErrorRateRulesSignalsDoNotDependOnWhereTheWatermarkStands() throws Exception {
        List<RequestLatencyEvent> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            requests.add(request("p0-" + i, T0 + 100 + i * 100L, i < 2 ? 500 : 200));
        }
        requests.add(request("p1-ok", T0 + 11_000, 200));
        requests.add(request("p1-err", T0 + 12_000, 500));
        for (int pane = 2; pane < 8; pane++) {
            for (int i = 0; i < 30; i++) {
                requests.add(request("p" + pane + "-" + i, T0 + pane * 10_000L + i * 100L, 200));
            }
        }
        for (int i = 0; i < 25; i++) {
            requests.add(request("p30-" + i, T0 + 300_000 + i * 100L, i >= 20 ? 500 : 200));
        }
        var noWatermark = harness(LatencyRules.Config.defaults());
        var live = harness(LatencyRules.Config.defaults());
        var lagging = harness(LatencyRules.Config.defaults());
        for (RequestLatencyEvent e : requests) {
            feed(noWatermark, e);
            feed(live, e);
            live.processWatermark(e.ts().toEpochMilli() - 1);
            feed(lagging, e);
            lagging.processWatermark(e.ts().toEpochMilli() - 15_000);
        }
        List<List<Signal>> runs = new ArrayList<>();
        for (var h : List.of(noWatermark, live, lagging)) {
            h.processWatermark(T0 + 400_000 + IDLE);
            List<Signal> errorRate = new ArrayList<>(signals(h).stream().filter(x -> x.kind().equals(LatencyRules.ERROR_RATE_HIGH)).toList());
            errorRate.sort(Comparator.comparing(Signal::ts).thenComparing(Signal::eventId));
            runs.add(errorRate);
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
        }
        assertEquals(runs.get(0), runs.get(1), "live watermarks");
        assertEquals(runs.get(0), runs.get(2), "a lagging watermark");
        List<String> seen = runs.get(0).stream().map(x -> x.state() + "@" + (x.ts().toEpochMilli() - T0)
                + (x.evidence().contains("window_filling") ? " early" : "")).toList();
        assertEquals(List.of("OBSERVED@10000", "CLEARED@40000", "OBSERVED@302100 early", "CLEARED@960000"), seen,
                "the first burst raised once, by its complete window; the second early");
        for (var h : List.of(noWatermark, live, lagging)) {
            h.close();
        }
    }

    private static RequestLatencyEvent request(String id, long ts, int status) {
        return new RequestLatencyEvent(id, Instant.ofEpochMilli(ts), "api", "/a", "GET", status, 20);
    }

    /**
     * The early rule acts on arrival: the same requests of a route, arriving as two round-robin paths could deliver
     * them, raise at another request or not yet at all. So the function needs each route's requests in one
     * order — a Kafka partition's live, the file's in a replay (FileReplayTest#eachKeysEventsReachItsKeyedOperatorInFileOrder).
     */
    @Test
    void theEarlyRuleDependsOnArrivalOrderSoReplaysMustKeepEachKeysFileOrder() throws Exception {
        List<RequestLatencyEvent> fileOrder = requests();
        List<RequestLatencyEvent> twoPaths = new ArrayList<>();
        for (int path = 0; path < 2; path++) {
            for (int i = path; i < fileOrder.size(); i += 2) {
                twoPaths.add(fileOrder.get(i));
            }
        }
        var inFileOrder = harness(LatencyRules.Config.defaults());
        var interleaved = harness(LatencyRules.Config.defaults());
        fileOrder.forEach(e -> uncheck(() -> feed(inFileOrder, e)));
        twoPaths.forEach(e -> uncheck(() -> feed(interleaved, e)));
        List<Signal> a = signals(inFileOrder);
        assertEquals(List.of(Instant.ofEpochMilli(T0 + 10_000 + 9_970)), a.stream().map(Signal::ts).toList());
        assertNotEquals(a, signals(interleaved), "another arrival order, another early signal (here: none yet)");
        inFileOrder.close();
        interleaved.close();
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void uncheck(Step step) {
        try {
            step.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
