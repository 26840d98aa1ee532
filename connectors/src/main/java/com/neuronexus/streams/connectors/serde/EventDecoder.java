package com.neuronexus.streams.connectors.serde;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.neuronexus.streams.core.events.Event;
import com.neuronexus.streams.core.json.Json;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns one message's bytes into a validated event, or says why it can't. Never throws anything but
 * {@link InvalidEventException}: whatever the bytes, the caller gets an event or a reason.
 */
public abstract class EventDecoder<T extends Event> implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .without(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);

    protected final DecodeLimits limits;

    protected EventDecoder(DecodeLimits limits) {
        this.limits = limits;
    }

    public final T decode(byte[] bytes) throws InvalidEventException {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidEventException("empty message");
        }
        if (bytes.length > limits.maxMessageBytes()) {
            throw new InvalidEventException(
                    "message of " + bytes.length + " bytes exceeds the limit of " + limits.maxMessageBytes());
        }
        requireUtf8(bytes);
        JsonNode node;
        try {
            node = READER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("bad JSON: " + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            throw new InvalidEventException("bad JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidEventException("expected a JSON object");
        }
        try {
            return decode(new JsonFields(node, limits), node);
        } catch (InvalidEventException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidEventException("invalid event: " + e.getMessage());
        }
    }

    protected abstract T decode(JsonFields fields, JsonNode node) throws InvalidEventException;

    private static void requireUtf8(byte[] bytes) throws InvalidEventException {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new InvalidEventException("invalid UTF-8");
        }
    }

    protected static String eventId(JsonFields fields) throws InvalidEventException {
        return fields.text("event_id");
    }
}
