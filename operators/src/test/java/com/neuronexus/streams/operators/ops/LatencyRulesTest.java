package com.neuronexus.streams.operators.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.outputs.LatencyWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyRulesTest {
    private final LatencyRules rules = new LatencyRules(LatencyRules.Config.defaults());
    private static final long T0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();

    static LatencyWindow tumbling(int i, long count, double mean, double p95) {
        long start = T0 + i * 10_000L;
        return new LatencyWindow("api", "/x", Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + 10_000), 10,
                LatencyWindow.TUMBLING, count, 0, 0, 0, count / 10.0, mean, mean, p95, p95 * 1.2, p95 * 1.5);
    }

    static LatencyWindow sliding(int i, long count, long errors) {
        long start = T0 + i * 10_000L;
        return new LatencyWindow("api", "/x", Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + 60_000), 60,
                LatencyWindow.SLIDING, count, errors, 0, (double) errors / count, count / 60.0, 50, 50, 90, 99, 120);
    }

    /** The filling window with a previous window that holds no request so far and has not been judged. */
    private Signal early(LatencyRuleState state, LatencyWindow filling, long atMillis) {
        return rules.onFillingWindow(state, filling, atMillis, filling.windowEnd().toEpochMilli() - 10_000, () -> null);
    }

    private static List<String> describe(List<Signal> signals) {
        return signals.stream().map(s -> s.kind() + "/" + s.state() + "/" + s.priority()).toList();
    }

    @Test
    void errorRateNeedsTwentyRequestsFiresOnceAndClears() {
        LatencyRuleState state = new LatencyRuleState();
        assertEquals(List.of(), rules.onWindow(state, sliding(0, 19, 10)), "fewer than 20 requests: no verdict");
        assertEquals(List.of("ERROR_RATE_HIGH/OBSERVED/P2"), describe(rules.onWindow(state, sliding(1, 100, 6))));
        assertEquals(List.of(), rules.onWindow(state, sliding(2, 100, 9)), "still firing: no repeat");
        assertEquals(List.of("ERROR_RATE_HIGH/CLEARED/P2"), describe(rules.onWindow(state, sliding(3, 100, 5))), "5 % is not > 5 %");
        Signal observed = rules.onWindow(new LatencyRuleState(), sliding(1, 100, 6)).get(0);
        assertEquals("ERROR_RATE_HIGH:api:/x", observed.dedupKey());
        assertTrue(observed.evidence().contains("\"error_rate\":0.06"), observed.evidence());
    }

    @Test
    void aFillingWindowOnlyRaisesAndOnlyOnce() {
        LatencyRuleState state = new LatencyRuleState();
        assertNull(early(state, sliding(1, 19, 10), 1_000), "fewer than 20 requests so far");
        assertNull(early(state, sliding(1, 100, 5), 1_000), "5 % is not > 5 %");
        Signal raised = early(state, sliding(1, 100, 6), 1_234);
        assertEquals("ERROR_RATE_HIGH/OBSERVED/P2", describe(List.of(raised)).get(0));
        assertEquals(java.time.Instant.ofEpochMilli(1_234), raised.ts(), "stamped with the request that tipped it");
        assertTrue(raised.evidence().contains("\"window_filling\":true"), raised.evidence());
        assertNull(early(state, sliding(1, 100, 9), 1_500), "the same early episode: no repeat");
        assertEquals(List.of(), rules.onWindow(state, sliding(1, 100, 7)), "nor when the window completes");
        assertNull(early(state, sliding(2, 100, 0), 2_000), "a filling window never clears");
        assertTrue(state.errorFiring);
        assertEquals(List.of(), rules.onWindow(state, sliding(0, 100, 0)), "an older window does not clear it");
        assertEquals(List.of(), rules.onWindow(state, sliding(1, 100, 5)), "nor the raising window completing at 5 %");
        assertEquals(List.of("ERROR_RATE_HIGH/CLEARED/P2"), describe(rules.onWindow(state, sliding(2, 100, 1))));
    }

    /**
     * The early rule does not ask whether complete windows fire (that depends on the watermark, so on the run): its
     * episodes are the breaching filling windows less than a window length apart, and the complete windows take
     * each early raise over when they reach its window.
     */
    @Test
    void earlyEpisodesAreTheFillingWindowsOwnAndCompleteWindowsTakeThemOver() {
        LatencyRuleState state = new LatencyRuleState();
        assertEquals(List.of("ERROR_RATE_HIGH/OBSERVED/P2"), describe(rules.onWindow(state, sliding(0, 100, 6))));
        assertNull(early(state, sliding(1, 100, 7), 1_000), "the window before it breached: raised there, not twice");
        assertNull(early(state, sliding(7, 100, 7), 2_000), "ends one window length after the last breach");
        assertEquals(List.of(), rules.onWindow(state, sliding(1, 100, 7)), "still firing");
        assertEquals(List.of("ERROR_RATE_HIGH/CLEARED/P2"), describe(rules.onWindow(state, sliding(7, 100, 1))));
        assertEquals(0, state.earlyRaisedEnds.length, "the breach at window 7 started no episode of its own");

        Signal second = early(state, sliding(14, 100, 7), 3_000);
        assertEquals("ERROR_RATE_HIGH/OBSERVED/P2", describe(List.of(second)).get(0), "more than a window length later: a new episode");
        assertNull(early(state, sliding(15, 100, 7), 3_500));
        assertEquals(List.of(), rules.onWindow(state, sliding(13, 100, 0)), "not reached yet: nothing to clear");
        assertEquals(1, state.earlyRaisedEnds.length);
        assertEquals(List.of(), rules.onWindow(state, sliding(14, 100, 6)), "taken over, not raised again");
        assertTrue(state.errorFiring);
        assertEquals(0, state.earlyRaisedEnds.length);
        assertEquals(List.of("ERROR_RATE_HIGH/CLEARED/P2"), describe(rules.onWindow(state, sliding(15, 100, 0))));
    }

    @Test
    void p95RegressionMustLastSixtySecondsAndClearsWhenBack() {
        LatencyRuleState state = new LatencyRuleState();
        List<String> out = new ArrayList<>();
        int i = 0;
        for (; i < 20; i++) {
            out.addAll(describe(rules.onWindow(state, tumbling(i, 100, 50, 100))));
        }
        assertEquals(List.of(), out);
        // a 50 s regression: not sustained long enough
        for (int k = 0; k < 5; k++, i++) {
            out.addAll(describe(rules.onWindow(state, tumbling(i, 100, 50, 250))));
        }
        out.addAll(describe(rules.onWindow(state, tumbling(i++, 100, 50, 100))));
        assertEquals(List.of(), out.stream().filter(s -> s.startsWith("P95")).toList());
        for (int k = 0; k < 6; k++, i++) {
            out.addAll(describe(rules.onWindow(state, tumbling(i, 100, 50, 250))));
        }
        assertEquals(List.of("P95_REGRESSION/OBSERVED/P2"), out.stream().filter(s -> s.startsWith("P95")).toList());
        assertEquals(100.0, state.p95Baseline, 1e-9, "the regression did not raise its own baseline");
        out.clear();
        out.addAll(describe(rules.onWindow(state, tumbling(i, 100, 50, 110))));
        assertEquals(List.of("P95_REGRESSION/CLEARED/P2"), out);
    }

    @Test
    void meanAboveBaselinePlusThreeSigmaIsP3AndClears() {
        LatencyRuleState state = new LatencyRuleState();
        int i = 0;
        for (; i < 30; i++) {
            assertEquals(List.of(), rules.onWindow(state, tumbling(i, 100, 50 + (i % 2 == 0 ? 2 : -2), 100)));
        }
        assertEquals(List.of("LATENCY_ANOMALY/OBSERVED/P3"), describe(rules.onWindow(state, tumbling(i++, 100, 70, 100))));
        assertEquals(List.of(), rules.onWindow(state, tumbling(i++, 100, 75, 100)));
        assertEquals(List.of("LATENCY_ANOMALY/CLEARED/P3"), describe(rules.onWindow(state, tumbling(i, 100, 51, 100))));
    }

    /** Seed-rule signals of the mean rule over windows of one or two requests, log-normal latencies. */
    private static List<String> sparseNoise(LatencyRules rules, LatencyRuleState state, int windows) {
        java.util.Random random = new java.util.Random(5);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < windows; i++) {
            double latency = Math.exp(Math.log(50) + 0.8 * random.nextGaussian());
            out.addAll(describe(rules.onWindow(state, tumbling(i, 1 + random.nextInt(2), latency, latency))).stream()
                    .filter(s -> s.startsWith("LATENCY_ANOMALY/OBSERVED")).toList());
        }
        return out;
    }

    /**
     * A sparse route. Judging each window's mean on its own (min requests 1, the old behaviour) fires on the
     * tail over and over; pooled into means of at least 20 requests and judged against the per-request spread
     * scaled to the pool, the same noise raises a small fraction of that, and a real shift still fires.
     */
    @Test
    void sparseWindowsArePooledIntoTwentyRequestMeans() {
        LatencyRules.Config d = LatencyRules.Config.defaults();
        LatencyRules perWindow = new LatencyRules(new LatencyRules.Config(d.errorRate(), d.errorMinRequests(),
                d.p95Factor(), d.p95SustainMillis(), d.meanSigmas(), d.errorRateEarly(), 1));
        int windows = 3_000;
        int perWindowAlarms = sparseNoise(perWindow, new LatencyRuleState(), windows).size();
        LatencyRuleState state = new LatencyRuleState();
        int pooledAlarms = sparseNoise(rules, state, windows).size();
        System.out.println("mean rule on sparse noise: per window " + perWindowAlarms + ", pooled " + pooledAlarms);
        assertTrue(perWindowAlarms >= 50, "judged one window at a time the tail fires: " + perWindowAlarms);
        assertTrue(pooledAlarms * 20 <= perWindowAlarms, "pooled: " + pooledAlarms + " vs " + perWindowAlarms);
        assertTrue(state.meanWindows > 190 && state.meanWindows < 310, "pools of 20-21 requests: " + state.meanWindows);
        assertTrue(state.meanBaseline > 55 && state.meanBaseline < 90, "mean of lognormal(ln 50, 0.8): " + state.meanBaseline);
        double sigma = Math.sqrt(state.meanVariance);
        assertTrue(sigma > 30 && sigma < 120, "per-request sigma, not the sigma of means: " + sigma);

        // Clear whatever the noise left firing with one calm busy window, then shift: 12 requests pool, and
        // the next 12 are judged with them.
        rules.onWindow(state, tumbling(windows, 25, state.meanBaseline, 100));
        assertTrue(!state.meanFiring);
        int i = windows + 1;
        double shifted = state.meanBaseline + 2 * sigma;
        assertEquals(List.of(), rules.onWindow(state, tumbling(i++, 12, shifted, 100)), "12 requests: pooled");
        assertEquals(List.of("LATENCY_ANOMALY/OBSERVED/P3"), describe(rules.onWindow(state, tumbling(i++, 12, shifted, 100))));
        assertEquals(List.of(), rules.onWindow(state, tumbling(i++, 3, state.meanBaseline, 100)), "3 requests: pooled, no verdict");
        assertEquals(List.of("LATENCY_ANOMALY/CLEARED/P3"),
                describe(rules.onWindow(state, tumbling(i, 25, state.meanBaseline * 1.05, 100))),
                "5 % up over 28 requests is within 3 sigma/sqrt(28)");
    }

    /** Whether the window before the filling one breached: its verdict once judged, else its requests so far. */
    @Test
    void anEarlyEpisodeIsLeftToThePreviousWindowWhenThatOneBreaches() {
        long previousEnd = T0 + 60_000;
        assertNull(rules.onFillingWindow(new LatencyRuleState(), sliding(1, 100, 7), 1_000, previousEnd, () -> sliding(0, 40, 3)),
                "its requests so far breach: it raises at its own end");
        Signal raised = rules.onFillingWindow(new LatencyRuleState(), sliding(1, 100, 7), 1_000, previousEnd, () -> sliding(0, 19, 3));
        assertEquals("ERROR_RATE_HIGH/OBSERVED/P2", describe(List.of(raised)).get(0), "19 requests so far are no verdict");

        LatencyRuleState judged = new LatencyRuleState();
        assertEquals(List.of(), rules.onWindow(judged, sliding(0, 100, 5)), "judged: not breaching");
        assertEquals("ERROR_RATE_HIGH/OBSERVED/P2", describe(List.of(rules.onFillingWindow(judged, sliding(1, 100, 7), 1_000,
                previousEnd, () -> {
                    throw new AssertionError("a judged window is not merged again");
                }))).get(0));
    }
}
