package com.neuronexus.streams.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.neuronexus.streams.connectors.io.FileTopicIo;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.settings.Settings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * InvariantJob on a MiniCluster over a JSON-lines ledger with one injected violation per invariant (and a
 * redelivered move, items before headers, a payment sharing its header's instant, a line total off by less
 * than the tolerance): exactly the injected violations are reported, nothing else.
 */
class InvariantJobTest {

    private static void run(Path in, Path out) throws Exception {
        Settings settings = Settings.load(new String[] {"--events.max-out-of-orderness-ms", "1000"}, Map.of(), Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, Replay.loopbackOnly());
        new InvariantJob(settings, new FileTopicIo(settings, in, out)).build(env);
        env.execute("invariants-test");
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(Json::readTree).toList();
    }

    @Test
    void settingsReachTheOperatorsFromEveryLayer() {
        var config = InvariantJob.config(Settings.load(new String[] {"--invariants.money-tolerance", "0.01"},
                Map.of("NEXUS_INVARIANTS_SETTLE_TIMEOUT_MS", "120000"),
                Map.of("nexus.invariants.orphan-timeout-ms", "30000")));
        assertEquals(0, new java.math.BigDecimal("0.01").compareTo(config.moneyTolerance()));
        assertEquals(120_000L, config.settleTimeoutMs());
        assertEquals(30_000L, config.orphanTimeoutMs());
        var defaults = InvariantJob.config(Settings.defaults());
        assertEquals(0, new java.math.BigDecimal("0.005").compareTo(defaults.moneyTolerance()));
        assertEquals(10_000L, defaults.driftIntervalMs());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> InvariantJob.config(
                Settings.load(new String[] {"--invariants.drift-interval-ms", "0"}, Map.of(), Map.of())));
    }

    @Test
    void reportsExactlyTheInjectedViolations(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        try (InputStream ledger = getClass().getResourceAsStream("/invariants/ledger.events.jsonl")) {
            Files.copy(ledger, in.resolve("ledger.events.jsonl"));
        }
        run(in, dir.resolve("out1"));
        Path out = dir.resolve("out1");

        assertTrue(lines(out.resolve("ledger.events.dlq.jsonl")).isEmpty(), "every test event is valid and on time");

        List<String> signals = lines(out.resolve("ops.signals.jsonl")).stream()
                .map(s -> s.get("kind").asText() + " " + s.get("state").asText() + " "
                        + s.get("evidence").get("entity").asText())
                .sorted().toList();
        assertEquals(List.of(
                "CREDIT_LIMIT_NOT_EXCEEDED OBSERVED C1",
                "CREDIT_LIMIT_NOT_EXCEEDED OBSERVED C1", // re-checked when S5's payment was attributed: still over
                "NO_DUPLICATE_INVOICES CLEARED INV-2", // the end of input ends its retention
                "NO_DUPLICATE_INVOICES OBSERVED INV-2",
                "NO_NEGATIVE_STOCK OBSERVED B",
                "NO_ORPHANED_SALE_ITEMS OBSERVED S4",
                "PAYMENT_SUM_MATCHES_SALE_TOTAL OBSERVED S3",
                "SALE_TOTAL_MATCHES_LINE_ITEMS OBSERVED S2",
                "STOCK_MOVEMENT_BALANCE OBSERVED C"), signals);

        JsonNode negative = lines(out.resolve("ops.signals.jsonl")).stream()
                .filter(s -> s.get("kind").asText().equals("NO_NEGATIVE_STOCK")).findFirst().orElseThrow();
        assertEquals("2026-03-01T10:00:11Z", negative.get("ts").asText(), "detected at the violating event's time");
        assertEquals("P1", negative.get("priority").asText());
        assertEquals("invariants", negative.get("source").asText());
        assertEquals("-3", negative.get("evidence").get("actual").asText());
        assertEquals("NO_NEGATIVE_STOCK:B", negative.get("dedup_key").asText());

        List<JsonNode> corrections = lines(out.resolve("ledger.corrections.jsonl"));
        assertEquals(1, corrections.size());
        assertEquals("DELETE_ORPHANED_SALE_ITEM", corrections.get(0).get("command").asText());
        assertEquals("s4-i1", corrections.get(0).get("item_event_id").asText());

        List<JsonNode> drift = lines(out.resolve("ops.drift.jsonl"));
        assertFalse(drift.isEmpty());
        drift.forEach(d -> assertTrue(d.get("score").asDouble() >= 0 && d.get("score").asDouble() <= 100));
        assertEquals(7, drift.stream().mapToLong(d -> d.get("violated").asLong()).max().orElseThrow(),
                "the seven injected violations at once at their peak");
        JsonNode peak = drift.stream().filter(d -> d.get("ts").asText().equals("2026-03-01T10:01:40Z")).findFirst()
                .orElseThrow();
        assertEquals(80.0, peak.get("invariant_scores").get("NO_ORPHANED_SALE_ITEMS").get("score").asDouble(),
                "S1, S2, S3, S5 have headers; S4 is orphaned");
        assertEquals(100.0 * (peak.get("checked").asLong() - 7) / peak.get("checked").asLong(),
                peak.get("score").asDouble(), 0.01);

        run(in, dir.resolve("out2"));
        for (String file : List.of("ops.signals.jsonl", "ledger.corrections.jsonl", "ops.drift.jsonl")) {
            assertArrayEquals(Files.readAllBytes(out.resolve(file)), Files.readAllBytes(dir.resolve("out2").resolve(file)),
                    file + " identical across runs");
        }
    }
}
