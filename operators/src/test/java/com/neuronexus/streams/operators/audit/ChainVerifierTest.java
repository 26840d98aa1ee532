package com.neuronexus.streams.operators.audit;

import static com.neuronexus.streams.operators.audit.AuditTestData.checkpoints;
import static com.neuronexus.streams.operators.audit.AuditTestData.sealedRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.events.AuditOutcome;
import com.neuronexus.streams.core.outputs.AuditCheckpoint;
import com.neuronexus.streams.core.outputs.AuditRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {
    private final List<AuditRecord> rows = sealedRows(10);
    private final List<AuditCheckpoint> cps = checkpoints(rows, 4); // seq 1..4 and 5..8

    private Damage damageOf(List<AuditRecord> tampered) {
        return damageOf(tampered, cps);
    }

    private Damage damageOf(List<AuditRecord> tampered, List<AuditCheckpoint> checkpoints) {
        ChainVerifier.Result result = ChainVerifier.verify("default", tampered, checkpoints);
        assertNotNull(result.damage(), "damage must be detected");
        return result.damage();
    }

    private static String flip(String hex) {
        char c = hex.charAt(0);
        return (c == '0' ? '1' : '0') + hex.substring(1);
    }

    @Test
    void intactChainVerifiesEveryRowAndCheckpoint() {
        ChainVerifier.Result result = ChainVerifier.verify("default", rows, cps);
        assertTrue(result.intact(), () -> String.valueOf(result.damage()));
        assertEquals(10, result.verifiedRows());
        assertEquals(2, result.verifiedCheckpoints());
        assertEquals(AuditEncoding.GENESIS, rows.get(0).prevHash());
    }

    @Test
    void modifiedContentIsFoundAtItsSeq() {
        List<AuditRecord> t = new ArrayList<>(rows);
        t.set(6, AuditTestData.withActor(rows.get(6), "mallory"));
        Damage d = damageOf(t);
        assertEquals(DamageKind.MODIFIED, d.kind());
        assertEquals(7, d.seq());
    }

    @Test
    void modifiedHashFieldsAreFound() {
        List<AuditRecord> t = new ArrayList<>(rows);
        String h = rows.get(3).rowHash();
        t.set(3, AuditTestData.withHashes(rows.get(3), rows.get(3).prevHash(), flip(h)));
        assertEquals(DamageKind.MODIFIED, damageOf(t).kind());
        assertEquals(4, damageOf(t).seq());

        List<AuditRecord> p = new ArrayList<>(rows);
        String prev = rows.get(5).prevHash();
        p.set(5, AuditTestData.withHashes(rows.get(5), flip(prev), rows.get(5).rowHash()));
        assertEquals(DamageKind.MODIFIED, damageOf(p).kind());
        assertEquals(6, damageOf(p).seq());
    }

    @Test
    void rewrittenAndRehashedRowIsFoundThroughTheNextLink() {
        List<AuditRecord> t = new ArrayList<>(rows);
        AuditRecord forged = AuditTestData.withActor(rows.get(4), "mallory");
        t.set(4, AuditTestData.withHashes(forged, forged.prevHash(), AuditEncoding.recompute(forged)));
        Damage d = damageOf(t);
        assertEquals(DamageKind.MODIFIED, d.kind());
        assertEquals(5, d.seq());
    }

    @Test
    void deletedRowIsFoundAsTheFirstMissingSeq() {
        List<AuditRecord> t = new ArrayList<>(rows);
        t.remove(4);
        Damage d = damageOf(t);
        assertEquals(DamageKind.DELETED, d.kind());
        assertEquals(5, d.seq());

        List<AuditRecord> first = new ArrayList<>(rows);
        first.remove(0);
        assertEquals(DamageKind.DELETED, damageOf(first).kind());
        assertEquals(1, damageOf(first).seq());
    }

    @Test
    void insertedRowIsFound() {
        // A forged row with a random link...
        AuditRecord forged = new AuditRecord("default", 6, "x1", rows.get(5).ts(), "mallory", "grant", null, null,
                null, AuditOutcome.SUCCESS, null, "ab".repeat(32), "cd".repeat(32), true);
        List<AuditRecord> t = new ArrayList<>(rows);
        t.add(5, forged);
        Damage d = damageOf(t);
        assertEquals(DamageKind.INSERTED, d.kind());
        assertEquals(6, d.seq());
        // ...and one correctly linked to its predecessor and correctly hashed.
        AuditRecord linked = AuditTestData.withHashes(forged, rows.get(4).rowHash(), null);
        linked = AuditTestData.withHashes(linked, linked.prevHash(), AuditEncoding.recompute(linked));
        List<AuditRecord> u = new ArrayList<>(rows);
        u.add(5, linked);
        Damage e = damageOf(u);
        assertEquals(DamageKind.INSERTED, e.kind());
        assertEquals(6, e.seq());
    }

    @Test
    void swappedRowsAreReordered() {
        List<AuditRecord> t = new ArrayList<>(rows);
        t.set(2, rows.get(3));
        t.set(3, rows.get(2));
        Damage d = damageOf(t);
        assertEquals(DamageKind.REORDERED, d.kind());
        assertEquals(3, d.seq());
        // Swapping the contents but keeping seq in place (as a table ordered by seq would show it).
        List<AuditRecord> u = new ArrayList<>(rows);
        u.set(2, AuditTestData.withSeq(rows.get(3), 3));
        u.set(3, AuditTestData.withSeq(rows.get(2), 4));
        assertEquals(DamageKind.REORDERED, damageOf(u).kind());
        assertEquals(3, damageOf(u).seq());
    }

    @Test
    void duplicatedRowIsFound() {
        List<AuditRecord> t = new ArrayList<>(rows);
        t.add(7, rows.get(6));
        Damage d = damageOf(t);
        assertEquals(DamageKind.DUPLICATE, d.kind());
        assertEquals(7, d.seq());
    }

    @Test
    void editedSeqIsAGap() {
        List<AuditRecord> t = new ArrayList<>(rows);
        t.set(5, AuditTestData.withSeq(rows.get(5), 9));
        Damage d = damageOf(t);
        assertEquals(DamageKind.GAP, d.kind());
        assertEquals(6, d.seq());
    }

    @Test
    void truncatedTailIsFoundThroughTheCheckpoints() {
        List<AuditRecord> t = new ArrayList<>(rows.subList(0, 6));
        Damage d = damageOf(t);
        assertEquals(DamageKind.DELETED, d.kind());
        assertEquals(7, d.seq());
        // Without a checkpoint past the cut, a truncated tail looks like a shorter log: that is what checkpoints are for.
        assertTrue(ChainVerifier.verify("default", t, cps.subList(0, 1)).intact());
    }

    @Test
    void tamperedOrMissingCheckpointsAreFound() {
        AuditCheckpoint cp = cps.get(1);
        AuditCheckpoint badRoot = new AuditCheckpoint(cp.chain(), cp.seq(), cp.headHash(), "00".repeat(32),
                cp.firstSeq(), cp.count(), cp.ts());
        Damage d = damageOf(rows, List.of(cps.get(0), badRoot));
        assertEquals(DamageKind.MODIFIED, d.kind());
        assertEquals(5, d.seq());
        Damage missing = damageOf(rows, List.of(cps.get(1)));
        assertEquals(DamageKind.GAP, missing.kind());
        assertEquals(1, missing.seq());
    }
}
