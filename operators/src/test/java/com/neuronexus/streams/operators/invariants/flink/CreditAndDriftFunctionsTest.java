package com.neuronexus.streams.operators.invariants.flink;

import static com.neuronexus.streams.operators.invariants.LedgerEvents.at;
import static com.neuronexus.streams.operators.invariants.LedgerEvents.ms;
import static com.neuronexus.streams.operators.invariants.flink.Harnesses.CONFIG;
import static com.neuronexus.streams.operators.invariants.flink.Harnesses.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.DriftScore;
import com.neuronexus.streams.operators.invariants.CheckOutcome;
import com.neuronexus.streams.operators.invariants.CreditPosting;
import com.neuronexus.streams.operators.invariants.DriftDelta;
import com.neuronexus.streams.operators.invariants.DriftTally;
import com.neuronexus.streams.operators.invariants.Invariant;
import com.neuronexus.streams.operators.invariants.InvariantConfig;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class CreditAndDriftFunctionsTest {

    private static CreditPosting posting(String id, long t, CreditPosting.Kind kind, String amount) {
        return new CreditPosting(id, at(t), "C1", kind, new BigDecimal(amount), "ref-" + id);
    }

    @Test
    void creditLimitIsCheckedInEventTimeOrderAcrossMergedStreams() throws Exception {
        var harness = Harnesses.open(new CreditLimitFunction(CONFIG), CreditPosting::customerId);
        // The payment stream ran ahead of the invoice stream: ordered, the invoice of t=2 exceeds the limit
        // and the payment of t=3 restores it.
        for (CreditPosting p : List.of(
                posting("pay", 3, CreditPosting.Kind.PAYMENT, "40.00"),
                posting("limit", 0, CreditPosting.Kind.LIMIT, "100.00"),
                posting("inv1", 1, CreditPosting.Kind.INVOICE, "60.00"),
                posting("inv2", 2, CreditPosting.Kind.INVOICE, "45.00"))) {
            harness.processElement(p, p.ts().toEpochMilli());
        }
        harness.processWatermark(ms(3));
        assertEquals(List.of("CREDIT_LIMIT_NOT_EXCEEDED OBSERVED C1", "CREDIT_LIMIT_NOT_EXCEEDED CLEARED C1"),
                describe(harness.extractOutputValues()));
        JsonNode evidence = Json.readTree(harness.extractOutputValues().get(0).evidence());
        assertEquals("<= 100.00", evidence.get("expected").asText());
        assertEquals("105.00", evidence.get("actual").asText());
        harness.close();
    }

    @Test
    void anInvoiceAndItsPaymentAtTheSameInstantDoNotFlap() throws Exception {
        var harness = Harnesses.open(new CreditLimitFunction(CONFIG), CreditPosting::customerId);
        for (CreditPosting p : List.of(
                posting("limit", 0, CreditPosting.Kind.LIMIT, "100.00"),
                posting("a-inv", 1, CreditPosting.Kind.INVOICE, "150.00"),
                posting("b-pay", 1, CreditPosting.Kind.PAYMENT, "150.00"))) {
            harness.processElement(p, p.ts().toEpochMilli());
        }
        harness.processWatermark(ms(1));
        assertEquals(List.of(), describe(harness.extractOutputValues()));
        harness.close();
    }

    private static CheckOutcome outcome(long t, Invariant invariant, String entity, boolean violated) {
        return new CheckOutcome(invariant + entity + t, at(t), invariant, entity, violated);
    }

    /** The two drift stages wired as in the job: outcomes -> per-entity deltas -> one key. */
    static final class DriftPipeline implements AutoCloseable {
        final KeyedOneInputStreamOperatorTestHarness<String, CheckOutcome, DriftDelta> entities;
        final KeyedOneInputStreamOperatorTestHarness<String, DriftDelta, DriftScore> score;
        private int forwarded;

        DriftPipeline(InvariantConfig config) throws Exception {
            entities = Harnesses.open(new DriftEntityFunction(config), CheckOutcome::entryKey);
            score = Harnesses.open(new DriftScoreFunction(config), d -> DriftScoreFunction.KEY);
        }

        void push(CheckOutcome... outcomes) throws Exception {
            for (CheckOutcome o : outcomes) {
                entities.processElement(o, o.ts().toEpochMilli());
            }
            forward();
        }

        void watermark(long t) throws Exception {
            entities.processWatermark(t);
            forward();
            score.processWatermark(t);
        }

        private void forward() throws Exception {
            List<DriftDelta> deltas = entities.extractOutputValues();
            for (; forwarded < deltas.size(); forwarded++) {
                score.processElement(deltas.get(forwarded), deltas.get(forwarded).ts());
            }
        }

        List<DriftScore> scores() {
            return score.extractOutputValues();
        }

        @Override
        public void close() throws Exception {
            entities.close();
            score.close();
        }
    }

    @Test
    void driftScoreEveryTenSecondsOverTheLatestCheckOfEachEntity() throws Exception {
        try (var drift = new DriftPipeline(CONFIG)) {
            drift.push(
                    outcome(1, Invariant.NO_NEGATIVE_STOCK, "A", false),
                    outcome(2, Invariant.NO_NEGATIVE_STOCK, "B", true),
                    outcome(3, Invariant.SALE_TOTAL_MATCHES_LINE_ITEMS, "S1", false),
                    outcome(4, Invariant.SALE_TOTAL_MATCHES_LINE_ITEMS, "S2", false),
                    outcome(12, Invariant.NO_NEGATIVE_STOCK, "B", false));
            drift.watermark(ms(10));
            List<DriftScore> first = drift.scores();
            assertEquals(1, first.size());
            assertEquals(at(10), first.get(0).ts());
            assertEquals(75.0, first.get(0).score());
            assertEquals(4, first.get(0).checked());
            assertEquals(1, first.get(0).violated());
            assertEquals(50.0,
                    Json.readTree(first.get(0).invariantScores()).get("NO_NEGATIVE_STOCK").get("score").asDouble());

            drift.watermark(ms(20));
            List<DriftScore> all = drift.scores();
            assertEquals(2, all.size());
            assertEquals(100.0, all.get(1).score(), "B was restored at t=12");

            drift.watermark(ms(100_000));
            assertEquals(2, drift.scores().size(), "no ticks without checks");
        }
    }

    @Test
    void entitiesLeaveTheWindowAndLeaveNoStateOrTimers() throws Exception {
        try (var drift = new DriftPipeline(CONFIG)) { // window 900 s
            drift.push(outcome(1, Invariant.NO_NEGATIVE_STOCK, "A", true),
                    outcome(5, Invariant.NO_ORPHANED_SALE_ITEMS, "S1", true),
                    outcome(400, Invariant.NO_NEGATIVE_STOCK, "A", true)); // re-checked: stays in until 1300
            drift.push(outcome(905, Invariant.SALE_TOTAL_MATCHES_LINE_ITEMS, "S2", false));
            drift.watermark(ms(910));
            DriftScore at910 = drift.scores().get(drift.scores().size() - 1);
            assertEquals(at(910), at910.ts());
            assertEquals(2, at910.checked(), "S1 (checked at 5) left the window at 905; A and S2 remain");
            assertEquals(1, at910.violated());

            drift.push(outcome(1301, Invariant.SALE_TOTAL_MATCHES_LINE_ITEMS, "S3", false));
            drift.watermark(ms(1310));
            DriftScore at1310 = drift.scores().get(drift.scores().size() - 1);
            assertEquals(2, at1310.checked(), "A left at 400 + 900; S2 and S3 remain");
            assertEquals(0, at1310.violated());
            assertEquals(100.0, at1310.score());

            drift.watermark(ms(1301 + 900 + 10)); // S3 leaves at 2201, applied at the boundary 2210
            assertEquals(0, drift.entities.numKeyedStateEntries(), "every entity left the window: nothing kept");
            assertEquals(0, drift.entities.numEventTimeTimers());
            assertEquals(0, drift.score.numEventTimeTimers());
            assertEquals(1, drift.score.numKeyedStateEntries(), "only the running totals (all zero) remain");
        }
    }

    /**
     * The two-stage sums against the definition, computed from scratch at every tick: each entity counts by
     * its latest check at or before the tick, if that check is within the window.
     */
    @Test
    void sumsOfDeltasEqualTheScoreComputedFromScratch() throws Exception {
        InvariantConfig config = new InvariantConfig(300_000L, 60_000L, 3_600_000L, new BigDecimal("0.005"),
                600_000L, 10_000L, 120_000L);
        Random random = new Random(7);
        List<CheckOutcome> outcomes = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 3_000; i++) {
            t += random.nextInt(4) == 0 ? random.nextInt(60) : random.nextInt(3);
            Invariant invariant = Invariant.values()[random.nextInt(Invariant.values().length)];
            outcomes.add(outcome(t, invariant, "E" + random.nextInt(40), random.nextInt(5) == 0));
        }
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        try (var drift = new DriftPipeline(config)) {
            int next = 0;
            for (long wm = 0; next < outcomes.size(); wm += 1 + random.nextInt(40)) {
                // Everything up to a bit past the watermark has arrived (inputs run ahead of it).
                while (next < outcomes.size() && outcomes.get(next).ts().toEpochMilli() <= ms(wm + 5)) {
                    drift.push(outcomes.get(next++));
                }
                drift.watermark(ms(wm));
            }
            drift.watermark(ms(t + 1_000));
            for (DriftScore s : drift.scores()) {
                actual.add(s.ts() + " " + s.checked() + " " + s.violated() + " " + s.invariantScores());
            }
        }
        long interval = config.driftIntervalMs();
        java.util.TreeSet<Long> ticks = new java.util.TreeSet<>();
        for (CheckOutcome o : outcomes) {
            ticks.add(Math.floorDiv(o.ts().toEpochMilli() + interval - 1, interval) * interval);
        }
        for (long tick : ticks) {
            Map<String, CheckOutcome> latest = new HashMap<>();
            for (CheckOutcome o : outcomes) {
                if (o.ts().toEpochMilli() <= tick) {
                    latest.put(o.entryKey(), o);
                }
            }
            DriftTally tally = new DriftTally();
            for (CheckOutcome o : latest.values()) {
                if (o.ts().toEpochMilli() > tick - config.driftWindowMs()) {
                    tally.add(o.invariant(), o.violated());
                }
            }
            DriftScore s = tally.toScore(Instant.ofEpochMilli(tick), config.driftWindowMs());
            expected.add(s.ts() + " " + s.checked() + " " + s.violated() + " " + s.invariantScores());
        }
        assertTrue(expected.size() > 100, "the workload spans many ticks");
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), "score #" + i);
        }
        assertEquals(expected.size(), actual.size());
    }
}
