package com.neuronexus.streams.connectors.ingest;

import com.neuronexus.streams.connectors.serde.DecodeLimits;
import com.neuronexus.streams.connectors.serde.EventDecoder;
import com.neuronexus.streams.connectors.serde.EventDecoders;
import com.neuronexus.streams.connectors.serde.InvalidEventException;
import com.neuronexus.streams.core.events.DeadLetter;
import com.neuronexus.streams.core.events.Event;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/** Decodes one message of a topic into an {@link Ingested}: the shared step of the Kafka and file sources. */
public final class MessageDecoding<T extends Event> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final EventDecoder<T> decoder;
    private final int rawMaxBytes;

    public MessageDecoding(String topic, Class<T> type, DecodeLimits limits, int rawMaxBytes) {
        this.topic = topic;
        this.decoder = EventDecoders.forType(type, limits);
        this.rawMaxBytes = rawMaxBytes;
    }

    public Ingested<T> decode(byte[] value, int partition, long offset, Instant ingestedAt) {
        try {
            return Ingested.ok(decoder.decode(value), partition, offset);
        } catch (InvalidEventException e) {
            return Ingested.failed(deadLetter(topic, value, partition, offset, e.getMessage(), DeadLetter.REASON_MALFORMED,
                    ingestedAt, rawMaxBytes));
        } catch (RuntimeException e) {
            // A decoder bug must not stop the job either; the message still lands in the DLQ with the reason.
            return Ingested.failed(deadLetter(topic, value, partition, offset, "decoder failure: " + e, DeadLetter.REASON_MALFORMED,
                    ingestedAt, rawMaxBytes));
        }
    }

    public String topic() {
        return topic;
    }

    public static DeadLetter deadLetter(String topic, byte[] value, int partition, long offset, String error, String reason,
            Instant ingestedAt, int rawMaxBytes) {
        byte[] bytes = value == null ? new byte[0] : value;
        boolean truncated = bytes.length > rawMaxBytes;
        byte[] kept = truncated ? Arrays.copyOf(bytes, rawMaxBytes) : bytes;
        // Invalid UTF-8 is replaced (U+FFFD) so the dead letter itself is always valid JSON text.
        String raw = new String(kept, StandardCharsets.UTF_8);
        return new DeadLetter(topic, partition, offset, raw, bytes.length, truncated, error, reason, ingestedAt);
    }
}
