package com.neuronexus.streams.operators.invariants;

import com.neuronexus.streams.core.events.Event;
import java.time.Instant;

/** That an entity was checked for an invariant at {@code ts}, and whether it held: the input of the drift score. */
public record CheckOutcome(String eventId, Instant ts, Invariant invariant, String entity, boolean violated)
        implements Event {

    /** The id is the plain content (no hash: one outcome per check, and the drift score only sorts by it). */
    public static CheckOutcome of(Check check, Instant ts) {
        return new CheckOutcome(check.invariant().name() + "|" + check.entity() + "|" + ts.toEpochMilli() + "|"
                + (check.violated() ? "V" : "K"), ts, check.invariant(), check.entity(), check.violated());
    }

    /** The drift score keeps one entry per invariant and entity. */
    public String entryKey() {
        return invariant.name() + "|" + entity;
    }

    @Override
    public String key() {
        return entryKey();
    }
}
