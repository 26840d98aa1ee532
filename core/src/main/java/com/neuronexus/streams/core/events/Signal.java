package com.neuronexus.streams.core.events;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.neuronexus.streams.core.ids.ContentIds;
import com.neuronexus.streams.core.json.RawJsonDeserializer;
import java.time.Instant;

/**
 * What every detector emits on {@code ops.signals} (DESIGN §4): a condition OBSERVED or CLEARED for one
 * {@code dedupKey} (kind + entity). The incident manager turns these into incidents. {@code evidence} is a
 * JSON object as canonical text.
 */
public record Signal(
        String eventId,
        String dedupKey,
        String source,
        String kind,
        String priority,
        SignalState state,
        Instant ts,
        @JsonRawValue @JsonDeserialize(using = RawJsonDeserializer.class) String evidence)
        implements Event {

    public enum SignalState {
        OBSERVED,
        CLEARED
    }

    /** A signal whose id is derived from its content: replays produce the same id. */
    public static Signal of(
            String source, String kind, String entity, String priority, SignalState state, Instant ts, String evidence) {
        String dedupKey = kind + ":" + entity;
        String id = ContentIds.prefixed("sig", dedupKey, state, ts.toEpochMilli());
        return new Signal(id, dedupKey, source, kind, priority, state, ts, evidence == null ? "{}" : evidence);
    }

    @Override
    public String key() {
        return dedupKey;
    }
}
