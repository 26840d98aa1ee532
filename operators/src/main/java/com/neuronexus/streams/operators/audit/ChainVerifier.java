package com.neuronexus.streams.operators.audit;

import com.neuronexus.streams.core.outputs.AuditCheckpoint;
import com.neuronexus.streams.core.outputs.AuditRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Offline verification of one whole chain (rows from seq 1, in stored order) and its checkpoints: recomputes
 * every link and every checkpoint's head hash and Merkle root, and classifies the first damage found.
 *
 * <p>Checks per row, in this order (row i, previous row p; before the first row p is a virtual genesis row
 * with seq 0 and row_hash 64 zeros):
 * <ol>
 *   <li>row_hash equal to an earlier row's: DUPLICATE;</li>
 *   <li>prev_hash != p.row_hash (link broken):
 *     prev_hash is the row_hash of a LATER row: REORDERED;
 *     the next row links to p (skipping this one): INSERTED;
 *     prev_hash is the row_hash of an earlier row other than p (two rows claim the same predecessor):
 *     INSERTED at the first of them;
 *     the row's own hash does not recompute (its prev_hash was edited): MODIFIED;
 *     seq jumps: DELETED at the first missing seq;
 *     otherwise (self-consistent row linked to an unknown row with contiguous seq): p was replaced and
 *     re-hashed, or rows were deleted and renumbered: MODIFIED at p (DELETED when p is genesis);</li>
 *   <li>link intact but row_hash does not recompute: MODIFIED;</li>
 *   <li>link intact but seq != p.seq + 1: GAP (skips) or DUPLICATE (repeats/goes back).</li>
 * </ol>
 * Then checkpoints, in seq order: they must tile the chain from seq 1 (else GAP), lie within the rows (else
 * DELETED: the tail was truncated), and match the head row's hash and ts and the Merkle root (else MODIFIED).
 */
public final class ChainVerifier {

    private ChainVerifier() {}

    public record Result(String chain, long verifiedRows, int verifiedCheckpoints, Damage damage) {
        public boolean intact() {
            return damage == null;
        }
    }

    public static Result verify(String chain, List<AuditRecord> rows, List<AuditCheckpoint> checkpoints) {
        Map<String, Integer> firstIndexOfHash = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            firstIndexOfHash.putIfAbsent(rows.get(i).rowHash(), i);
        }
        long prevSeq = 0;
        String prevHash = AuditEncoding.GENESIS;
        for (int i = 0; i < rows.size(); i++) {
            AuditRecord row = rows.get(i);
            Damage damage = checkRow(rows, i, prevSeq, prevHash, firstIndexOfHash);
            if (damage != null) {
                return new Result(chain, i, 0, damage);
            }
            prevSeq = row.seq();
            prevHash = row.rowHash();
        }
        return checkCheckpoints(chain, rows, checkpoints);
    }

    private static Damage checkRow(
            List<AuditRecord> rows, int i, long prevSeq, String prevHash, Map<String, Integer> firstIndexOfHash) {
        AuditRecord row = rows.get(i);
        String id = row.eventId();
        Integer same = firstIndexOfHash.get(row.rowHash());
        if (same != null && same < i) {
            return new Damage(DamageKind.DUPLICATE, row.seq(), id,
                    "row repeats row seq " + rows.get(same).seq() + " (same row_hash)");
        }
        if (!Objects.equals(prevHash, row.prevHash())) {
            Integer linked = row.prevHash() == null ? null : firstIndexOfHash.get(row.prevHash());
            if (linked != null && linked > i) {
                return new Damage(DamageKind.REORDERED, prevSeq + 1, id, "row seq " + row.seq()
                        + " is chained after row seq " + rows.get(linked).seq() + ", which comes later");
            }
            if (i + 1 < rows.size() && Objects.equals(rows.get(i + 1).prevHash(), prevHash)) {
                return new Damage(DamageKind.INSERTED, row.seq(), id,
                        "row seq " + row.seq() + " is not part of the chain: the next row links to seq " + prevSeq);
            }
            if (linked != null && linked < i) {
                AuditRecord first = rows.get(linked + 1);
                return new Damage(DamageKind.INSERTED, first.seq(), first.eventId(), "rows seq " + first.seq()
                        + " and seq " + row.seq() + " both claim to follow seq " + rows.get(linked).seq());
            }
            if (!AuditEncoding.recompute(row).equals(row.rowHash())) {
                return new Damage(DamageKind.MODIFIED, row.seq(), id, "prev_hash/row_hash do not recompute");
            }
            if (row.seq() > prevSeq + 1) {
                return new Damage(DamageKind.DELETED, prevSeq + 1, null, "rows seq " + (prevSeq + 1) + ".."
                        + (row.seq() - 1) + " are missing: seq " + row.seq() + " links to a row that is not there");
            }
            if (prevSeq == 0) {
                return new Damage(DamageKind.DELETED, 1, id,
                        "the first row does not link to genesis: earlier rows were deleted and renumbered");
            }
            return new Damage(DamageKind.MODIFIED, prevSeq, rows.get(i - 1).eventId(), "row seq " + row.seq()
                    + " was chained to a different row than seq " + prevSeq
                    + " (replaced and re-hashed, or a row deleted and the rest renumbered)");
        }
        if (!AuditEncoding.recompute(row).equals(row.rowHash())) {
            return new Damage(DamageKind.MODIFIED, row.seq(), id, "content does not match row_hash");
        }
        if (row.seq() > prevSeq + 1) {
            return new Damage(DamageKind.GAP, prevSeq + 1, id,
                    "seq jumps from " + prevSeq + " to " + row.seq() + " although the link is intact");
        }
        if (row.seq() <= prevSeq) {
            return new Damage(DamageKind.DUPLICATE, row.seq(), id, "seq " + row.seq() + " repeats or goes back");
        }
        return null;
    }

    private static Result checkCheckpoints(String chain, List<AuditRecord> rows, List<AuditCheckpoint> checkpoints) {
        List<AuditCheckpoint> sorted = new ArrayList<>(checkpoints);
        sorted.sort(Comparator.comparingLong(AuditCheckpoint::seq));
        long lastSeq = rows.isEmpty() ? 0 : rows.get(rows.size() - 1).seq();
        long expectedFirst = 1;
        int verified = 0;
        for (AuditCheckpoint cp : sorted) {
            if (cp.seq() > lastSeq) {
                return new Result(chain, rows.size(), verified, new Damage(DamageKind.DELETED, lastSeq + 1, null,
                        "the log ends at seq " + lastSeq + " but a checkpoint covers up to seq " + cp.seq()
                                + ": the tail was truncated"));
            }
            if (cp.firstSeq() != expectedFirst || cp.count() != cp.seq() - cp.firstSeq() + 1 || cp.firstSeq() < 1) {
                return new Result(chain, rows.size(), verified, new Damage(DamageKind.GAP, expectedFirst, null,
                        "checkpoint at seq " + cp.seq() + " covers " + cp.firstSeq() + ".." + cp.seq() + " (count "
                                + cp.count() + ") but the previous checkpoint ended at seq " + (expectedFirst - 1)));
            }
            // The row pass proved rows are seq 1..lastSeq without holes, so row seq s sits at index s - 1.
            AuditRecord head = rows.get((int) (cp.seq() - 1));
            if (!head.rowHash().equals(cp.headHash())) {
                return new Result(chain, rows.size(), verified, new Damage(DamageKind.MODIFIED, cp.seq(),
                        head.eventId(), "row_hash of seq " + cp.seq() + " differs from its checkpoint's head hash"));
            }
            if (!head.ts().equals(cp.ts())) {
                return new Result(chain, rows.size(), verified, new Damage(DamageKind.MODIFIED, cp.seq(),
                        head.eventId(), "checkpoint ts differs from the event time of its head row seq " + cp.seq()));
            }
            List<String> segment = new ArrayList<>((int) cp.count());
            for (long s = cp.firstSeq(); s <= cp.seq(); s++) {
                segment.add(rows.get((int) (s - 1)).rowHash());
            }
            if (!MerkleTree.rootHex(segment).equals(cp.merkleRoot())) {
                return new Result(chain, rows.size(), verified, new Damage(DamageKind.MODIFIED, cp.firstSeq(), null,
                        "segment seq " + cp.firstSeq() + ".." + cp.seq() + " does not match its checkpoint Merkle root"));
            }
            verified++;
            expectedFirst = cp.seq() + 1;
        }
        return new Result(chain, rows.size(), verified, null);
    }
}
