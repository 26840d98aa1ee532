package com.neuronexus.streams.operators.invariants;

import com.neuronexus.streams.core.events.Event;
import com.neuronexus.streams.core.ids.ContentIds;
import java.time.Instant;

/** That an entity was checked for an invariant at {@code ts}, and whether it held: the input of the drift score. */
public record CheckOutcome(String eventId, Instant ts, Invariant invariant, String entity, boolean violated)
        implements Event {

    public static CheckOutcome of(Check check, Instant ts) {
        return new CheckOutcome(ContentIds.of(check.invariant(), check.entity(), ts.toEpochMilli(), check.violated()),
                ts, check.invariant(), check.entity(), check.violated());
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
