package com.neuronexus.streams.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Reads any JSON value into its canonical text, so a record can keep a free-form object (evidence,
 * payload, components) as a String field — cheap for Flink to serialize — and write it back with
 * {@code @JsonRawValue} unchanged.
 */
public final class RawJsonDeserializer extends JsonDeserializer<String> {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonNode node = p.readValueAsTree();
        return node == null || node.isNull() ? null : Json.canonical(node);
    }
}
