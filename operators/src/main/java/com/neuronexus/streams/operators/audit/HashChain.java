package com.neuronexus.streams.operators.audit;

import com.neuronexus.streams.core.events.AuditEvent;
import com.neuronexus.streams.core.outputs.AuditRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The head of one chain and how the next event joins it. Events without {@code row_hash} are sealed
 * (seq = head + 1, prev_hash = head hash, row_hash computed). Events that arrive pre-chained are verified:
 * they keep their own hashes, get the next seq, and are flagged with a {@link Damage} when they do not link.
 * The head then moves to the event's own row_hash, so one missing event yields one finding, not a cascade.
 *
 * <p>Not thread-safe; the Flink function loads it from keyed state, appends a batch, and stores it back. The
 * recent hashes are only consulted for pre-chained events, so the function may hand them over lazily (a
 * loader called at most once, on the first pre-chained event) and store back only {@link #retiredHashes()}:
 * sealing then costs no read of them at all.
 */
public final class HashChain {
    /** How many recent row hashes are remembered to tell a duplicate or a reordering from a gap. */
    public static final int RECENT = 64;

    private final String chain;
    private long headSeq;
    private String headHash;
    /** Recent row hashes, oldest first; null until {@link #recentLoader} has been asked for them. */
    private ArrayDeque<String> recent;
    private Supplier<String[]> recentLoader;
    /** Head hashes left behind since construction, in seq order (the last one is seq headSeq - 1). */
    private final List<String> retired = new ArrayList<>();

    public HashChain(String chain) {
        this(chain, 0, AuditEncoding.GENESIS, new String[0]);
    }

    public HashChain(String chain, long headSeq, String headHash, String[] recentHashes) {
        this(chain, headSeq, headHash, () -> recentHashes);
        recent();
    }

    /**
     * @param recentLoader the recent hashes as {@link #recentHashes()} returned them when the head was stored
     *     (oldest first, at most {@link #RECENT}); called at most once, and only if a pre-chained event needs them
     */
    public HashChain(String chain, long headSeq, String headHash, Supplier<String[]> recentLoader) {
        this.chain = chain;
        this.headSeq = headSeq;
        this.headHash = headHash;
        this.recentLoader = recentLoader;
    }

    private ArrayDeque<String> recent() {
        if (recent == null) {
            recent = new ArrayDeque<>();
            String[] stored = recentLoader.get();
            if (stored != null) {
                for (String h : stored) {
                    recent.addLast(h);
                }
            }
            recentLoader = null;
            // Hashes retired before the load follow the stored ones, as advance() would have added them.
            recent.addAll(retired);
            trim(recent);
        }
        return recent;
    }

    /** The outcome of appending one event: its row, and the damage when a pre-chained event did not verify. */
    public record Appended(AuditRecord record, Damage damage) {
        public boolean ok() {
            return damage == null;
        }
    }

    public Appended append(AuditEvent event) {
        return append(event, hash -> false);
    }

    /**
     * @param comesLater whether a row hash belongs to an event that follows this one in the same released
     *     batch; a link to one of them means the events are out of order (REORDERED), not missing (GAP).
     */
    public Appended append(AuditEvent event, Predicate<String> comesLater) {
        long seq = headSeq + 1;
        if (!event.isPreChained()) {
            AuditRecord sealed = record(event, seq, headHash, null, true);
            String rowHash = AuditEncoding.recompute(sealed);
            sealed = withRowHash(sealed, rowHash);
            advance(seq, rowHash);
            return new Appended(sealed, null);
        }
        AuditRecord row = record(event, seq, event.prevHash(), event.rowHash(), true);
        Damage damage = check(row, comesLater);
        if (damage != null) {
            row = new AuditRecord(row.chain(), row.seq(), row.eventId(), row.ts(), row.actor(), row.action(),
                    row.entity(), row.entityId(), row.ip(), row.outcome(), row.payload(), row.prevHash(),
                    row.rowHash(), false);
        }
        advance(seq, event.rowHash());
        return new Appended(row, damage);
    }

    private Damage check(AuditRecord row, Predicate<String> comesLater) {
        String id = row.eventId();
        ArrayDeque<String> recent = recent();
        if (row.rowHash().equals(headHash) || recent.contains(row.rowHash())) {
            return new Damage(DamageKind.DUPLICATE, row.seq(), id, "row_hash repeats an earlier row of chain " + chain);
        }
        if (!headHash.equals(row.prevHash())) {
            if (comesLater.test(row.prevHash())) {
                return new Damage(DamageKind.REORDERED, row.seq(), id,
                        "prev_hash links to an event that comes later in event-time order");
            }
            if (!recent.isEmpty() && recent.peekLast().equals(row.prevHash())) {
                return new Damage(DamageKind.INSERTED, headSeq, row.eventId(), "row seq " + headSeq
                        + " is not part of the chain: this row links past it to seq " + (headSeq - 1));
            }
            if (recent.contains(row.prevHash())) {
                return new Damage(DamageKind.REORDERED, row.seq(), id,
                        "prev_hash links to an earlier row, not to the head seq " + headSeq);
            }
            return new Damage(DamageKind.GAP, row.seq(), id,
                    "prev_hash " + abbreviate(row.prevHash()) + " is not the head (seq " + headSeq + ", "
                            + abbreviate(headHash) + "): a predecessor is missing");
        }
        if (!AuditEncoding.recompute(row).equals(row.rowHash())) {
            return new Damage(DamageKind.MODIFIED, row.seq(), id, "row_hash does not match the recomputed hash");
        }
        return null;
    }

    private void advance(long seq, String rowHash) {
        if (headSeq > 0 || !AuditEncoding.GENESIS.equals(headHash)) {
            retired.add(headHash);
            if (recent != null) {
                recent.addLast(headHash);
                trim(recent);
            }
        }
        headSeq = seq;
        headHash = rowHash;
    }

    private static void trim(ArrayDeque<String> recent) {
        while (recent.size() > RECENT) {
            recent.removeFirst();
        }
    }

    private AuditRecord record(AuditEvent e, long seq, String prevHash, String rowHash, boolean verified) {
        return new AuditRecord(chain, seq, e.eventId(), AuditEncoding.truncate(e.ts()), e.actor(), e.action(),
                e.entity(), e.entityId(), e.ip(), e.outcome(), e.payload(), prevHash, rowHash, verified);
    }

    private static AuditRecord withRowHash(AuditRecord r, String rowHash) {
        return new AuditRecord(r.chain(), r.seq(), r.eventId(), r.ts(), r.actor(), r.action(), r.entity(),
                r.entityId(), r.ip(), r.outcome(), r.payload(), r.prevHash(), rowHash, r.verified());
    }

    static String abbreviate(String hash) {
        return hash == null ? "null" : hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }

    public long headSeq() {
        return headSeq;
    }

    public String headHash() {
        return headHash;
    }

    public String[] recentHashes() {
        return recent().toArray(new String[0]);
    }

    /**
     * The head hashes this chain left behind since it was constructed, oldest first: the i-th of n belongs to
     * seq {@code headSeq() - n + i}. Stored after a batch, these keep the stored recent hashes up to date.
     */
    public List<String> retiredHashes() {
        return retired;
    }
}
