package com.neuronexus.streams.operators.invariants;

import static com.neuronexus.streams.operators.invariants.LedgerEvents.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.DriftScore;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CreditInvoiceDriftRulesTest {
    private static final BigDecimal TOLERANCE = new BigDecimal("0.005");

    private static CreditPosting posting(String id, CreditPosting.Kind kind, String amount) {
        return new CreditPosting(id, at(0), "C1", kind, new BigDecimal(amount), "ref");
    }

    @Test
    void creditLimitIsExceededByInvoicesAndRestoredByPayments() {
        CreditAccount account = new CreditAccount();
        assertEquals(Optional.empty(), account.apply(posting("i1", CreditPosting.Kind.INVOICE, "80"), TOLERANCE),
                "no limit known yet: nothing to check");
        assertFalse(account.apply(posting("c", CreditPosting.Kind.LIMIT, "100"), TOLERANCE).orElseThrow().violated());

        Check exceeded = account.apply(posting("i2", CreditPosting.Kind.INVOICE, "30"), TOLERANCE).orElseThrow();
        assertTrue(exceeded.violated());
        assertEquals("<= 100", exceeded.expected());
        assertEquals("110", exceeded.actual());
        assertEquals(List.of("i1", "c", "i2"), exceeded.eventIds());

        Check restored = account.apply(posting("p1", CreditPosting.Kind.PAYMENT, "10"), TOLERANCE).orElseThrow();
        assertFalse(restored.violated());
        assertEquals(Optional.of(Check.ResultState.CLEARED), restored.outcome(true));
    }

    @Test
    void creditLimitHonoursTheMoneyTolerance() {
        assertFalse(CreditLimitRule.check("C1", new BigDecimal("100"), new BigDecimal("100.004"), BigDecimal.ZERO,
                TOLERANCE, List.of()).violated());
        assertTrue(CreditLimitRule.check("C1", new BigDecimal("100"), new BigDecimal("100.006"), BigDecimal.ZERO,
                TOLERANCE, List.of()).violated());
    }

    @Test
    void aSecondInvoiceNumberIsADuplicate() {
        assertFalse(DuplicateInvoiceRule.check("INV-1", 1, List.of("e1")).violated());
        Check duplicate = DuplicateInvoiceRule.check("INV-1", 2, List.of("e1", "e2"));
        assertTrue(duplicate.violated());
        assertEquals("INV-1", duplicate.entity());
        assertEquals("2 invoices", duplicate.actual());
        assertFalse(DuplicateInvoiceRule.expired("INV-1", List.of("e1", "e2")).violated());
    }

    @Test
    void driftScoreIsTheShareOfCheckedEntitiesWithoutViolation() {
        DriftTally tally = new DriftTally();
        tally.add(Invariant.NO_NEGATIVE_STOCK, false);
        tally.add(Invariant.NO_NEGATIVE_STOCK, false);
        tally.add(Invariant.NO_NEGATIVE_STOCK, false);
        tally.add(Invariant.NO_NEGATIVE_STOCK, true);
        tally.add(Invariant.NO_DUPLICATE_INVOICES, true);
        assertEquals(75.0, tally.score(Invariant.NO_NEGATIVE_STOCK));
        assertEquals(0.0, tally.score(Invariant.NO_DUPLICATE_INVOICES));
        assertEquals(100.0, tally.score(Invariant.CREDIT_LIMIT_NOT_EXCEEDED), "nothing checked, nothing drifted");

        DriftScore score = tally.toScore(at(10), 900_000);
        assertEquals(60.0, score.score());
        assertEquals(5, score.checked());
        assertEquals(2, score.violated());
        JsonNode perInvariant = Json.readTree(score.invariantScores());
        assertEquals(75.0, perInvariant.get("NO_NEGATIVE_STOCK").get("score").asDouble());
        assertEquals(4, perInvariant.get("NO_NEGATIVE_STOCK").get("checked").asLong());
        assertEquals(7, perInvariant.size());
    }
}
