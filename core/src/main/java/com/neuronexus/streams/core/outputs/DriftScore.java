package com.neuronexus.streams.core.outputs;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.neuronexus.streams.core.json.RawJsonDeserializer;
import java.time.Instant;

/**
 * {@code ops.drift} / table {@code drift_scores} (pk ts): how much of the ledger currently keeps its business
 * invariants (DESIGN §5), every 10 s of event time. {@code score} 0–100 is the share of checked entities
 * without a violation over all invariants; {@code invariant_scores} holds per invariant
 * {@code {"score":..,"checked":..,"violated":..}}. Entities count when checked within the last
 * {@code window_seconds} of event time.
 */
public record DriftScore(
        Instant ts,
        double score,
        @JsonRawValue @JsonDeserialize(using = RawJsonDeserializer.class) String invariantScores,
        long checked,
        long violated,
        long windowSeconds) implements com.neuronexus.streams.core.events.Event {

    /** Content id, so the health score can read drift scores as events. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    @Override
    public String eventId() {
        return com.neuronexus.streams.core.ids.ContentIds.of("drift", ts, windowSeconds);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    @Override
    public String key() {
        return "drift";
    }
}
