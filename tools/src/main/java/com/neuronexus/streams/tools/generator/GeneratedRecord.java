package com.neuronexus.streams.tools.generator;

import com.neuronexus.streams.core.Topic;
import java.time.Instant;

/**
 * One message of the workload: the topic it goes to, its Kafka key, its JSON text (one line), and the
 * instant it is "sent" (its event time; for a malformed message the time it is sent, whatever its text says).
 *
 * @param seq           generation order inside the generator, the last tie-breaker of the merge order
 * @param malformedKind null for a valid event, else the kind of damage ({@link Malformed.Kind} name)
 */
public record GeneratedRecord(Topic topic, String key, String value, Instant ts, long seq, String malformedKind) {

    public boolean isMalformed() {
        return malformedKind != null;
    }
}
