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
 * @param ageGuard           whether an open incident also escalates after the escalation age of processing time
 *                           (for a stalled watermark)
 */
public record IncidentRules(int escalationAttempts, long escalationAgeMs, long cooldownMs, long flushGuardMs,
        boolean ageGuard) implements Serializable {

    public IncidentRules(int escalationAttempts, long escalationAgeMs, long cooldownMs, long flushGuardMs) {
        this(escalationAttempts, escalationAgeMs, cooldownMs, flushGuardMs, true);
    }

    public static IncidentRules defaults() {
        return new IncidentRules(3, 15 * 60_000L, 5 * 60_000L, 300L);
    }

    public IncidentRules {
        if (escalationAttempts < 1 || escalationAgeMs < 1 || cooldownMs < 0 || flushGuardMs < 0) {
            throw new IllegalArgumentException("incident rules must be positive: " + escalationAttempts + ", "
                    + escalationAgeMs + ", " + cooldownMs + ", " + flushGuardMs);
        }
    }

    /**
     * The same rules without either processing-time guard, for inputs whose watermark never stalls (a replay
     * from files: a watermark after every event, then the end of input). There a guard only fires when the run is
     * slow, and what it changes — a signal applied before an earlier one, an incident escalated before the
     * signal that clears it is applied — would depend on the machine's load.
     */
    public IncidentRules eventTimeOnly() {
        return new IncidentRules(escalationAttempts, escalationAgeMs, cooldownMs, 0, false);
    }
}
