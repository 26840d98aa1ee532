package com.neuronexus.streams.core.events;

import java.time.Instant;

/** What every input event has (DESIGN §3): a producer-unique id and its event time. */
public interface Event {
    String eventId();

    Instant ts();

    /** The entity id the Kafka message key is taken from. */
    String key();
}
