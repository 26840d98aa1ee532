package com.neuronexus.streams.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.neuronexus.streams.connectors.io.FileTopicIo;
import com.neuronexus.streams.core.events.ItemEvent;
import com.neuronexus.streams.core.events.StockEvent;
import com.neuronexus.streams.core.events.StockMovementType;
import com.neuronexus.streams.core.events.UsageEvent;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.settings.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DemandJob on a MiniCluster over JSON-lines files: forecasts appear, and two runs are byte-identical. */
class DemandJobTest {
    static final long DAY = 86_400_000L;
    static final long T0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
    static final int DAYS = 40;

    private static void writeInputs(Path in) throws Exception {
        List<String> usage = new ArrayList<>();
        List<String> stock = new ArrayList<>();
        List<String> items = new ArrayList<>();
        items.add(Json.toText(new ItemEvent("i-A", Instant.ofEpochMilli(T0), "A", "bolt", 2.0, 5, 1.0, 50.0, 25.0,
                "s1", true, null)));
        items.add(Json.toText(new ItemEvent("i-B", Instant.ofEpochMilli(T0), "B", "pump", 400.0, 10, null, null, null,
                "s2", true, 0.975)));
        stock.add(Json.toText(new StockEvent("s-A0", Instant.ofEpochMilli(T0 + 1), "A", StockMovementType.COUNT, 600, null)));
        stock.add(Json.toText(new StockEvent("s-B0", Instant.ofEpochMilli(T0 + 1), "B", StockMovementType.COUNT, 5, null)));
        double[] week = {12, 14, 10, 16, 18, 6, 4};
        for (int d = 0; d < DAYS; d++) {
            long base = T0 + d * DAY;
            usage.add(Json.toText(new UsageEvent("u-A-" + d, Instant.ofEpochMilli(base + 9 * 3_600_000L), "A",
                    week[d % 7], null, null)));
            if (d % 4 == 1) {
                usage.add(Json.toText(new UsageEvent("u-B-" + d, Instant.ofEpochMilli(base + 10 * 3_600_000L), "B",
                        1 + d % 3, null, null)));
            }
            usage.add(Json.toText(new UsageEvent("u-C-" + d, Instant.ofEpochMilli(base + 11 * 3_600_000L), "C", 3,
                    null, 1.5)));
            if (d == 30) {
                stock.add(Json.toText(new StockEvent("s-A30", Instant.ofEpochMilli(base + 12 * 3_600_000L), "A",
                        StockMovementType.RECEIPT, 200, null)));
            }
        }
        // a late event (a day behind the watermark) goes to the DLQ, not into a closed bucket
        usage.add(Json.toText(new UsageEvent("late-A", Instant.ofEpochMilli(T0 + (DAYS - 2) * DAY), "A", 999, null, null)));
        Files.write(in.resolve("inventory.usage.jsonl"), usage, StandardCharsets.UTF_8);
        Files.write(in.resolve("inventory.stock.jsonl"), stock, StandardCharsets.UTF_8);
        Files.write(in.resolve("inventory.items.jsonl"), items, StandardCharsets.UTF_8);
    }

    private static void run(Path in, Path out) throws Exception {
        Settings settings = Settings.load(new String[0], Map.of(), Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, Replay.loopbackOnly());
        new DemandJob(settings, new FileTopicIo(settings, in, out)).build(env);
        env.execute("demand-test");
    }

    @Test
    void forecastsRecommendationsAndIdenticalReruns(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        writeInputs(in);
        Path first = dir.resolve("out1");
        Path second = dir.resolve("out2");
        run(in, first);
        run(in, second);

        List<JsonNode> forecasts = Files.readAllLines(first.resolve("inventory.forecasts.jsonl")).stream()
                .map(Json::readTree).toList();
        // a forecast at every close from the 12th bucket on; at the end of input the last day closes for SKUs
        // with events on it (A, C), while B (no usage on day 39) stops at the last bucket the watermark passed
        for (String sku : List.of("A", "B", "C")) {
            List<JsonNode> mine = forecasts.stream().filter(f -> f.get("sku").asText().equals(sku)).toList();
            int closed = sku.equals("B") ? DAYS - 1 : DAYS;
            assertEquals(closed - 11, mine.size(), sku);
            JsonNode last = mine.get(mine.size() - 1);
            assertEquals(Instant.ofEpochMilli(T0 + closed * DAY).toString(), last.get("as_of").asText());
            assertEquals(28, last.get("points").size());
            assertFalse(last.get("model").asText().isEmpty());
        }
        JsonNode lastA = forecasts.stream().filter(f -> f.get("sku").asText().equals("A")).reduce((a, b) -> b).orElseThrow();
        assertEquals(80, lastA.get("four_week_demand").asDouble() / 28 * 7, 15, "about 80 units a week");

        List<JsonNode> recs = Files.readAllLines(first.resolve("inventory.recommendations.jsonl")).stream()
                .map(Json::readTree).toList();
        assertTrue(recs.stream().anyMatch(r -> r.get("sku").asText().equals("C")
                && r.get("reason").asText().contains("waiting for item master data")));
        assertTrue(recs.stream().anyMatch(r -> r.get("sku").asText().equals("B") && r.get("should_reorder").asBoolean()),
                "B starts with 5 units and a 10-day lead time");
        List<JsonNode> accuracy = Files.readAllLines(first.resolve("inventory.accuracy.jsonl")).stream()
                .map(Json::readTree).toList();
        assertTrue(accuracy.stream().anyMatch(a -> a.get("sku").asText().equals("_overall")));
        assertTrue(accuracy.stream().anyMatch(a -> a.get("sku").asText().equals("A") && a.has("high_variance")));

        List<String> dead = Files.readAllLines(first.resolve("inventory.usage.dlq.jsonl"));
        assertEquals(1, dead.size());
        assertEquals("late", Json.readTree(dead.get(0)).get("reason").asText());

        for (String file : List.of("inventory.forecasts.jsonl", "inventory.recommendations.jsonl",
                "inventory.accuracy.jsonl", "ops.signals.jsonl")) {
            assertArrayEquals(Files.readAllBytes(first.resolve(file)), Files.readAllBytes(second.resolve(file)), file);
        }
    }
}
