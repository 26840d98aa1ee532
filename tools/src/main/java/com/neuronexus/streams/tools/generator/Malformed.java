package com.neuronexus.streams.tools.generator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.neuronexus.streams.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Damaged copies of a valid event, for the dead-letter path. Each topic says which of its fields can be damaged;
 * a kind that does not apply to a topic (no enum field, no quantity) is not produced for it.
 */
final class Malformed {
    private Malformed() {}

    enum Kind {
        /** The JSON text is cut in half: not parseable. */
        BAD_JSON,
        /** A required field is missing. */
        MISSING_FIELD,
        /** A quantity that must be positive is negative. */
        NEGATIVE_QTY,
        /** A number field holds the string "NaN". */
        NAN_STRING,
        /** An enum field holds a value outside its set. */
        UNKNOWN_ENUM,
        /** ts is 1900-01-01, outside any plausible range. */
        ABSURD_TIMESTAMP
    }

    static final String ABSURD_TS = "1900-01-01T00:00:00Z";

    /**
     * Which fields of a topic's sample event to damage.
     *
     * @param requiredField removed for MISSING_FIELD
     * @param quantityField made negative for NEGATIVE_QTY (null: kind not produced)
     * @param numericField  set to "NaN" for NAN_STRING (null: kind not produced)
     * @param enumField     set to an unknown value for UNKNOWN_ENUM (null: kind not produced)
     */
    record Spec(String requiredField, String quantityField, String numericField, String enumField) {
        List<Kind> kinds() {
            List<Kind> kinds = new ArrayList<>(List.of(Kind.BAD_JSON, Kind.MISSING_FIELD));
            if (quantityField != null) {
                kinds.add(Kind.NEGATIVE_QTY);
            }
            if (numericField != null) {
                kinds.add(Kind.NAN_STRING);
            }
            if (enumField != null) {
                kinds.add(Kind.UNKNOWN_ENUM);
            }
            kinds.add(Kind.ABSURD_TIMESTAMP);
            return kinds;
        }
    }

    /** A malformed message of a given kind, sent at a given time. */
    record Planned(Kind kind, java.time.Instant ts) {}

    /**
     * When a topic gets its malformed messages: every applicable kind in the run's first minutes (so a short
     * sandbox run sees them all), then one more each 7th day, cycling through the kinds.
     */
    static List<Planned> plan(int day, java.time.Instant dayStart, Emitter out, Spec spec, int topicOffsetSeconds) {
        List<Kind> kinds = spec.kinds();
        List<Planned> planned = new ArrayList<>();
        if (day == 0) {
            java.time.Instant base = out.runStart().plusSeconds(300 + topicOffsetSeconds);
            for (int k = 0; k < kinds.size(); k++) {
                planned.add(new Planned(kinds.get(k), base.plusSeconds(120L * k)));
            }
        } else if (day % 7 == 0) {
            planned.add(new Planned(kinds.get((day / 7) % kinds.size()), dayStart.plusSeconds(12 * 3600 + topicOffsetSeconds)));
        }
        planned.removeIf(p -> !out.fits(p.ts(), java.time.Duration.ZERO));
        return planned;
    }

    static String damage(ObjectNode valid, Kind kind, Spec spec) {
        ObjectNode node = valid.deepCopy();
        switch (kind) {
            case BAD_JSON -> {
                String text = Json.toText(node);
                return text.substring(0, text.length() / 2);
            }
            case MISSING_FIELD -> node.remove(spec.requiredField());
            case NEGATIVE_QTY -> node.put(spec.quantityField(), -Math.max(1, Math.abs(node.path(spec.quantityField()).asDouble(3))));
            case NAN_STRING -> node.put(spec.numericField(), "NaN");
            case UNKNOWN_ENUM -> node.put(spec.enumField(), "TELEPORTED");
            case ABSURD_TIMESTAMP -> node.put("ts", ABSURD_TS);
        }
        return Json.toText(node);
    }
}
