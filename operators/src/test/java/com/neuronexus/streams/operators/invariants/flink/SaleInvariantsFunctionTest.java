package com.neuronexus.streams.operators.invariants.flink;

import static com.neuronexus.streams.operators.invariants.LedgerEvents.item;
import static com.neuronexus.streams.operators.invariants.LedgerEvents.ms;
import static com.neuronexus.streams.operators.invariants.LedgerEvents.payment;
import static com.neuronexus.streams.operators.invariants.LedgerEvents.sale;
import static com.neuronexus.streams.operators.invariants.flink.Harnesses.CONFIG;
import static com.neuronexus.streams.operators.invariants.flink.Harnesses.describe;
import static com.neuronexus.streams.operators.invariants.flink.Harnesses.push;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.neuronexus.streams.core.events.LedgerEvent;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.LedgerCorrection;
import com.neuronexus.streams.operators.invariants.CheckOutcome;
import com.neuronexus.streams.operators.invariants.CreditPosting;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SaleInvariantsFunctionTest {
    private KeyedOneInputStreamOperatorTestHarness<String, LedgerEvent, Signal> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = Harnesses.open(new SaleInvariantsFunction(CONFIG), LedgerEvent::saleId);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private List<String> signals() {
        return describe(harness.extractOutputValues());
    }

    @Test
    void aConsistentSaleArrivingItemsAndPaymentsFirstRaisesNothingAndLeavesNoStateBehind() throws Exception {
        push(harness,
                item("i2", 2, "S1", 2, "6.00"),
                payment("p1", 3, "S1", "P1", "10.00"),
                item("i1", 1, "S1", 1, "4.00"),
                payment("p1", 3, "S1", "P1", "10.00"), // redelivered: applied once, or the sale would be overpaid
                sale("h1", 4, "S1", "C1", "10.00", 2, "CLOSED"));
        harness.processWatermark(ms(4));

        assertEquals(List.of(), signals());
        List<CheckOutcome> outcomes = harness.getSideOutput(InvariantOutputs.OUTCOMES).stream()
                .map(StreamRecord::getValue).toList();
        assertEquals(3, outcomes.size(), "sale total, payment sum and orphan check counted for the drift score");
        assertTrue(outcomes.stream().noneMatch(CheckOutcome::violated));
        List<CreditPosting> postings = harness.getSideOutput(InvariantOutputs.POSTINGS).stream()
                .map(StreamRecord::getValue).toList();
        assertEquals(1, postings.size(), "the payment is attributed to the sale's customer once");
        assertEquals("C1", postings.get(0).customerId());
        assertEquals(ms(4), postings.get(0).ts().toEpochMilli(), "posted when the header made it attributable");

        harness.processWatermark(ms(2 + 2 * 300));
        assertEquals(List.of(), signals());
        assertEquals(0, harness.numKeyedStateEntries(), "finished sale leaves no state");
        assertEquals(0, harness.numEventTimeTimers(), "finished sale leaves no timers");
    }

    @Test
    void mismatchedTotalsAreObservedWhenTheSaleCompletesAndALatePaymentClears() throws Exception {
        push(harness,
                sale("h1", 1, "S2", null, "10.00", 2, "CLOSED"),
                item("i1", 2, "S2", 1, "4.00"),
                payment("p1", 2, "S2", "P1", "9.00"));
        harness.processWatermark(ms(2));
        assertEquals(List.of(), signals(), "not checked before line_count lines arrived");

        push(harness, item("i2", 3, "S2", 2, "5.00"));
        harness.processWatermark(ms(3));
        assertEquals(List.of("SALE_TOTAL_MATCHES_LINE_ITEMS OBSERVED S2", "PAYMENT_SUM_MATCHES_SALE_TOTAL OBSERVED S2"),
                signals());
        Signal total = harness.extractOutputValues().get(0);
        assertEquals("P1", total.priority());
        assertEquals("invariants", total.source());
        assertEquals(ms(3), total.ts().toEpochMilli(), "detected at the event that completed the sale");
        JsonNode evidence = Json.readTree(total.evidence());
        assertEquals("10.00", evidence.get("expected").asText());
        assertEquals("9.00", evidence.get("actual").asText());
        assertEquals("S2", evidence.get("entity").asText());
        assertEquals(List.of("h1", "i1", "i2"),
                Json.MAPPER.convertValue(evidence.get("event_ids"), List.class));

        harness.getOutput().clear();
        push(harness, payment("p2", 10, "S2", "P2", "1.004"));
        harness.processWatermark(ms(10));
        assertEquals(List.of("SALE_TOTAL_MATCHES_LINE_ITEMS OBSERVED S2", "PAYMENT_SUM_MATCHES_SALE_TOTAL CLEARED S2"),
                signals(), "re-check: the total mismatch persists (an incident attempt), the payments now match");
    }

    @Test
    void anOpenSaleIsCheckedAtTheSettleTimeout() throws Exception {
        push(harness,
                sale("h1", 0, "S3", null, "3.00", 1, "OPEN"),
                item("i1", 1, "S3", 1, "3.00"));
        harness.processWatermark(ms(299));
        assertEquals(List.of(), signals());
        harness.processWatermark(ms(300));
        assertEquals(List.of("PAYMENT_SUM_MATCHES_SALE_TOTAL OBSERVED S3"), signals());
        harness.processWatermark(ms(600));
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void itemsWithoutHeaderAreOrphanedAtTheTimeoutAndClearedWhenTheHeaderComes() throws Exception {
        push(harness, item("i1", 0, "S4", 1, "2.00"), item("i2", 1, "S4", 2, "3.00"));
        harness.processWatermark(ms(59));
        assertEquals(List.of(), signals(), "items before their header are normal until the orphan timeout");

        harness.processWatermark(ms(60));
        assertEquals(List.of("NO_ORPHANED_SALE_ITEMS OBSERVED S4"), signals());
        assertEquals("P3", harness.extractOutputValues().get(0).priority());
        List<LedgerCorrection> corrections = harness.getSideOutput(InvariantOutputs.CORRECTIONS).stream()
                .map(StreamRecord::getValue).toList();
        assertEquals(List.of("i1", "i2"), corrections.stream().map(LedgerCorrection::itemEventId).toList());
        assertEquals(LedgerCorrection.DELETE_ORPHANED_SALE_ITEM, corrections.get(0).command());

        harness.getOutput().clear();
        push(harness, sale("h1", 90, "S4", null, "5.00", 2, "CLOSED"), payment("p1", 90, "S4", "P1", "5.00"));
        harness.processWatermark(ms(90));
        assertEquals(List.of("NO_ORPHANED_SALE_ITEMS CLEARED S4"), signals());
        harness.processWatermark(ms(600));
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void theOutputDoesNotDependOnArrivalOrder() throws Exception {
        List<LedgerEvent> events = List.of(
                sale("h1", 1, "S5", "C1", "7.00", 2, "OPEN"),
                item("i1", 2, "S5", 1, "3.00"),
                item("i2", 3, "S5", 2, "4.50"),
                payment("p1", 4, "S5", "P1", "7.00"),
                sale("h2", 5, "S5", "C1", "7.00", 2, "CLOSED"));
        push(harness, events.toArray(LedgerEvent[]::new));
        harness.processWatermark(ms(1000));
        List<Signal> inOrder = harness.extractOutputValues();

        var reversed = Harnesses.open(new SaleInvariantsFunction(CONFIG), LedgerEvent::saleId);
        for (int i = events.size() - 1; i >= 0; i--) {
            reversed.processElement(events.get(i), events.get(i).ts().toEpochMilli());
        }
        reversed.processWatermark(ms(1000));
        assertEquals(inOrder, reversed.extractOutputValues());
        assertEquals(List.of("SALE_TOTAL_MATCHES_LINE_ITEMS OBSERVED S5"), describe(inOrder));
        reversed.close();
    }

    @Test
    void aCorrectedItemOrPaymentReplacesTheOldOneInTheKeptSumsAndTheEvidenceShowsTheCurrentOnes() throws Exception {
        // Same line_no / payment_id, new event_id: a correction replaces the line or payment, it does not add.
        push(harness,
                item("i1", 1, "S1", 1, "4.00"),
                item("i2", 1, "S1", 2, "7.00"),
                payment("p1", 2, "S1", "P1", "9.00"),
                sale("h1", 3, "S1", null, "10.00", 2, "CLOSED"));
        harness.processWatermark(ms(3));
        assertEquals(List.of("SALE_TOTAL_MATCHES_LINE_ITEMS OBSERVED S1", "PAYMENT_SUM_MATCHES_SALE_TOTAL OBSERVED S1"),
                signals());
        var observed = Json.readTree(harness.extractOutputValues().get(0).evidence());
        assertEquals("11.00", observed.get("actual").asText());
        assertEquals(List.of("h1", "i1", "i2"), Json.MAPPER.convertValue(observed.get("event_ids"), List.class));

        harness.getOutput().clear();
        push(harness, item("i2b", 4, "S1", 2, "6.00"), payment("p1b", 4, "S1", "P1", "10.00"));
        harness.processWatermark(ms(4));
        List<Signal> cleared = harness.extractOutputValues();
        assertEquals(List.of("SALE_TOTAL_MATCHES_LINE_ITEMS CLEARED S1", "PAYMENT_SUM_MATCHES_SALE_TOTAL CLEARED S1"),
                describe(cleared));
        var total = Json.readTree(cleared.get(0).evidence());
        assertEquals("10.00", total.get("actual").asText(), "the corrected line replaced the old one in the sum");
        assertEquals(List.of("h1", "i1", "i2b"), Json.MAPPER.convertValue(total.get("event_ids"), List.class));
        assertEquals("10.00", Json.readTree(cleared.get(1).evidence()).get("actual").asText());

        harness.getOutput().clear();
        push(harness, payment("p2", 5, "S1", "P2", "0.50"));
        harness.processWatermark(ms(5));
        assertEquals(List.of("PAYMENT_SUM_MATCHES_SALE_TOTAL OBSERVED S1"), signals(),
                "a second payment_id adds to the sum");

        harness.processWatermark(ms(1 + 2 * 300));
        assertEquals(0, harness.numKeyedStateEntries(), "the replaced and the current entries are all gone");
        assertEquals(0, harness.numEventTimeTimers());
    }
}
