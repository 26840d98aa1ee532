package com.neuronexus.streams.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.neuronexus.streams.connectors.jdbc.Migrations;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.DeadLetter;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.tools.infra.LocalFlink;
import com.neuronexus.streams.tools.infra.LocalStack;
import com.neuronexus.streams.tools.kafka.TopicLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What the end-to-end tests ({@link DemandEndToEndTest}, {@link OpsEndToEndTest}, {@link PlatformEndToEndTest}) do
 * alike, whatever the job: a stack with its tables, the generated workload loaded before a job starts, and the
 * dead-letter checks of the generated inputs.
 */
final class EndToEndStack {
    private EndToEndStack() {}

    /** Kafka with {@code partitions} per topic, PostgreSQL with every migration, Flink with RocksDB and 2 s checkpoints. */
    static LocalStack start(int partitions, int parallelism) throws Exception {
        LocalStack stack = LocalStack.start(new LocalStack.Options(0, 0, 0, -1, partitions, 8, parallelism,
                LocalFlink.StateBackend.ROCKSDB, Duration.ofSeconds(2), true));
        Migrations.apply(stack.postgres().jdbcUrlWithoutCredentials(), stack.postgres().user(), stack.postgres().password());
        return stack;
    }

    /**
     * Loads the inputs' workload files into Kafka, then builds the job ({@code build} gets the stack's settings)
     * and returns once it runs. The whole workload is in Kafka before the job starts: no source sits idle while
     * another races ahead.
     */
    static JobClient loadAndRun(LocalStack stack, Settings base, Path workload, List<Topic> inputs, String name,
            BiConsumer<Settings, StreamExecutionEnvironment> build) throws Exception {
        try (TopicLoader loader = new TopicLoader(stack.kafka().bootstrapServers())) {
            for (Topic topic : inputs) {
                loader.loadFile(topic, workload.resolve(topic.fileName()));
            }
        }
        StreamExecutionEnvironment env = stack.flink().environment();
        build.accept(stack.settings(base), env);
        // A partition joins the Kafka source's watermark only with its first record: the first watermark comes
        // once every partition has been read from, or another's first events could be behind it (see
        // PlatformEndToEndTest#firstWatermarkAfterEveryPartition).
        PlatformEndToEndTest.firstWatermarkAfterEveryPartition(env);
        JobClient client = stack.flink().submit(env, name);
        stack.flink().awaitRunning(client.getJobID(), Duration.ofSeconds(60));
        return client;
    }

    /** Sends one record to a topic, keyed, and waits until it is written. */
    static void send(LocalStack stack, Topic topic, String key, JsonNode record) {
        try (TopicLoader loader = new TopicLoader(stack.kafka().bootstrapServers())) {
            loader.send(topic.topicName(), key.getBytes(StandardCharsets.UTF_8), Json.toBytes(record), null);
            loader.flush();
        }
    }

    /** The first input whose DLQ holds fewer letters than the workload's malformed lines, or null. */
    static String missingDeadLetters(StackProbe probe, JsonNode manifest, List<Topic> inputs) {
        for (Topic topic : inputs) {
            int dead = probe.readTopic(topic.deadLetterTopic()).size();
            int malformed = manifest.path("topics").path(topic.topicName()).path("malformed").asInt();
            if (dead < malformed) {
                return topic.deadLetterTopic() + " " + dead + " of " + malformed;
            }
        }
        return null;
    }

    /**
     * The workload has malformed lines in every input, and each one the manifest lists is in its topic's DLQ as
     * malformed, with where (topic, offset) and why; no other line is dead-lettered as malformed.
     */
    static void assertMalformedLinesDeadLettered(StackProbe probe, JsonNode manifest, Path workload, List<Topic> inputs)
            throws Exception {
        for (Topic topic : inputs) {
            JsonNode expected = manifest.path("topics").path(topic.topicName());
            List<String> lines = Files.readAllLines(workload.resolve(topic.fileName()), StandardCharsets.UTF_8);
            Map<String, JsonNode> malformedByRaw = new LinkedHashMap<>();
            for (JsonNode d : probe.readTopic(topic.deadLetterTopic())) {
                if (DeadLetter.REASON_MALFORMED.equals(d.path("reason").asText())) {
                    malformedByRaw.put(d.path("raw").asText(), d);
                }
            }
            assertTrue(expected.path("malformed").asInt() > 0, "the workload has malformed " + topic.topicName());
            assertEquals(expected.path("malformed").asInt(), malformedByRaw.size(), topic.deadLetterTopic() + ": " + malformedByRaw.keySet());
            for (JsonNode entry : expected.path("malformed_lines")) {
                String line = lines.get(entry.path("line").asInt() - 1);
                JsonNode letter = malformedByRaw.get(line);
                assertNotNull(letter, entry.path("kind").asText() + " line " + entry.path("line") + " not in "
                        + topic.deadLetterTopic() + ": " + line);
                assertEquals(topic.topicName(), letter.path("topic").asText());
                assertTrue(letter.path("offset").asLong(-1) >= 0, letter.toString());
                assertFalse(letter.path("error").asText().isBlank(), letter.toString());
            }
        }
    }

    /** The dead letter of the event with this id on the topic's DLQ with reason late, or null. */
    static JsonNode lateLetter(StackProbe probe, Topic topic, String eventId) {
        for (JsonNode d : probe.readTopic(topic.deadLetterTopic())) {
            if (DeadLetter.REASON_LATE.equals(d.path("reason").asText()) && d.path("raw").asText().contains(eventId)) {
                return d;
            }
        }
        return null;
    }
}
