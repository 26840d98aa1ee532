package com.neuronexus.streams.core.outputs;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.neuronexus.streams.core.events.AuditOutcome;
import com.neuronexus.streams.core.json.RawJsonDeserializer;
import java.time.Instant;

/**
 * One link of a hash chain: {@code audit.chain} / table {@code audit_log}, primary key (chain, seq).
 * {@code rowHash} = SHA-256(prevHash || canonical encoding of the event fields), see docs/audit.md.
 * {@code ts} has millisecond precision (the encoding hashes epoch milliseconds). {@code verified} is false
 * only for rows that arrived pre-chained and failed verification in the stream.
 */
public record AuditRecord(
        String chain,
        long seq,
        String eventId,
        Instant ts,
        String actor,
        String action,
        String entity,
        String entityId,
        String ip,
        AuditOutcome outcome,
        @JsonRawValue @JsonDeserialize(using = RawJsonDeserializer.class) String payload,
        String prevHash,
        String rowHash,
        boolean verified) {}
