package com.neuronexus.streams.operators.audit;

import java.io.Serializable;

/** The first bad position of a chain: kind, seq, the event there (may be null) and a sentence for people. */
public record Damage(DamageKind kind, long seq, String eventId, String detail) implements Serializable {
    @Override
    public String toString() {
        return kind + " at seq " + seq + ": " + detail;
    }
}
