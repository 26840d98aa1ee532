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
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The platform's file wiring on a MiniCluster: good events pass, malformed and late ones reach the DLQ, runs repeat exactly. */
class FileReplayTest {

    /** A job whose graph the test gives, so the test sees exactly what the platform did around it. */
    static final class TestJob extends NexusJob {
        private final String name;
        private final java.util.function.BiConsumer<TopicIo, StreamExecutionEnvironment> graph;

        TestJob(Settings settings, TopicIo io, String name,
                java.util.function.BiConsumer<TopicIo, StreamExecutionEnvironment> graph) {
            super(settings, io);
            this.name = name;
            this.graph = graph;
        }

        @Override
        public String shortName() {
            return name;
        }

        @Override
        public void build(StreamExecutionEnvironment env) {
            graph.accept(io, env);
        }
    }

    /** Passes usage through. */
    static void echo(TopicIo io, StreamExecutionEnvironment env) {
        io.write(io.read(env, Topic.INVENTORY_USAGE, UsageEvent.class), Topic.FORECASTS, UsageEvent.class);
    }

    /**
     * Keyed by sku, like every consumer of inventory.usage: writes each event that arrives after an event of its
     * sku from a later line (event ids are {@code <sku>-<line>}).
     */
    static void arrivalOrder(TopicIo io, StreamExecutionEnvironment env) {
        io.write(io.read(env, Topic.INVENTORY_USAGE, UsageEvent.class)
                .keyBy(UsageEvent::sku)
                .process(new Overtaken()), Topic.FORECASTS, UsageEvent.class);
    }

    /** Each event that arrives after an event of its sku that is later in the file. */
    static final class Overtaken extends KeyedProcessFunction<String, UsageEvent, UsageEvent> {
        /** The latest line number of this sku seen so far. */
        private transient ValueState<Integer> lastLine;

        @Override
        public void open(OpenContext context) {
            lastLine = getRuntimeContext().getState(new ValueStateDescriptor<>("last-line", Integer.class));
        }

        @Override
        public void processElement(UsageEvent e, Context ctx, Collector<UsageEvent> out) throws Exception {
            int line = Integer.parseInt(e.eventId().substring(e.eventId().indexOf('-') + 1));
            Integer last = lastLine.value();
            if (last != null && line < last) {
                out.collect(e);
            }
            lastLine.update(last == null ? line : Math.max(last, line));
        }
    }

    private static void runEcho(Path in, Path out) throws Exception {
        Settings settings = Settings.load(new String[] {"--events.max-out-of-orderness-ms", "1000"}, java.util.Map.of(), java.util.Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, Replay.loopbackOnly());
        new TestJob(settings, new FileTopicIo(settings, in, out), "echo", FileReplayTest::echo).build(env);
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

    /**
     * A file is replayed like a one-partition topic: each key's events reach its keyed operator in file order at
     * any parallelism, as each key's events of a Kafka partition do live. Functions that act on arrival (the
     * early error-rate rule raises at the server error that tips a filling window) depend on it; sent round-robin
     * to two validating subtasks, a key's events came through both and interleaved differently on every run.
     */
    @Test
    void eachKeysEventsReachItsKeyedOperatorInFileOrder(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        List<String> lines = new java.util.ArrayList<>();
        long t0 = java.time.Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
        for (int line = 0; line < 20_000; line++) {
            String sku = "S" + (line * 7919 % 13);
            lines.add("{\"event_id\":\"" + sku + "-" + line + "\",\"ts\":\"" + java.time.Instant.ofEpochMilli(t0 + line)
                    + "\",\"sku\":\"" + sku + "\",\"qty\":1}");
        }
        Files.write(in.resolve("inventory.usage.jsonl"), lines, StandardCharsets.UTF_8);
        Settings settings = Settings.load(new String[0], java.util.Map.of(), java.util.Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, Replay.loopbackOnly());
        new TestJob(settings, new FileTopicIo(settings, in, dir.resolve("out")), "arrival-order", FileReplayTest::arrivalOrder)
                .build(env);
        env.execute("arrival-order");

        List<String> overtaken = Files.readAllLines(dir.resolve("out").resolve("inventory.forecasts.jsonl"));
        assertEquals(0, overtaken.size(), overtaken.size() + " events arrived after a later one of their sku, e.g. "
                + overtaken.stream().limit(3).toList());
        assertTrue(Files.readAllLines(dir.resolve("out").resolve("inventory.usage.dlq.jsonl")).isEmpty());
    }

    @Test
    void aMissingInputFileIsAnEmptyTopic(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        runEcho(in, dir.resolve("out"));
        assertEquals(0, Files.readAllLines(dir.resolve("out").resolve("inventory.forecasts.jsonl")).size());
    }
}
