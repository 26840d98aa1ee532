package com.neuronexus.streams.connectors.serde;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Strict, typed reads of one JSON object's fields. A number must be a JSON number (not a string), finite;
 * a text must be a non-blank string; an absent optional field and an explicit null both mean "not given".
 */
final class JsonFields {
    private static final int MAX_TEXT_LENGTH = 512;
    private final JsonNode object;
    private final DecodeLimits limits;

    JsonFields(JsonNode object, DecodeLimits limits) {
        this.object = object;
        this.limits = limits;
    }

    private JsonNode present(String name) {
        JsonNode node = object.get(name);
        return node == null || node.isNull() ? null : node;
    }

    String text(String name) throws InvalidEventException {
        String value = optionalText(name);
        if (value == null) {
            throw new InvalidEventException("missing field '" + name + "'");
        }
        return value;
    }

    String optionalText(String name) throws InvalidEventException {
        JsonNode node = present(name);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidEventException("field '" + name + "' must be a string, got " + kind(node));
        }
        String value = node.textValue();
        if (value.isBlank()) {
            throw new InvalidEventException("field '" + name + "' must not be blank");
        }
        if (value.length() > MAX_TEXT_LENGTH) {
            throw new InvalidEventException("field '" + name + "' is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        return value;
    }

    double number(String name) throws InvalidEventException {
        Double value = optionalNumber(name);
        if (value == null) {
            throw new InvalidEventException("missing field '" + name + "'");
        }
        return value;
    }

    Double optionalNumber(String name) throws InvalidEventException {
        JsonNode node = present(name);
        if (node == null) {
            return null;
        }
        if (!node.isNumber()) {
            throw new InvalidEventException("field '" + name + "' must be a number, got " + kind(node));
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            throw new InvalidEventException("field '" + name + "' must be finite");
        }
        return value;
    }

    double positive(String name) throws InvalidEventException {
        double value = number(name);
        if (value <= 0) {
            throw new InvalidEventException("field '" + name + "' must be > 0, got " + value);
        }
        return value;
    }

    double nonNegative(String name) throws InvalidEventException {
        double value = number(name);
        if (value < 0) {
            throw new InvalidEventException("field '" + name + "' must be >= 0, got " + value);
        }
        return value;
    }

    Double optionalNonNegative(String name) throws InvalidEventException {
        Double value = optionalNumber(name);
        if (value != null && value < 0) {
            throw new InvalidEventException("field '" + name + "' must be >= 0, got " + value);
        }
        return value;
    }

    Double optionalPositive(String name) throws InvalidEventException {
        Double value = optionalNumber(name);
        if (value != null && value <= 0) {
            throw new InvalidEventException("field '" + name + "' must be > 0, got " + value);
        }
        return value;
    }

    int integer(String name) throws InvalidEventException {
        Integer value = optionalInteger(name);
        if (value == null) {
            throw new InvalidEventException("missing field '" + name + "'");
        }
        return value;
    }

    Integer optionalInteger(String name) throws InvalidEventException {
        JsonNode node = present(name);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new InvalidEventException("field '" + name + "' must be an integer, got " + kind(node));
        }
        return node.intValue();
    }

    BigDecimal money(String name) throws InvalidEventException {
        BigDecimal value = optionalMoney(name);
        if (value == null) {
            throw new InvalidEventException("missing field '" + name + "'");
        }
        return value;
    }

    BigDecimal optionalMoney(String name) throws InvalidEventException {
        JsonNode node = present(name);
        if (node == null) {
            return null;
        }
        if (!node.isNumber()) {
            throw new InvalidEventException("field '" + name + "' must be a number, got " + kind(node));
        }
        BigDecimal value = node.decimalValue();
        if (value.abs().compareTo(new BigDecimal("1e15")) > 0) {
            throw new InvalidEventException("field '" + name + "' is out of range");
        }
        return value;
    }

    boolean bool(String name, boolean defaultValue) throws InvalidEventException {
        JsonNode node = present(name);
        if (node == null) {
            return defaultValue;
        }
        if (!node.isBoolean()) {
            throw new InvalidEventException("field '" + name + "' must be true or false, got " + kind(node));
        }
        return node.booleanValue();
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type) throws InvalidEventException {
        String raw = text(name);
        try {
            return Enum.valueOf(type, raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("field '" + name + "' has unknown value '" + raw + "'; expected one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    /** {@code ts}: an ISO-8601 instant or epoch milliseconds, from 1970 to at most maxFutureMs ahead. */
    Instant timestamp(String name) throws InvalidEventException {
        JsonNode node = present(name);
        if (node == null) {
            throw new InvalidEventException("missing field '" + name + "'");
        }
        Instant ts;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            ts = Instant.ofEpochMilli(node.longValue());
        } else if (node.isTextual()) {
            try {
                ts = Instant.parse(node.textValue());
            } catch (DateTimeParseException e) {
                throw new InvalidEventException("field '" + name + "' is not an ISO-8601 instant: '" + node.textValue() + "'");
            }
        } else {
            throw new InvalidEventException("field '" + name + "' must be an ISO-8601 string or epoch millis, got " + kind(node));
        }
        return plausible(name, ts);
    }

    /** Between 1970 and at most maxFutureMs ahead of the wall clock. */
    Instant plausible(String name, Instant ts) throws InvalidEventException {
        if (ts.toEpochMilli() < 0) {
            throw new InvalidEventException("field '" + name + "' is before 1970: " + ts);
        }
        if (ts.toEpochMilli() > System.currentTimeMillis() + limits.maxFutureMs()) {
            throw new InvalidEventException("field '" + name + "' is too far in the future: " + ts);
        }
        return ts;
    }

    /** A JSON object field kept as canonical text. */
    String optionalObjectText(String name) throws InvalidEventException {
        JsonNode node = present(name);
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidEventException("field '" + name + "' must be an object, got " + kind(node));
        }
        return com.neuronexus.streams.core.json.Json.canonical(node);
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
