package com.neuronexus.streams.operators.incidents;

import java.io.Serializable;

/**
 * The numbers of the incident lifecycle (DESIGN §5), as plain values.
 *
 * @param escalationAttempts escalate when the re-check attempts reach this many (3)
 * @param escalationAgeMs    escalate when the incident is older than this (15 min)
 * @param cooldownMs         a signal observed again within this time after resolve reopens the same incident
 * @param flushGuardMs       processing time a buffered signal waits for a stalled watermark; 0 = wait for the
 *                           watermark only (replays that must reproduce record timestamps exactly)
 */
public record IncidentRules(int escalationAttempts, long escalationAgeMs, long cooldownMs, long flushGuardMs)
        implements Serializable {

    public static IncidentRules defaults() {
        return new IncidentRules(3, 15 * 60_000L, 5 * 60_000L, 300L);
    }

    public IncidentRules {
        if (escalationAttempts < 1 || escalationAgeMs < 1 || cooldownMs < 0 || flushGuardMs < 0) {
            throw new IllegalArgumentException("incident rules must be positive: " + escalationAttempts + ", "
                    + escalationAgeMs + ", " + cooldownMs + ", " + flushGuardMs);
        }
    }
}
