package com.neuronexus.streams.core.events;

import java.time.Instant;

/**
 * A message that could not be used, on {@code <topic>.dlq}: where it came from, its original bytes
 * (UTF-8 text, invalid sequences replaced, truncated to a limit), and why. {@code ingestedAt} is the
 * Kafka record timestamp (so a replay of the same topic gives the same dead letters); absent in file replay.
 */
public record DeadLetter(
        String topic,
        int partition,
        long offset,
        String raw,
        int rawBytes,
        boolean truncated,
        String error,
        String reason,
        Instant ingestedAt) {

    public static final String REASON_MALFORMED = "malformed";
    public static final String REASON_LATE = "late";
}
