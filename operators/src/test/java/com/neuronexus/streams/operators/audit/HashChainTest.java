package com.neuronexus.streams.operators.audit;

import static com.neuronexus.streams.operators.audit.AuditTestData.preChained;
import static com.neuronexus.streams.operators.audit.AuditTestData.sealedRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.events.AuditEvent;
import com.neuronexus.streams.core.outputs.AuditRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashChainTest {
    private final List<AuditRecord> rows = sealedRows(6);

    @Test
    void sealingLinksEachRowToThePreviousOne() {
        assertEquals(1, rows.get(0).seq());
        assertEquals(AuditEncoding.GENESIS, rows.get(0).prevHash());
        for (int i = 1; i < rows.size(); i++) {
            assertEquals(i + 1, rows.get(i).seq());
            assertEquals(rows.get(i - 1).rowHash(), rows.get(i).prevHash());
            assertEquals(AuditEncoding.recompute(rows.get(i)), rows.get(i).rowHash());
            assertTrue(rows.get(i).verified());
        }
    }

    @Test
    void intactPreChainedEventsVerifyAndKeepTheirHashes() {
        HashChain chain = new HashChain("default");
        for (AuditRecord r : rows) {
            HashChain.Appended a = chain.append(preChained(r));
            assertNull(a.damage());
            assertEquals(r, a.record());
        }
    }

    @Test
    void tamperedPreChainedEventsAreFlaggedOncePerFinding() {
        HashChain chain = new HashChain("default");
        chain.append(preChained(rows.get(0)));
        chain.append(preChained(rows.get(1)));
        // modified content
        HashChain.Appended modified = chain.append(preChained(AuditTestData.withActor(rows.get(2), "mallory")));
        assertEquals(DamageKind.MODIFIED, modified.damage().kind());
        assertFalse(modified.record().verified());
        assertEquals(3, modified.record().seq());
        // duplicate delivery of the same row
        assertEquals(DamageKind.DUPLICATE, chain.append(preChained(rows.get(2))).damage().kind());
        // row 4 never arrives: 5 does not link to the head
        HashChain.Appended gap = chain.append(preChained(rows.get(4)));
        assertEquals(DamageKind.GAP, gap.damage().kind());
        assertEquals(5, gap.record().seq());
        // the head moved to row 5, so row 6 verifies again: no cascade
        assertNull(chain.append(preChained(rows.get(5))).damage());
        // an old row linking into the past
        assertEquals(DamageKind.REORDERED, chain.append(preChained(rows.get(3))).damage().kind());
    }

    @Test
    void insertedEventIsNamedWhenTheChainLinksPastIt() {
        HashChain chain = new HashChain("default");
        chain.append(preChained(rows.get(0)));
        chain.append(preChained(rows.get(1)));
        // a forged event, correctly linked to row 2 and correctly hashed: it verifies on its own...
        AuditRecord forged = AuditTestData.withActor(rows.get(2), "mallory");
        forged = AuditTestData.withHashes(forged, rows.get(1).rowHash(), null);
        forged = AuditTestData.withHashes(forged, forged.prevHash(), AuditEncoding.recompute(forged));
        assertNull(chain.append(preChained(forged)).damage());
        // ...but the genuine row 3 links past it
        HashChain.Appended next = chain.append(preChained(rows.get(2)));
        assertEquals(DamageKind.INSERTED, next.damage().kind());
        assertEquals(3, next.damage().seq(), "the inserted row got seq 3");
    }

    @Test
    void swappedEventsInOneBatchAreReordered() {
        HashChain chain = new HashChain("default");
        chain.append(preChained(rows.get(0)));
        chain.append(preChained(rows.get(1)));
        String third = rows.get(2).rowHash();
        HashChain.Appended fourthFirst = chain.append(preChained(rows.get(3)), third::equals);
        assertEquals(DamageKind.REORDERED, fourthFirst.damage().kind());
        assertEquals(3, fourthFirst.record().seq());
    }

    @Test
    void restoredHeadContinuesTheChain() {
        HashChain first = new HashChain("default");
        for (int i = 0; i < 3; i++) {
            first.append(AuditTestData.event("e" + (i + 1), i + 1));
        }
        HashChain restored = new HashChain("default", first.headSeq(), first.headHash(), first.recentHashes());
        for (int i = 3; i < 6; i++) {
            AuditRecord r = restored.append(AuditTestData.event("e" + (i + 1), i + 1)).record();
            assertEquals(rows.get(i), r);
        }
    }

    @Test
    void lazilyLoadedRecentHashesGiveTheSameFindingsAsEagerOnes() {
        List<AuditRecord> produced = sealedRows(100);
        HashChain eager = new HashChain("default");
        for (int i = 0; i < 80; i++) {
            eager.append(preChained(produced.get(i)));
        }
        String[] stored = eager.recentHashes();
        assertEquals(HashChain.RECENT, stored.length);
        int[] loads = {0};
        HashChain lazy = new HashChain("default", eager.headSeq(), eager.headHash(), () -> {
            loads[0]++;
            return stored;
        });
        HashChain reference = new HashChain("default", eager.headSeq(), eager.headHash(), stored);
        // Sealed events never need the recent hashes...
        for (int i = 0; i < 5; i++) {
            AuditEvent e = AuditTestData.event("s" + i, 1000 + i);
            assertEquals(reference.append(e), lazy.append(e));
        }
        assertEquals(0, loads[0], "sealing does not load the recent hashes");
        // ...a pre-chained one does, once, and then sees the stored hashes followed by the ones sealed since.
        for (AuditRecord r : List.of(produced.get(20), produced.get(79), produced.get(17), produced.get(50))) {
            assertEquals(reference.append(preChained(r)), lazy.append(preChained(r)));
        }
        assertEquals(1, loads[0]);
        assertEquals(List.of(reference.recentHashes()), List.of(lazy.recentHashes()));
        assertEquals(reference.headSeq(), lazy.headSeq());
        List<String> retired = lazy.retiredHashes();
        assertEquals(9, retired.size(), "every head left behind since construction");
        String[] recent = lazy.recentHashes();
        assertEquals(retired, List.of(recent).subList(recent.length - 9, recent.length), "retired = newest recent");
    }
}
