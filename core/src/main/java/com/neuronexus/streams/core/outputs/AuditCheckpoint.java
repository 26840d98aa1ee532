package com.neuronexus.streams.core.outputs;

import java.time.Instant;

/**
 * A published head of a chain segment: {@code audit.checkpoints} / table {@code audit_checkpoints}, primary key
 * (chain, seq). The segment is the rows {@code firstSeq..seq} ({@code count} rows); {@code merkleRoot} is the
 * RFC 6962 Merkle tree hash over their row hashes, {@code headHash} the row hash of {@code seq}. {@code ts} is
 * the event time of the head row (so verifiers can check it too).
 */
public record AuditCheckpoint(
        String chain, long seq, String headHash, String merkleRoot, long firstSeq, long count, Instant ts) {}
