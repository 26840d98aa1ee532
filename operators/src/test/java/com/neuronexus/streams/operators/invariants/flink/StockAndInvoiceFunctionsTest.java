package com.neuronexus.streams.operators.invariants.flink;

import static com.neuronexus.streams.operators.invariants.LedgerEvents.count;
import static com.neuronexus.streams.operators.invariants.LedgerEvents.invoice;
import static com.neuronexus.streams.operators.invariants.LedgerEvents.move;
import static com.neuronexus.streams.operators.invariants.LedgerEvents.ms;
import static com.neuronexus.streams.operators.invariants.flink.Harnesses.CONFIG;
import static com.neuronexus.streams.operators.invariants.flink.Harnesses.describe;
import static com.neuronexus.streams.operators.invariants.flink.Harnesses.push;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.neuronexus.streams.core.events.LedgerEvent;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.operators.invariants.CreditAccount;
import com.neuronexus.streams.operators.invariants.CheckOutcome;
import com.neuronexus.streams.operators.invariants.CreditPosting;
import com.neuronexus.streams.operators.invariants.LedgerEvents;
import com.neuronexus.streams.operators.invariants.StockLedger;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

class StockAndInvoiceFunctionsTest {

    @Test
    void negativeStockIsDetectedInEventTimeOrderEvenWhenTheCountArrivesLast() throws Exception {
        var harness = Harnesses.open(new StockInvariantsFunction(CONFIG), LedgerEvent::sku);
        // Arrival order: the move overtook the count. Applied in arrival order the move would precede the
        // baseline and go unnoticed.
        push(harness, move("m1", 2, "A", -8), count("c1", 1, "A", 5), move("m1", 2, "A", -8));
        harness.processWatermark(ms(1));
        assertEquals(List.of(), describe(harness.extractOutputValues()), "the move is not due yet");
        harness.processWatermark(ms(2));
        List<Signal> signals = harness.extractOutputValues();
        assertEquals(List.of("NO_NEGATIVE_STOCK OBSERVED A"), describe(signals), "the redelivered move counts once");
        assertEquals(ms(2), signals.get(0).ts().toEpochMilli());
        assertEquals("-3", Json.readTree(signals.get(0).evidence()).get("actual").asText());

        harness.getOutput().clear();
        push(harness, move("m2", 3, "A", 3), count("c2", 4, "A", 0));
        harness.processWatermark(ms(4));
        assertEquals(List.of("NO_NEGATIVE_STOCK CLEARED A"), describe(harness.extractOutputValues()));

        harness.getOutput().clear();
        push(harness, move("m3", 5, "A", 10), count("c3", 6, "A", 7));
        harness.processWatermark(ms(6));
        List<Signal> balance = harness.extractOutputValues();
        assertEquals(List.of("STOCK_MOVEMENT_BALANCE OBSERVED A"), describe(balance));
        assertEquals("P2", balance.get(0).priority());

        harness.getOutput().clear();
        push(harness, move("m4", 7, "A", -2), count("c4", 8, "A", 5));
        harness.processWatermark(ms(8));
        assertEquals(List.of("STOCK_MOVEMENT_BALANCE CLEARED A"), describe(harness.extractOutputValues()));

        harness.processWatermark(ms(8 + 600 + 600 / 4)); // pruned within 1.25 windows
        assertEquals(0, harness.numEventTimeTimers(), "dedup memory pruned after its window");
        assertEquals(2, harness.numKeyedStateEntries(),
                "only the O(1) stock ledger of the SKU and its last drift-outcome intervals remain");
        harness.close();
    }

    @Test
    void oneWatermarkJumpOverManyShuffledAndRedeliveredEventsAppliesEachOnceInOrder() throws Exception {
        var harness = Harnesses.open(new StockInvariantsFunction(CONFIG), LedgerEvent::sku);
        List<LedgerEvent> events = new java.util.ArrayList<>();
        events.add(count("c1", 1, "A", 100));
        for (int t = 2; t <= 101; t++) {
            LedgerEvent m = move("m" + t, t, "A", -1);
            events.add(m);
            events.add(m); // redelivered
        }
        events.add(count("c2", 102, "A", 0)); // balances only if every move applied exactly once
        java.util.Collections.shuffle(events, new java.util.Random(3));
        push(harness, events.toArray(new LedgerEvent[0]));
        push(harness, move("later", 150, "A", -1));
        assertEquals(102 + 1, harness.numEventTimeTimers(), "one release timer per distinct event time");

        harness.processWatermark(ms(102));
        assertEquals(List.of(), describe(harness.extractOutputValues()),
                "in order and once each: never negative, the second count balances");
        assertEquals(1 + 1, harness.numEventTimeTimers(), "the later event's release and the dedup prune remain");

        harness.processWatermark(ms(150));
        assertEquals(List.of("NO_NEGATIVE_STOCK OBSERVED A"), describe(harness.extractOutputValues()));
        harness.processWatermark(ms(150 + 600 + 600 / 4));
        assertEquals(0, harness.numEventTimeTimers());
        assertEquals(2, harness.numKeyedStateEntries(), "no pending events or dedup memory left, only the ledger");
        harness.close();
    }

    @Test
    void anEventBehindTheWatermarkWithinAllowedLatenessIsAppliedAtTheNextWatermark() throws Exception {
        var harness = Harnesses.open(new StockInvariantsFunction(CONFIG), LedgerEvent::sku);
        push(harness, count("c1", 1, "A", 5), count("c2", 10, "A", 5));
        harness.processWatermark(ms(10));
        assertEquals(List.of(), describe(harness.extractOutputValues()));
        push(harness, move("late", 5, "A", -8)); // behind the watermark: the platform let it through
        harness.processWatermark(ms(11));
        assertEquals(List.of("NO_NEGATIVE_STOCK OBSERVED A"), describe(harness.extractOutputValues()),
                "applied after the count it followed in event time; the count of t=10 is not revisited");
        harness.close();
    }

    @Test
    void aBusySkuSendsTheDriftScoreOneOutcomePerIntervalPlusEveryFlip() throws Exception {
        var harness = Harnesses.open(new StockInvariantsFunction(CONFIG), LedgerEvent::sku);
        push(harness, count("c1", 1, "A", 100), move("m1", 2, "A", -1), move("m2", 3, "A", -1),
                move("m3", 4, "A", -200), move("m4", 5, "A", -1), move("m5", 6, "A", 300), move("m6", 12, "A", -1));
        harness.processWatermark(ms(20));
        List<String> outcomes = harness.getSideOutput(InvariantOutputs.OUTCOMES).stream()
                .map(r -> r.getValue().ts().getEpochSecond() - LedgerEvents.at(0).getEpochSecond() + ":"
                        + r.getValue().violated())
                .toList();
        assertEquals(List.of("1:false", "4:true", "6:false", "12:false"), outcomes);
        assertEquals(List.of("NO_NEGATIVE_STOCK OBSERVED A", "NO_NEGATIVE_STOCK OBSERVED A",
                "NO_NEGATIVE_STOCK CLEARED A"), describe(harness.extractOutputValues()), "signals are not throttled");
        harness.close();
    }

    @Test
    void stateObjectsAreFlinkPojosNotKryo() {
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(StockLedger.class));
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(CreditAccount.class));
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(SaleProgress.class));
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(InvoiceProgress.class));
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(DriftEntry.class));
        // Records that flow between the operators and sit in the ordering buffers:
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(LedgerEvent.class));
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(CreditPosting.class));
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(CheckOutcome.class));
        assertInstanceOf(PojoTypeInfo.class,
                TypeInformation.of(com.neuronexus.streams.operators.invariants.DriftDelta.class));
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(com.neuronexus.streams.core.outputs.DriftScore.class));
        assertInstanceOf(PojoTypeInfo.class,
                TypeInformation.of(com.neuronexus.streams.core.outputs.LedgerCorrection.class));
    }

    @Test
    void aReusedInvoiceNumberIsADuplicateUntilItsRetentionEnds() throws Exception {
        var harness = Harnesses.open(new InvoiceInvariantsFunction(CONFIG), LedgerEvent::invoiceNo);
        push(harness,
                invoice("e2", 20, "INV-1", "C1", "50.00"),
                invoice("e1", 10, "INV-1", "C1", "50.00"),
                invoice("e1", 10, "INV-1", "C1", "50.00"),
                invoice("e3", 10, "INV-2", "C2", "5.00"));
        harness.processWatermark(ms(20));
        List<Signal> signals = harness.extractOutputValues();
        assertEquals(List.of("NO_DUPLICATE_INVOICES OBSERVED INV-1"), describe(signals),
                "a redelivered event_id is not a duplicate invoice");
        assertEquals(List.of("e1", "e2"), Json.MAPPER.convertValue(
                Json.readTree(signals.get(0).evidence()).get("event_ids"), List.class));
        List<CreditPosting> postings = harness.getSideOutput(InvariantOutputs.POSTINGS).stream()
                .map(StreamRecord::getValue).toList();
        assertEquals(List.of("e1", "e3"), postings.stream().map(CreditPosting::eventId).sorted().toList(),
                "only the first occurrence counts for credit");

        // A redelivery of the first occurrence long after the dedup window is still recognised.
        harness.getOutput().clear();
        push(harness, invoice("e1", 1000, "INV-1", "C1", "50.00"));
        harness.processWatermark(ms(1000));
        assertEquals(List.of(), describe(harness.extractOutputValues()));

        harness.processWatermark(ms(10 + 3600));
        assertEquals(List.of("NO_DUPLICATE_INVOICES CLEARED INV-1"), describe(harness.extractOutputValues()));
        assertEquals(0, harness.numKeyedStateEntries(), "invoice numbers are forgotten after the retention");
        assertEquals(0, harness.numEventTimeTimers());
        harness.close();
    }
}
