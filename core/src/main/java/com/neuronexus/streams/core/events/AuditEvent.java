package com.neuronexus.streams.core.events;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.neuronexus.streams.core.json.RawJsonDeserializer;
import java.time.Instant;

/**
 * {@code audit.events}. {@code payload} is kept as canonical JSON text (keys sorted, no white space) so
 * the hash chain can hash it byte-exactly. {@code prevHash}/{@code rowHash} are present when the producer
 * already chains its records; then the job verifies instead of sealing.
 */
public record AuditEvent(
        String eventId,
        Instant ts,
        String chain,
        String actor,
        String action,
        String entity,
        String entityId,
        String ip,
        AuditOutcome outcome,
        @JsonRawValue @JsonDeserialize(using = RawJsonDeserializer.class) String payload,
        String prevHash,
        String rowHash)
        implements Event {
    public static final String DEFAULT_CHAIN = "default";

    @Override
    public String key() {
        return chain;
    }

    public boolean isPreChained() {
        return rowHash != null;
    }
}
