package com.neuronexus.streams.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.neuronexus.streams.connectors.io.FileTopicIo;
import com.neuronexus.streams.connectors.io.TopicIo;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.UsageEvent;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.settings.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The platform's file wiring on a MiniCluster: good events pass, malformed and late ones reach the DLQ, runs repeat exactly. */
class FileReplayTest {

    /** A job that only passes usage through, so the test sees exactly what the platform did. */
    static final class EchoJob extends NexusJob {
        EchoJob(Settings settings, TopicIo io) {
            super(settings, io);
        }

        @Override
        public String shortName() {
            return "echo";
        }

        @Override
        public void build(StreamExecutionEnvironment env) {
            io.write(io.read(env, Topic.INVENTORY_USAGE, UsageEvent.class), Topic.FORECASTS, UsageEvent.class);
        }
    }

    private static void runEcho(Path in, Path out) throws Exception {
        Settings settings = Settings.load(new String[] {"--events.max-out-of-orderness-ms", "1000"}, java.util.Map.of(), java.util.Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, Replay.loopbackOnly());
        new EchoJob(settings, new FileTopicIo(settings, in, out)).build(env);
        env.execute("echo");
    }

    @Test
    void goodEventsPassMalformedAndLateGoToTheDeadLetterFileAndRunsAreByteIdentical(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        List<String> lines = List.of(
                "{\"event_id\":\"u1\",\"ts\":\"2026-03-01T10:00:00Z\",\"sku\":\"A\",\"qty\":1}",
                "{\"event_id\":\"u2\",\"ts\":\"2026-03-01T10:00:05Z\",\"sku\":\"B\",\"qty\":2}",
                "not json",
                "{\"event_id\":\"u3\",\"ts\":\"2026-03-01T10:00:04.500Z\",\"sku\":\"A\",\"qty\":3}",
                "",
                "{\"event_id\":\"late\",\"ts\":\"2026-03-01T10:00:01Z\",\"sku\":\"A\",\"qty\":4}",
                "{\"event_id\":\"u5\",\"ts\":\"2026-03-01T10:00:09Z\",\"sku\":\"A\",\"qty\":-5}",
                "{\"event_id\":\"u6\",\"ts\":\"2026-03-01T10:00:10Z\",\"sku\":\"C\",\"qty\":6}");
        Files.write(in.resolve("inventory.usage.jsonl"), lines, StandardCharsets.UTF_8);

        Path first = dir.resolve("out1");
        Path second = dir.resolve("out2");
        runEcho(in, first);
        runEcho(in, second);

        List<String> out = Files.readAllLines(first.resolve("inventory.forecasts.jsonl"));
        assertEquals(List.of("u1", "u3", "u2", "u6"), out.stream().map(l -> Json.readTree(l).get("event_id").asText()).toList(),
                "good events in event-time order");

        List<JsonNode> dead = Files.readAllLines(first.resolve("inventory.usage.dlq.jsonl")).stream().map(Json::readTree).toList();
        assertEquals(3, dead.size(), dead.toString());
        JsonNode late = dead.stream().filter(d -> d.get("reason").asText().equals("late")).findFirst().orElseThrow();
        assertEquals(5, late.get("offset").asLong(), "late event keeps its line number");
        assertTrue(late.get("raw").asText().contains("\"event_id\":\"late\""));
        assertTrue(dead.stream().anyMatch(d -> d.get("offset").asLong() == 2 && d.get("error").asText().startsWith("bad JSON")));
        assertTrue(dead.stream().anyMatch(d -> d.get("offset").asLong() == 6 && d.get("error").asText().contains("must be > 0")));
        dead.forEach(d -> assertEquals("inventory.usage", d.get("topic").asText()));

        for (String file : List.of("inventory.forecasts.jsonl", "inventory.usage.dlq.jsonl")) {
            assertArrayEquals(Files.readAllBytes(first.resolve(file)), Files.readAllBytes(second.resolve(file)), file);
        }
    }

    @Test
    void aMissingInputFileIsAnEmptyTopic(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        runEcho(in, dir.resolve("out"));
        assertEquals(0, Files.readAllLines(dir.resolve("out").resolve("inventory.forecasts.jsonl")).size());
    }
}
