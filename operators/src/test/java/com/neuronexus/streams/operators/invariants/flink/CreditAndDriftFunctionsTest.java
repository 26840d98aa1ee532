package com.neuronexus.streams.operators.invariants.flink;

import static com.neuronexus.streams.operators.invariants.LedgerEvents.at;
import static com.neuronexus.streams.operators.invariants.LedgerEvents.ms;
import static com.neuronexus.streams.operators.invariants.flink.Harnesses.CONFIG;
import static com.neuronexus.streams.operators.invariants.flink.Harnesses.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.DriftScore;
import com.neuronexus.streams.operators.invariants.CheckOutcome;
import com.neuronexus.streams.operators.invariants.CreditPosting;
import com.neuronexus.streams.operators.invariants.Invariant;
import java.math.BigDecimal;
import java.util.List;
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

    @Test
    void driftScoreEveryTenSecondsOverTheLatestCheckOfEachEntity() throws Exception {
        var harness = Harnesses.open(new DriftScoreFunction(CONFIG), o -> DriftScoreFunction.KEY);
        long base = 0; // T0 is a whole minute, so boundaries of 10 s fall on t = 10, 20, ...
        for (CheckOutcome o : List.of(
                outcome(base + 1, Invariant.NO_NEGATIVE_STOCK, "A", false),
                outcome(base + 2, Invariant.NO_NEGATIVE_STOCK, "B", true),
                outcome(base + 3, Invariant.SALE_TOTAL_MATCHES_LINE_ITEMS, "S1", false),
                outcome(base + 4, Invariant.SALE_TOTAL_MATCHES_LINE_ITEMS, "S2", false),
                outcome(base + 12, Invariant.NO_NEGATIVE_STOCK, "B", false))) {
            harness.processElement(o, o.ts().toEpochMilli());
        }
        harness.processWatermark(ms(10));
        List<DriftScore> first = harness.extractOutputValues();
        assertEquals(1, first.size());
        assertEquals(at(10), first.get(0).ts());
        assertEquals(75.0, first.get(0).score());
        assertEquals(4, first.get(0).checked());
        assertEquals(1, first.get(0).violated());
        assertEquals(50.0, Json.readTree(first.get(0).invariantScores()).get("NO_NEGATIVE_STOCK").get("score").asDouble());

        harness.processWatermark(ms(20));
        List<DriftScore> all = harness.extractOutputValues();
        assertEquals(2, all.size());
        assertEquals(100.0, all.get(1).score(), "B was restored at t=12");

        harness.processWatermark(ms(100_000));
        assertEquals(2, harness.extractOutputValues().size(), "no ticks without checks");
    }
}
