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
import com.neuronexus.streams.jobs.DemandJob;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * DemandJob on 127.0.0.1 end to end: a generated inventory workload (usage, stock, items, with malformed lines)
 * in a real Kafka broker, the job on a local Flink cluster with RocksDB and checkpoints, outputs in Kafka and
 * PostgreSQL.
 *
 * <ul>
 *   <li>forecasts, recommendations and accuracy rows agree between their topics and their tables;</li>
 *   <li>the live run publishes exactly what a file replay of the same input publishes, record for record;</li>
 *   <li>every malformed line is in {@code inventory.<topic>.dlq}, and a usage event sent after the watermark
 *       passed it is there too, as late, and changes nothing.</li>
 * </ul>
 *
 * <p>As in {@link PlatformEndToEndTest}, one extra usage event per partition, each of a SKU of its own, two days
 * after the workload, carries the watermark past every generated event, so the live run closes every bucket the
 * replay closes. Their SKUs are left out of the comparison: only a bounded replay closes a sentinel's own last
 * bucket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemandEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String SENTINEL_SKU = "E2E-WATERMARK";
    static final List<Topic> INPUTS = List.of(Topic.INVENTORY_ITEMS, Topic.INVENTORY_STOCK, Topic.INVENTORY_USAGE);
    static final List<Topic> OUTPUTS = List.of(Topic.FORECASTS, Topic.RECOMMENDATIONS, Topic.ACCURACY);

    private Path workload;
    private JsonNode manifest;
    private LocalStack stack;
    private final Map<Topic, List<JsonNode>> replayed = new LinkedHashMap<>();
    private StackProbe probe;
    private JsonNode lateEvent;
    private final long started = System.nanoTime();

    @BeforeAll
    void runTheDemandJobLive(@TempDir Path tmp) throws Exception {
        workload = tmp.resolve("workload");
        // 16 days: forecasts start after 12 closed days, so each SKU publishes a few and scores some.
        assertEquals(0, GenerateCommand.run(new String[] {"--out", workload.toString(), "--days", "16", "--skus", "12",
                "--seed", "5", "--start", "2026-01-05T00:00:00Z"}));
        manifest = Json.MAPPER.readTree(workload.resolve("manifest.json").toFile());
        Instant end = Instant.parse(manifest.path("end").asText());
        // One sentinel per partition of inventory.usage (keyed by sku): with one, whenever its partition went
        // idle before the other, every partition was idle short of the other's last events (PlatformEndToEndTest).
        StringBuilder sentinels = new StringBuilder();
        List<String> skus = PlatformEndToEndTest.keysForEveryPartition(SENTINEL_SKU, 2);
        for (int i = 0; i < skus.size(); i++) {
            sentinels.append(Json.toText(usage("e2e-watermark-" + (i + 1), end.plus(Duration.ofDays(2)), skus.get(i), 1)))
                    .append('\n');
        }
        Files.writeString(workload.resolve(Topic.INVENTORY_USAGE.fileName()), sentinels.toString(),
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        phase("generated");

        Settings base = Settings.defaults()
                .with(PlatformSettings.KAFKA_STARTING_OFFSETS, PlatformSettings.StartingOffsets.EARLIEST)
                .with(PlatformSettings.KAFKA_GROUP_ID_PREFIX, "e2e-demand")
                .with(PlatformSettings.EVENTS_IDLENESS_MS, 3_000L)
                .with(PlatformSettings.JDBC_BATCH_INTERVAL_MS, 100L);
        Path replayOut = tmp.resolve("replay");
        Replay.run("demand", base, workload, replayOut, 1);
        for (Topic topic : OUTPUTS) {
            replayed.put(topic, withoutSentinel(Files.readAllLines(replayOut.resolve(topic.fileName())).stream()
                    .filter(l -> !l.isBlank()).map(Json::readTree).toList()));
            assertFalse(replayed.get(topic).isEmpty(), "the replay published no " + topic.topicName());
        }
        phase("replayed");

        stack = EndToEndStack.start(2, 1);
        probe = new StackProbe(stack);
        EndToEndStack.loadAndRun(stack, base, workload, INPUTS, "e2e-demand",
                (settings, env) -> new DemandJob(settings, new KafkaTopicIo(settings, "demand")).build(env));
        phase("job running");

        probe.await("live outputs complete", WAIT, () -> {
            for (Topic topic : OUTPUTS) {
                int live = withoutSentinel(probe.readTopic(topic.topicName())).size();
                if (live < replayed.get(topic).size()) {
                    return topic.topicName() + " " + live + " of " + replayed.get(topic).size();
                }
                String differ = probe.topicAndTableDiffer(topic);
                if (differ != null) {
                    return differ;
                }
            }
            return EndToEndStack.missingDeadLetters(probe, manifest, INPUTS);
        });
        phase("live outputs complete");

        // Now the watermark is days past the workload's first day: a usage event of that day is late.
        String sku = replayed.get(Topic.FORECASTS).get(0).path("sku").asText();
        lateEvent = usage("e2e-late-1", Instant.parse(manifest.path("start").asText()).plus(Duration.ofHours(10)), sku, 500);
        EndToEndStack.send(stack, Topic.INVENTORY_USAGE, sku, lateEvent);
        probe.await("the late usage event in the DLQ", WAIT, () -> lateLetter() != null ? null : "not yet");
        phase("late event dead-lettered");
    }

    @AfterAll
    void stop() {
        StackProbe.closeBoth(probe, stack);
    }

    @Test
    void forecastsRecommendationsAndAccuracyAgreeBetweenKafkaAndPostgres() throws Exception {
        for (Topic topic : OUTPUTS) {
            assertFalse(probe.assertTopicEqualsTable(topic).isEmpty(), topic.topicName());
        }
        // the table holds the figures too, not just the keys
        JsonNode forecast = replayed.get(Topic.FORECASTS).get(replayed.get(Topic.FORECASTS).size() - 1);
        try (Connection c = probe.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT model, horizon FROM forecasts WHERE sku = '" + forecast.path("sku").asText() + "' AND as_of = '"
                        + forecast.path("as_of").asText() + "'")) {
            assertTrue(rs.next(), "forecast row in PostgreSQL");
            assertEquals(forecast.path("model").asText(), rs.getString(1));
            assertEquals(forecast.path("horizon").asInt(), rs.getInt(2));
        }
    }

    @Test
    void liveOutputEqualsTheFileReplayRecordForRecord() {
        for (Topic topic : OUTPUTS) {
            List<JsonNode> live = withoutSentinel(probe.readTopic(topic.topicName()));
            assertEquals("", differences(byKey(topic, replayed.get(topic)), byKey(topic, live)), topic.topicName());
            assertEquals(replayed.get(topic).size(), live.size(), topic.topicName() + ": duplicates");
        }
        assertTrue(replayed.get(Topic.FORECASTS).stream().anyMatch(f -> f.path("mape").isNumber()),
                "some forecasts carry scored accuracy");
    }

    @Test
    void malformedAndLateInputIsInTheDeadLetterTopics() throws Exception {
        EndToEndStack.assertMalformedLinesDeadLettered(probe, manifest, workload, INPUTS);
        assertTrue(manifest.path("topics").path(Topic.INVENTORY_USAGE.topicName()).path("malformed").asInt() > 0,
                "the workload has malformed usage");
        JsonNode late = lateLetter();
        assertNotNull(late);
        assertEquals(Topic.INVENTORY_USAGE.topicName(), late.path("topic").asText());
        assertTrue(late.path("error").asText().contains("watermark"), late.toString());
        // dropped, not counted: the outputs are still exactly the replay's (checked after the late event was sent)
        assertEquals(byKey(Topic.FORECASTS, replayed.get(Topic.FORECASTS)),
                byKey(Topic.FORECASTS, withoutSentinel(probe.readTopic(Topic.FORECASTS.topicName()))));
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The records that differ, replay first, live second; empty when the two agree. */
    private static String differences(Map<String, JsonNode> replay, Map<String, JsonNode> live) {
        StringBuilder sb = new StringBuilder();
        Set<String> keys = new TreeSet<>(replay.keySet());
        keys.addAll(live.keySet());
        for (String key : keys) {
            if (!java.util.Objects.equals(replay.get(key), live.get(key))) {
                sb.append("\n  replay ").append(replay.get(key)).append("\n  live   ").append(live.get(key));
            }
        }
        return sb.toString();
    }

    private static ObjectNode usage(String id, Instant ts, String sku, double qty) {
        ObjectNode node = Json.newObject();
        node.put("event_id", id);
        node.put("ts", ts.toString());
        node.put("sku", sku);
        node.put("qty", qty);
        return node;
    }

    private JsonNode lateLetter() {
        return EndToEndStack.lateLetter(probe, Topic.INVENTORY_USAGE, lateEvent.path("event_id").asText());
    }

    private static List<JsonNode> withoutSentinel(List<JsonNode> records) {
        return records.stream().filter(n -> !n.path("sku").asText().startsWith(SENTINEL_SKU)).toList();
    }

    private Map<String, JsonNode> byKey(Topic topic, List<JsonNode> records) {
        Map<String, JsonNode> map = new TreeMap<>();
        for (JsonNode n : records) {
            map.put(StackProbe.recordKey(topic, n), n);
        }
        return map;
    }

    private void phase(String what) {
        System.out.printf("demand e2e: %-30s at %5.1f s%n", what, (System.nanoTime() - started) / 1e9);
    }
}
