package com.neuronexus.streams.operators.audit;

import com.neuronexus.streams.core.events.AuditEvent;
import com.neuronexus.streams.core.events.AuditOutcome;
import com.neuronexus.streams.core.outputs.AuditCheckpoint;
import com.neuronexus.streams.core.outputs.AuditRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small chains for the audit tests. */
final class AuditTestData {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private AuditTestData() {}

    static AuditEvent event(String chain, String id, long secondsAfterT0, String actor, String action, AuditOutcome outcome) {
        return new AuditEvent(id, T0.plusSeconds(secondsAfterT0), chain, actor, action, "order", "o-" + id, "10.0.0.7",
                outcome, "{\"amount\":12.5,\"note\":\"n-" + id + "\"}", null, null);
    }

    static AuditEvent event(String id, long secondsAfterT0) {
        return event("default", id, secondsAfterT0, "alice", "update", AuditOutcome.SUCCESS);
    }

    /** Rows seq 1..n of chain "default", sealed by {@link HashChain}. */
    static List<AuditRecord> sealedRows(int n) {
        HashChain chain = new HashChain("default");
        List<AuditRecord> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add(chain.append(event("e" + i, i)).record());
        }
        return rows;
    }

    /** Checkpoints every {@code every} rows over {@code rows}. */
    static List<AuditCheckpoint> checkpoints(List<AuditRecord> rows, int every) {
        List<AuditCheckpoint> cps = new ArrayList<>();
        for (int end = every; end <= rows.size(); end += every) {
            List<String> hashes = rows.subList(end - every, end).stream().map(AuditRecord::rowHash).toList();
            AuditRecord head = rows.get(end - 1);
            cps.add(new AuditCheckpoint(head.chain(), head.seq(), head.rowHash(), MerkleTree.rootHex(hashes),
                    end - every + 1, every, head.ts()));
        }
        return cps;
    }

    /** The event a producer that chains itself would send for a row. */
    static AuditEvent preChained(AuditRecord r) {
        return new AuditEvent(r.eventId(), r.ts(), r.chain(), r.actor(), r.action(), r.entity(), r.entityId(), r.ip(),
                r.outcome(), r.payload(), r.prevHash(), r.rowHash());
    }

    static AuditRecord withActor(AuditRecord r, String actor) {
        return new AuditRecord(r.chain(), r.seq(), r.eventId(), r.ts(), actor, r.action(), r.entity(), r.entityId(),
                r.ip(), r.outcome(), r.payload(), r.prevHash(), r.rowHash(), r.verified());
    }

    static AuditRecord withSeq(AuditRecord r, long seq) {
        return new AuditRecord(r.chain(), seq, r.eventId(), r.ts(), r.actor(), r.action(), r.entity(), r.entityId(),
                r.ip(), r.outcome(), r.payload(), r.prevHash(), r.rowHash(), r.verified());
    }

    static AuditRecord withHashes(AuditRecord r, String prevHash, String rowHash) {
        return new AuditRecord(r.chain(), r.seq(), r.eventId(), r.ts(), r.actor(), r.action(), r.entity(), r.entityId(),
                r.ip(), r.outcome(), r.payload(), prevHash, rowHash, r.verified());
    }
}
