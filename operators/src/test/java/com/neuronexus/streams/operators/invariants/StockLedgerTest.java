package com.neuronexus.streams.operators.invariants;

import static com.neuronexus.streams.operators.invariants.LedgerEvents.count;
import static com.neuronexus.streams.operators.invariants.LedgerEvents.move;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StockLedgerTest {

    @Test
    void negativeStockIsViolatedByAMoveBelowZeroAndClearedByARestock() {
        StockLedger ledger = new StockLedger();
        assertFalse(ledger.apply(count("c1", 0, "A", 5)).get(0).violated());

        Check negative = ledger.apply(move("m1", 1, "A", -8)).get(0);
        assertEquals(Invariant.NO_NEGATIVE_STOCK, negative.invariant());
        assertTrue(negative.violated());
        assertEquals(">= 0", negative.expected());
        assertEquals("-3", negative.actual());
        assertEquals(List.of("c1", "m1"), negative.eventIds());
        assertEquals(Optional.of(Check.ResultState.VIOLATED), negative.outcome(false));

        Check restocked = ledger.apply(move("m2", 2, "A", 3)).get(0);
        assertFalse(restocked.violated());
        assertEquals("0", restocked.actual());
        assertEquals(Optional.of(Check.ResultState.CLEARED), restocked.outcome(true));
        assertEquals(Optional.empty(), restocked.outcome(false));
    }

    @Test
    void movesBeforeTheFirstCountAreNotChecked() {
        StockLedger ledger = new StockLedger();
        assertTrue(ledger.apply(move("m1", 0, "A", -8)).isEmpty());
        assertFalse(ledger.counted);
    }

    @Test
    void countMustEqualPreviousCountPlusMovesBetween() {
        StockLedger ledger = new StockLedger();
        ledger.apply(count("c1", 0, "A", 10));
        ledger.apply(move("m1", 1, "A", -3));
        ledger.apply(move("m2", 2, "A", 2));

        List<Check> good = ledger.apply(count("c2", 3, "A", 9));
        assertEquals(Invariant.STOCK_MOVEMENT_BALANCE, good.get(0).invariant());
        assertFalse(good.get(0).violated());

        ledger.apply(move("m3", 4, "A", -1));
        Check shrink = ledger.apply(count("c3", 5, "A", 6)).get(0);
        assertTrue(shrink.violated());
        assertEquals("8", shrink.expected());
        assertEquals("6", shrink.actual());
        assertEquals(List.of("c2", "m3", "c3"), shrink.eventIds());
        assertTrue(ledger.balanceViolated);

        Check balanced = ledger.apply(count("c4", 6, "A", 6)).get(0);
        assertFalse(balanced.violated());
        assertEquals(Optional.of(Check.ResultState.CLEARED), balanced.outcome(true));
    }

    @Test
    void fractionalQuantitiesBalanceDespiteFloatingPointNoise() {
        StockLedger ledger = new StockLedger();
        ledger.apply(count("c1", 0, "A", 0.3));
        ledger.apply(move("m1", 1, "A", -0.1));
        ledger.apply(move("m2", 2, "A", -0.2));
        List<Check> checks = ledger.apply(count("c2", 3, "A", 0.0));
        assertFalse(checks.get(0).violated());
        assertFalse(checks.get(1).violated());
    }

    @Test
    void evidenceKeepsOnlyTheNewestMoveIds() {
        StockLedger ledger = new StockLedger();
        ledger.apply(count("c1", 0, "A", 1000));
        for (int i = 0; i < 40; i++) {
            ledger.apply(move("m" + i, i + 1, "A", -1));
        }
        assertEquals(StockLedger.MAX_EVIDENCE_IDS, ledger.moveIdsSinceCount.length);
        assertEquals("m39", ledger.moveIdsSinceCount[StockLedger.MAX_EVIDENCE_IDS - 1]);
    }
}
