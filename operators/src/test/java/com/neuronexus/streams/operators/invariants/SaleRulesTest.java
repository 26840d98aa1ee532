package com.neuronexus.streams.operators.invariants;

import static com.neuronexus.streams.operators.invariants.LedgerEvents.at;
import static com.neuronexus.streams.operators.invariants.LedgerEvents.item;
import static com.neuronexus.streams.operators.invariants.LedgerEvents.payment;
import static com.neuronexus.streams.operators.invariants.LedgerEvents.sale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.outputs.LedgerCorrection;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class SaleRulesTest {
    private static final BigDecimal TOLERANCE = new BigDecimal("0.005");

    @Test
    void saleTotalMatchesWithinTheMoneyTolerance() {
        SaleLedger within = new SaleLedger("S1", sale("h", 0, "S1", null, "10.00", 2, "CLOSED"),
                List.of(item("i1", 0, "S1", 1, "4.00"), item("i2", 0, "S1", 2, "6.004")), List.of());
        assertFalse(SaleTotalRule.check(within, TOLERANCE).violated());

        SaleLedger beyond = new SaleLedger("S1", sale("h", 0, "S1", null, "10.00", 2, "CLOSED"),
                List.of(item("i1", 0, "S1", 1, "4.00"), item("i2", 0, "S1", 2, "6.006")), List.of());
        Check check = SaleTotalRule.check(beyond, TOLERANCE);
        assertTrue(check.violated());
        assertEquals("10.00", check.expected());
        assertEquals("10.006", check.actual());
        assertEquals(List.of("h", "i1", "i2"), check.eventIds());
    }

    @Test
    void paymentsMustAddUpToTheTotalNeitherLessNorMore() {
        var header = sale("h", 0, "S1", null, "25.50", 1, "CLOSED");
        var items = List.of(item("i1", 0, "S1", 1, "25.50"));
        assertTrue(PaymentSumRule.check(new SaleLedger("S1", header, items,
                List.of(payment("p1", 0, "S1", "P1", "20.00"))), TOLERANCE).violated());
        assertTrue(PaymentSumRule.check(new SaleLedger("S1", header, items,
                List.of(payment("p1", 0, "S1", "P1", "20.00"), payment("p2", 0, "S1", "P2", "10.00"))), TOLERANCE)
                .violated());
        Check paid = PaymentSumRule.check(new SaleLedger("S1", header, items,
                List.of(payment("p2", 0, "S1", "P2", "5.50"), payment("p1", 0, "S1", "P1", "20.00"))), TOLERANCE);
        assertFalse(paid.violated());
        assertEquals(List.of("h", "p1", "p2"), paid.eventIds(), "evidence sorted by event id");
    }

    @Test
    void aSaleIsCompleteWhenClosedWithAllItsLines() {
        var items = List.of(item("i1", 0, "S1", 1, "1"), item("i2", 0, "S1", 2, "1"));
        assertFalse(new SaleLedger("S1", sale("h", 0, "S1", null, "2", 2, "OPEN"), items, List.of()).isComplete());
        assertFalse(new SaleLedger("S1", sale("h", 0, "S1", null, "2", 3, "CLOSED"), items, List.of()).isComplete());
        assertFalse(new SaleLedger("S1", null, items, List.of()).isComplete());
        assertTrue(new SaleLedger("S1", sale("h", 0, "S1", null, "2", 2, "CLOSED"), items, List.of()).isComplete());
    }

    @Test
    void itemsWithoutHeaderAreOrphansWithOneDeleteCommandEach() {
        SaleLedger orphan = new SaleLedger("S9", null,
                List.of(item("i2", 0, "S9", 2, "1"), item("i1", 0, "S9", 1, "1")), List.of());
        Check check = OrphanedSaleItemRule.check(orphan);
        assertTrue(check.violated());
        assertEquals(List.of("i1", "i2"), check.eventIds());

        List<LedgerCorrection> corrections = OrphanedSaleItemRule.corrections(orphan, at(60));
        assertEquals(2, corrections.size());
        assertEquals(LedgerCorrection.DELETE_ORPHANED_SALE_ITEM, corrections.get(0).command());
        assertEquals(1, corrections.get(0).lineNo());
        assertEquals("i1", corrections.get(0).itemEventId());
        assertEquals(corrections, OrphanedSaleItemRule.corrections(orphan, at(60)), "content-derived ids");

        SaleLedger adopted = new SaleLedger("S9", sale("h", 90, "S9", null, "2", 2, "CLOSED"), orphan.items(), List.of());
        assertFalse(OrphanedSaleItemRule.check(adopted).violated());
        assertTrue(OrphanedSaleItemRule.corrections(adopted, at(90)).isEmpty());
    }

    @Test
    void aLineWithoutLineTotalCountsQuantityTimesUnitPrice() {
        var item = new com.neuronexus.streams.core.events.LedgerEvent("i1", at(0),
                com.neuronexus.streams.core.events.LedgerEventType.SALE_ITEM, "S1", null, null, null, null, 1, "A",
                3.0, new BigDecimal("2.50"), null, null, null, null, null, null, null);
        SaleLedger sale = new SaleLedger("S1", sale("h", 0, "S1", null, "7.50", 1, "CLOSED"), List.of(item), List.of());
        assertFalse(SaleTotalRule.check(sale, TOLERANCE).violated());
    }
}
