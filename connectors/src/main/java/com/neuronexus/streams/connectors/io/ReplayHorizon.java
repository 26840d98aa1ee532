package com.neuronexus.streams.connectors.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The newest event time over every input file of a replay. Each replayed source advances its watermark to
 * it before ending, so the last watermark a job sees before the final one does not depend on which file
 * happens to be read last — timers and end-of-input logic then give the same output on every run.
 */
final class ReplayHorizon {
    private ReplayHorizon() {}

    static long newestEventTime(Path dir) {
        long newest = Long.MIN_VALUE;
        for (Topic topic : Topic.values()) {
            Path file = dir.resolve(topic.fileName());
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    newest = Math.max(newest, eventTime(line));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return newest;
    }

    private static long eventTime(String line) {
        try {
            JsonNode ts = Json.MAPPER.readTree(line.getBytes(StandardCharsets.ISO_8859_1)).get("ts");
            if (ts == null) {
                return Long.MIN_VALUE;
            }
            return ts.isIntegralNumber() ? ts.asLong() : Instant.parse(ts.asText()).toEpochMilli();
        } catch (IOException | RuntimeException e) {
            return Long.MIN_VALUE; // malformed lines do not count
        }
    }
}
