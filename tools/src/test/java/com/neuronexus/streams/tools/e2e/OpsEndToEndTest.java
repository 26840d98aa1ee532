package com.neuronexus.streams.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.neuronexus.streams.connectors.io.KafkaTopicIo;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.settings.PlatformSettings;
import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.jobs.OpsJob;
import com.neuronexus.streams.jobs.Replay;
import com.neuronexus.streams.tools.generator.GenerateCommand;
import com.neuronexus.streams.tools.infra.LocalStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpsJob on 127.0.0.1 end to end: one generated day of request latencies and metric samples (with the generator's
 * error bursts, slowdowns, spikes, level shifts and malformed lines) in a real Kafka broker, the job at
 * parallelism 2 on a local Flink cluster with RocksDB and checkpoints, outputs in Kafka and PostgreSQL.
 *
 * <ul>
 *   <li>latency windows and anomaly windows agree between their topics and their tables;</li>
 *   <li>the live run publishes exactly what a file replay of the same input publishes — windows, anomaly
 *       windows and signals, the early error-rate signals included — record for record;</li>
 *   <li>every malformed line is in its topic's DLQ, and a request sent after the watermark passed it is there
 *       too, as late, and changes nothing.</li>
 * </ul>
 *
 * <p>As in {@link DemandEndToEndTest}, one extra request and one extra metric sample per partition, three days
 * after the workload (past the 2-day idle timeout of every route and series), carry the live watermark past every
 * generated event; their service and series are left out of the comparison.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(120);
    static final String SENTINEL = "e2e-watermark";
    static final int PARTITIONS = 2;
    static final List<Topic> INPUTS = List.of(Topic.REQUEST_LATENCY, Topic.METRICS);
    static final List<Topic> OUTPUTS = List.of(Topic.LATENCY_WINDOWS, Topic.ANOMALIES, Topic.SIGNALS);
    static final List<Topic> TABLES = List.of(Topic.LATENCY_WINDOWS, Topic.ANOMALIES);

    private Path workload;
    private JsonNode manifest;
    private LocalStack stack;
    private final Map<Topic, List<String>> replayed = new LinkedHashMap<>();
    private StackProbe probe;
    private JsonNode lateRequest;
    private final long started = System.nanoTime();

    @BeforeAll
    void runTheOpsJobLive(@TempDir Path tmp) throws Exception {
        workload = tmp.resolve("workload");
        assertEquals(0, GenerateCommand.run(new String[] {"--out", workload.toString(), "--days", "1", "--skus", "5",
                "--seed", "11", "--start", "2026-01-05T00:00:00Z"}));
        manifest = Json.MAPPER.readTree(workload.resolve("manifest.json").toFile());
        Instant sentinelTime = Instant.parse(manifest.path("end").asText()).plus(Duration.ofDays(3));
        StringBuilder requests = new StringBuilder();
        StringBuilder samples = new StringBuilder();
        List<String> keys = PlatformEndToEndTest.keysForEveryPartition(SENTINEL, PARTITIONS);
        for (int i = 0; i < keys.size(); i++) {
            requests.append(Json.toText(request(SENTINEL + "-req-" + i, sentinelTime, keys.get(i), 200))).append('\n');
            samples.append(Json.toText(sample(SENTINEL + "-met-" + i, sentinelTime, keys.get(i)))).append('\n');
        }
        Files.writeString(workload.resolve(Topic.REQUEST_LATENCY.fileName()), requests.toString(), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        Files.writeString(workload.resolve(Topic.METRICS.fileName()), samples.toString(), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        phase("generated");

        Settings base = Settings.defaults()
                .with(PlatformSettings.KAFKA_STARTING_OFFSETS, PlatformSettings.StartingOffsets.EARLIEST)
                .with(PlatformSettings.KAFKA_GROUP_ID_PREFIX, "e2e-ops")
                .with(PlatformSettings.EVENTS_IDLENESS_MS, 3_000L)
                .with(PlatformSettings.JDBC_BATCH_INTERVAL_MS, 100L);
        Path replayOut = tmp.resolve("replay");
        Replay.run("ops", base, workload, replayOut, 1);
        for (Topic topic : OUTPUTS) {
            replayed.put(topic, generated(Files.readAllLines(replayOut.resolve(topic.fileName())).stream()
                    .filter(l -> !l.isBlank()).map(Json::readTree).toList()));
            assertFalse(replayed.get(topic).isEmpty(), "the replay published no " + topic.topicName());
        }
        phase("replayed");

        stack = EndToEndStack.start(PARTITIONS, 2);
        probe = new StackProbe(stack);
        EndToEndStack.loadAndRun(stack, base, workload, INPUTS, "e2e-ops",
                (settings, env) -> new OpsJob(settings, new KafkaTopicIo(settings, "ops")).build(env));
        phase("job running");

        probe.await("live outputs complete", WAIT, () -> {
            for (Topic topic : OUTPUTS) {
                int live = generated(probe.readTopic(topic.topicName())).size();
                if (live < replayed.get(topic).size()) {
                    return topic.topicName() + " " + live + " of " + replayed.get(topic).size();
                }
            }
            for (Topic topic : TABLES) {
                String differ = probe.topicAndTableDiffer(topic);
                if (differ != null) {
                    return differ;
                }
            }
            return EndToEndStack.missingDeadLetters(probe, manifest, INPUTS);
        });
        phase("live outputs complete");

        // The watermark is days past the workload now: a request of its first hour is late.
        JsonNode first = Json.readTree(Files.readAllLines(workload.resolve(Topic.REQUEST_LATENCY.fileName())).stream()
                .filter(l -> l.contains("\"service\"") && l.contains("\"latency_ms\"")).findFirst().orElseThrow());
        String service = first.path("service").asText();
        lateRequest = request("e2e-late-1", Instant.parse(manifest.path("start").asText()).plus(Duration.ofHours(1)), service, 503);
        ((ObjectNode) lateRequest).put("route", first.path("route").asText());
        EndToEndStack.send(stack, Topic.REQUEST_LATENCY, service, lateRequest);
        probe.await("the late request in the DLQ", WAIT, () -> lateLetter() != null ? null : "not yet");
        phase("late request dead-lettered");
    }

    @AfterAll
    void stop() {
        StackProbe.closeBoth(probe, stack);
    }

    @Test
    void latencyAndAnomalyWindowsAgreeBetweenKafkaAndPostgres() throws Exception {
        for (Topic topic : TABLES) {
            assertFalse(probe.assertTopicEqualsTable(topic).isEmpty(), topic.topicName());
        }
        // the table holds the figures too, not just the keys
        JsonNode window = Json.readTree(replayed.get(Topic.LATENCY_WINDOWS).get(replayed.get(Topic.LATENCY_WINDOWS).size() / 2));
        try (Connection c = probe.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT request_count, p95_ms FROM latency_windows WHERE service = '" + window.path("service").asText()
                        + "' AND route = '" + window.path("route").asText() + "' AND window_start = '"
                        + window.path("window_start").asText() + "' AND window_seconds = " + window.path("window_seconds").asInt())) {
            assertTrue(rs.next(), "latency window row in PostgreSQL: " + window);
            assertEquals(window.path("request_count").asLong(), rs.getLong(1));
            assertEquals(window.path("p95_ms").asDouble(), rs.getDouble(2), 1e-9);
        }
    }

    /**
     * Windows, anomaly windows and signals as multisets of whole records (ids are derived from content, so equal
     * records are the same record). The generated day has an error burst, whose ERROR_RATE_HIGH is raised on
     * the filling window at a 5xx: that early signal depends on nothing but the requests, not on how far the
     * live watermark had got when the 5xx arrived.
     */
    @Test
    void liveOutputEqualsTheFileReplayRecordForRecord() {
        for (Topic topic : OUTPUTS) {
            List<String> live = generated(probe.readTopic(topic.topicName()));
            assertEquals(replayed.get(topic), live, topic.topicName());
        }
        assertTrue(replayed.get(Topic.SIGNALS).stream().anyMatch(s -> s.contains("\"window_filling\":true")),
                "the day has an error burst raised early");
        assertTrue(replayed.get(Topic.ANOMALIES).size() > 0, "the detector found the injected anomalies");
    }

    @Test
    void malformedAndLateInputIsInTheDeadLetterTopics() throws Exception {
        EndToEndStack.assertMalformedLinesDeadLettered(probe, manifest, workload, INPUTS);
        JsonNode late = lateLetter();
        assertNotNull(late);
        assertEquals(Topic.REQUEST_LATENCY.topicName(), late.path("topic").asText());
        assertTrue(late.path("error").asText().contains("watermark"), late.toString());
        // dropped, not counted: the windows are still exactly the replay's (read after the late request was sent)
        assertEquals(replayed.get(Topic.LATENCY_WINDOWS), generated(probe.readTopic(Topic.LATENCY_WINDOWS.topicName())));
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The records of the generated workload (the sentinels' routes and series left out), as sorted JSON text. */
    private static List<String> generated(List<JsonNode> records) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : records) {
            String text = Json.toText(n);
            if (!text.contains(SENTINEL)) {
                out.add(text);
            }
        }
        out.sort(null);
        return out;
    }

    private static ObjectNode request(String id, Instant ts, String service, int status) {
        ObjectNode node = Json.newObject();
        node.put("event_id", id);
        node.put("ts", ts.toString());
        node.put("service", service);
        node.put("route", "/");
        node.put("method", "GET");
        node.put("status", status);
        node.put("latency_ms", 10.0);
        return node;
    }

    private static ObjectNode sample(String id, Instant ts, String series) {
        ObjectNode node = Json.newObject();
        node.put("event_id", id);
        node.put("ts", ts.toString());
        node.put("series", series);
        node.put("value", 1.0);
        return node;
    }

    private JsonNode lateLetter() {
        return EndToEndStack.lateLetter(probe, Topic.REQUEST_LATENCY, lateRequest.path("event_id").asText());
    }

    private void phase(String what) {
        System.out.printf("ops e2e: %-30s at %5.1f s%n", what, (System.nanoTime() - started) / 1e9);
    }
}
