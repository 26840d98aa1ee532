package com.neuronexus.streams.core.outputs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.neuronexus.streams.core.events.Event;
import com.neuronexus.streams.core.ids.ContentIds;
import com.neuronexus.streams.core.json.RawJsonDeserializer;
import java.time.Instant;

/**
 * One state of an incident ({@code ops.incidents} / table {@code incidents}, primary key {@code incident_id}).
 * Every change of the lifecycle is a new record with the same {@code incidentId}; the table keeps the latest.
 *
 * <p>{@code eventId} is derived from the content of this state, so a replay gives the same ids and a consumer
 * (the alert job) can de-duplicate. {@code lastChange} says what produced this state; alerts fire on every
 * change except {@link Change#RECHECKED}. {@code evidence} is the forensic snapshot taken when the incident
 * opened; {@code lastEvidence} the evidence of the newest signal.
 */
public record Incident(
        String incidentId,
        String eventId,
        String dedupKey,
        String source,
        String kind,
        String priority,
        Status status,
        Change lastChange,
        int attempts,
        int reopenCount,
        boolean escalated,
        String escalationReason,
        Instant openedAt,
        Instant updatedAt,
        Instant resolvedAt,
        boolean autoHealed,
        @JsonRawValue @JsonDeserialize(using = RawJsonDeserializer.class) String evidence,
        @JsonRawValue @JsonDeserialize(using = RawJsonDeserializer.class) String lastEvidence)
        implements Event {

    /** DESIGN §4: OPEN → AUTO_HEALING → ESCALATED → RESOLVED. */
    public enum Status {
        OPEN,
        AUTO_HEALING,
        ESCALATED,
        RESOLVED
    }

    /** What turned the previous state into this one. */
    public enum Change {
        OPENED,
        RECHECKED,
        ESCALATED,
        RESOLVED,
        REOPENED,
        /** A re-check reported a more severe priority (P3 to P1): notified, unlike a plain re-check. */
        RAISED
    }

    /** Incident id: from the dedup key and the opening time only, so the same signals always give the same id. */
    public static String idFor(String dedupKey, Instant openedAt) {
        return ContentIds.prefixed("inc", dedupKey, openedAt.toEpochMilli());
    }

    /**
     * The content id of one incident state: the event id (Kafka de-duplication by consumers, the health job's
     * inputs), so two different states must never share it. Besides the incident and its place in the lifecycle
     * (status, change, attempts, reopenings, time) a state carries whether and why it was escalated, which the
     * others do not determine: an incident cleared at 10:20 after two re-checks is RESOLVED with the same
     * attempts and time whether it was escalated by age at 10:15 or never (the order of one millisecond's
     * signals, or a processing-time guard, decides), and an escalated one by "age" or by "attempts". The reason
     * is hashed only for escalated states, so the ids of states never escalated are those of before.
     * {@code resolvedAt} and {@code autoHealed} follow from the hashed fields; priority, source and evidence are
     * not hashed (docs/incidents.md says when they can differ).
     */
    public static String eventIdFor(String incidentId, Status status, Change change, int attempts, int reopenCount,
            Instant updatedAt, boolean escalated, String escalationReason) {
        if (!escalated) {
            return ContentIds.prefixed("incev", incidentId, status, change, attempts, reopenCount,
                    updatedAt.toEpochMilli());
        }
        return ContentIds.prefixed("incev", incidentId, status, change, attempts, reopenCount, updatedAt.toEpochMilli(),
                "escalated", escalationReason);
    }

    /**
     * Stable key of one notifiable state: the same incident state always gives the same key, so a receiver can
     * drop the duplicates that at-least-once delivery may produce. Re-checks do not change it.
     */
    public String alertKey() {
        return incidentId + ":" + lastChange + ":" + reopenCount + ":" + priority;
    }

    public boolean isOpen() {
        return status != Status.RESOLVED;
    }

    /** Event time of this state: {@code updatedAt}. Also written as JSON field {@code ts}, which readers of topics expect. */
    @Override
    @JsonProperty("ts")
    public Instant ts() {
        return updatedAt;
    }

    @Override
    public String key() {
        return incidentId;
    }
}
