package com.neuronexus.streams.tools.generator;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Something injected on purpose for a detector to find, with the truth a test or an evaluation compares with:
 * which entity, when (start inclusive, end exclusive) and what is expected (counts, factors, ids).
 */
public record Injection(String kind, String topic, String entity, Instant start, Instant end, Map<String, Object> expected) {

    public Injection {
        expected = new TreeMap<>(expected);
    }
}
