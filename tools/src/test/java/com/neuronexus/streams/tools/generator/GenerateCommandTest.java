package com.neuronexus.streams.tools.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

    private static int run(ByteArrayOutputStream err, String... args) {
        return GenerateCommand.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void badArgumentsExitWithTwoAndSayWhy(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(err, "--days", "3"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--out DIR is required"));
        assertEquals(2, run(err, "--out", dir.toString(), "--days", "0"));
        assertEquals(2, run(err, "--out", dir.toString(), "--skus", "many"));
        assertEquals(2, run(err, "--out", dir.toString(), "--start", "yesterday"));
        assertEquals(2, run(err, "--out", dir.toString(), "--colour", "blue"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --colour"));
        assertEquals(2, run(err, "--out", dir.toString(), "--intensity", "0"));
        assertEquals(2, run(err, "--out", dir.toString(), "--intensity", "-3"));
        assertEquals(2, run(err, "--out"));
        assertEquals(0, run(err, "--help"));
        assertFalse(Files.exists(dir.resolve(BatchWriter.MANIFEST)), "nothing written on bad arguments");
    }

    @Test
    void writesEveryInputTopicAndTheManifest(@TempDir Path dir) {
        assertEquals(0, run(new ByteArrayOutputStream(), "--out", dir.resolve("w").toString(), "--days", "1", "--skus", "5",
                "--seed", "9", "--start", "2026-06-15T10:30:00Z"));
        for (var topic : Emitter.INPUTS) {
            assertTrue(Files.exists(dir.resolve("w").resolve(topic.fileName())), topic.fileName());
        }
        assertTrue(Files.exists(dir.resolve("w").resolve(BatchWriter.MANIFEST)));
    }

    @Test
    void intensityMultipliesOnlyTheRequestTraffic(@TempDir Path dir) throws Exception {
        String[] common = {"--days", "1", "--skus", "5", "--seed", "9", "--start", "2026-06-15T00:00:00Z"};
        assertEquals(0, run(new ByteArrayOutputStream(), concat(new String[] {"--out", dir.resolve("x1").toString()}, common)));
        assertEquals(0, run(new ByteArrayOutputStream(),
                concat(new String[] {"--out", dir.resolve("x10").toString(), "--intensity", "10"}, common)));
        long requests1 = lines(dir.resolve("x1"), Topic.REQUEST_LATENCY);
        long requests10 = lines(dir.resolve("x10"), Topic.REQUEST_LATENCY);
        // Poisson arrivals: ~13,000 a day at intensity 1, so ten times that within a few percent
        assertTrue(requests10 > 9 * requests1 && requests10 < 11 * requests1, requests1 + " -> " + requests10);
        assertEquals(lines(dir.resolve("x1"), Topic.METRICS), lines(dir.resolve("x10"), Topic.METRICS));
        assertEquals(lines(dir.resolve("x1"), Topic.AUDIT_EVENTS), lines(dir.resolve("x10"), Topic.AUDIT_EVENTS));
        assertEquals(10.0, Json.readTree(Files.readString(dir.resolve("x10").resolve(BatchWriter.MANIFEST)))
                .path("request_intensity").asDouble());
        assertFalse(Files.readString(dir.resolve("x1").resolve(BatchWriter.MANIFEST)).contains("request_intensity"));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static long lines(Path dir, Topic topic) throws java.io.IOException {
        try (var stream = Files.lines(dir.resolve(topic.fileName()))) {
            return stream.count();
        }
    }
}
