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
        assertNull(rules.onFillingWindow(state, sliding(1, 19, 10), 1_000), "fewer than 20 requests so far");
        assertNull(rules.onFillingWindow(state, sliding(1, 100, 5), 1_000), "5 % is not > 5 %");
        Signal raised = rules.onFillingWindow(state, sliding(1, 100, 6), 1_234);
        assertEquals("ERROR_RATE_HIGH/OBSERVED/P2", describe(List.of(raised)).get(0));
        assertEquals(java.time.Instant.ofEpochMilli(1_234), raised.ts(), "stamped with the request that tipped it");
        assertTrue(raised.evidence().contains("\"window_filling\":true"), raised.evidence());
        assertNull(rules.onFillingWindow(state, sliding(1, 100, 9), 1_500), "firing: no repeat");
        assertEquals(List.of(), rules.onWindow(state, sliding(1, 100, 7)), "nor when the window completes");
        assertNull(rules.onFillingWindow(state, sliding(2, 100, 0), 2_000), "a filling window never clears");
        assertTrue(state.errorFiring);
        assertEquals(List.of(), rules.onWindow(state, sliding(0, 100, 0)), "an older window does not clear it");
        assertEquals(List.of(), rules.onWindow(state, sliding(1, 100, 5)), "nor the raising window completing at 5 %");
        assertEquals(List.of("ERROR_RATE_HIGH/CLEARED/P2"), describe(rules.onWindow(state, sliding(2, 100, 1))));
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
}
