package com.neuronexus.streams.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.neuronexus.streams.connectors.io.FileTopicIo;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.settings.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpsJob on a MiniCluster over JSON-lines files: 15 minutes of traffic on two routes, an error burst on one,
 * a latency regression on the other, and a CPU series with a spike.
 */
class OpsJobFileTest {
    private static final long T0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
    private static final int MINUTES = 15;

    private static void run(Path in, Path out) throws Exception {
        Settings settings = Settings.load(new String[] {"--events.max-out-of-orderness-ms", "2000"}, Map.of(), Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, Replay.loopbackOnly());
        new OpsJob(settings, new FileTopicIo(settings, in, out)).build(env);
        env.execute("ops-file-test");
    }

    private static void writeInputs(Path in) throws Exception {
        Random random = new Random(17);
        List<String> requests = new ArrayList<>();
        int id = 0;
        for (long t = T0; t < T0 + MINUTES * 60_000L; t += 500) {
            boolean incident = t >= T0 + 8 * 60_000L && t < T0 + 11 * 60_000L;
            for (String route : List.of("/a", "/b")) {
                // small jitter: events arrive slightly out of order, some share a timestamp
                long ts = t + random.nextInt(3) * 100;
                double latency = Math.exp(Math.log(50) + 0.3 * random.nextGaussian());
                int status = 200;
                if (route.equals("/a") && incident && random.nextDouble() < 0.3) {
                    status = 503;
                } else if (random.nextDouble() < 0.02) {
                    status = 404;
                }
                if (route.equals("/b") && incident) {
                    latency *= 4;
                }
                requests.add(String.format(Locale.ROOT,
                        "{\"event_id\":\"r%d\",\"ts\":\"%s\",\"service\":\"api\",\"route\":\"%s\",\"method\":\"GET\",\"status\":%d,\"latency_ms\":%.3f}",
                        id++, Instant.ofEpochMilli(ts), route, status, latency));
            }
        }
        Files.write(in.resolve("ops.request-latency.jsonl"), requests, StandardCharsets.UTF_8);
        List<String> metrics = new ArrayList<>();
        int i = 0;
        for (long t = T0; t < T0 + MINUTES * 60_000L; t += 10_000, i++) {
            double cpu = 40 + random.nextGaussian() + (i == 72 ? 35 : 0);
            metrics.add(String.format(Locale.ROOT, "{\"event_id\":\"m%d\",\"ts\":\"%s\",\"series\":\"cpu\",\"value\":%.4f}",
                    i, Instant.ofEpochMilli(t), cpu));
        }
        Files.write(in.resolve("ops.metrics.jsonl"), metrics, StandardCharsets.UTF_8);
    }

    private static List<JsonNode> read(Path file) throws Exception {
        return Files.readAllLines(file).stream().map(Json::readTree).toList();
    }

    @Test
    void windowsRulesAndAnomaliesFromFilesAndRunsAreByteIdentical(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        writeInputs(in);
        run(in, dir.resolve("out1"));
        run(in, dir.resolve("out2"));
        Path out = dir.resolve("out1");

        List<JsonNode> windows = read(out.resolve("ops.latency-windows.jsonl"));
        Set<String> keys = new HashSet<>();
        windows.forEach(w -> assertTrue(keys.add(w.get("service").asText() + w.get("route").asText()
                + w.get("window_start").asText() + w.get("window_seconds").asInt()), "primary key unique: " + w));
        long tumbling = windows.stream().filter(w -> w.get("window_seconds").asInt() == 10).count();
        long sliding = windows.stream().filter(w -> w.get("window_seconds").asInt() == 60).count();
        assertEquals(2 * MINUTES * 6, tumbling);
        assertEquals(2 * (MINUTES * 6 + 5), sliding);
        JsonNode full = windows.stream().filter(w -> w.get("window_seconds").asInt() == 10
                && w.get("route").asText().equals("/a") && w.get("window_start").asText().equals("2026-03-01T10:01:00Z"))
                .findFirst().orElseThrow();
        assertEquals(20, full.get("request_count").asLong());
        assertTrue(full.get("p50_ms").asDouble() > 40 && full.get("p50_ms").asDouble() < 60, full.toString());

        List<JsonNode> signals = read(out.resolve("ops.signals.jsonl"));
        List<String> seen = signals.stream().map(s -> s.get("dedup_key").asText() + "/" + s.get("state").asText()).toList();
        System.out.println("ops signals: " + seen);
        JsonNode raised = signals.stream().filter(s -> s.get("kind").asText().equals("ERROR_RATE_HIGH")
                && s.get("state").asText().equals("OBSERVED")).findFirst().orElseThrow();
        assertTrue(raised.path("evidence").path("window_filling").asBoolean()
                        && Instant.parse(raised.get("ts").asText()).isBefore(Instant.parse(raised.path("evidence").path("window_end").asText())),
                "the error burst is raised at the tipping 5xx, before its window ends: " + raised);
        for (String expected : List.of("ERROR_RATE_HIGH:api:/a/OBSERVED", "ERROR_RATE_HIGH:api:/a/CLEARED",
                "P95_REGRESSION:api:/b/OBSERVED", "P95_REGRESSION:api:/b/CLEARED",
                "METRIC_ANOMALY:cpu/OBSERVED", "METRIC_ANOMALY:cpu/CLEARED",
                "LATENCY_ANOMALY:p95_ms:api:/b/OBSERVED")) {
            assertTrue(seen.contains(expected), expected + " in " + seen);
        }
        assertEquals(Set.of("ERROR_RATE_HIGH:api:/a", "LATENCY_ANOMALY:error_rate:api:/a", "P95_REGRESSION:api:/b",
                        "LATENCY_ANOMALY:api:/b", "LATENCY_ANOMALY:p95_ms:api:/b", "METRIC_ANOMALY:cpu"),
                Set.copyOf(signals.stream().filter(s -> s.get("state").asText().equals("OBSERVED"))
                        .map(s -> s.get("dedup_key").asText()).toList()),
                "exactly the three incidents, each seen by its rule and by the detector; no false alarm");
        assertEquals(12, signals.size(), "each OBSERVED once and CLEARED once");
        assertTrue(seen.stream().noneMatch(s -> s.startsWith("ERROR_RATE_HIGH:api:/b")), "no error alarm on the healthy route");
        assertTrue(seen.stream().noneMatch(s -> s.startsWith("LATENCY_ANOMALY:error_rate:api:/b")),
                "a healthy route has no 5xx at all: no anomaly on its error rate");
        assertTrue(seen.contains("LATENCY_ANOMALY:error_rate:api:/a/OBSERVED"), "the error burst is an anomaly too: " + seen);
        assertEquals(1, seen.stream().filter(s -> s.equals("P95_REGRESSION:api:/b/OBSERVED")).count(), "one signal per incident");

        List<JsonNode> anomalies = read(out.resolve("ops.anomalies.jsonl"));
        List<JsonNode> cpu = anomalies.stream().filter(a -> a.get("series").asText().equals("cpu")).toList();
        assertEquals(2, cpu.size(), cpu.toString());
        assertEquals(Instant.ofEpochMilli(T0 + 72 * 10_000L).toString(), cpu.get(0).get("window_start").asText());
        anomalies.forEach(a -> {
            double score = a.get("peak_score").asDouble();
            assertTrue(score >= 0 && score <= 1);
        });

        for (String file : List.of("ops.latency-windows.jsonl", "ops.signals.jsonl", "ops.anomalies.jsonl")) {
            assertArrayEquals(Files.readAllBytes(out.resolve(file)), Files.readAllBytes(dir.resolve("out2").resolve(file)), file);
        }
    }

    @Test
    void aSourceDriftBelowOneMinuteIsRefusedAtBuildTime(@TempDir Path dir) {
        Settings settings = Settings.load(new String[] {"--ops.source-max-drift-minutes", "0"}, Map.of(), Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, Replay.loopbackOnly());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OpsJob(settings, new FileTopicIo(settings, dir, dir.resolve("out"))).build(env));
        assertTrue(e.getMessage().contains("ops.source-max-drift-minutes"), e.getMessage());
    }
}
