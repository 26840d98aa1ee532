package com.neuronexus.streams.tools.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
