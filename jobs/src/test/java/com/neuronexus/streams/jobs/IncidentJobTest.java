package com.neuronexus.streams.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.connectors.io.FileTopicIo;
import com.neuronexus.streams.connectors.io.KafkaTopicIo;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.ControlCommand;
import com.neuronexus.streams.core.outputs.HealthScore;
import com.neuronexus.streams.core.outputs.Incident;
import com.neuronexus.streams.core.outputs.Incident.Change;
import com.neuronexus.streams.core.outputs.Incident.Status;
import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.operators.incidents.IncidentRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IncidentJob on a MiniCluster with file topics: lifecycles, health, safe mode, and byte-identical reruns. */
class IncidentJobTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    static String signal(String entity, String priority, String state, long offsetMs) {
        String kind = "NO_NEGATIVE_STOCK";
        Instant ts = T0.plusMillis(offsetMs);
        return "{\"event_id\":\"sig-" + entity + "-" + state + "-" + offsetMs + "\",\"dedup_key\":\"" + kind + ":"
                + entity + "\",\"source\":\"invariants\",\"kind\":\"" + kind + "\",\"priority\":\"" + priority
                + "\",\"state\":\"" + state + "\",\"ts\":\"" + ts + "\",\"evidence\":{\"entity\":\"" + entity + "\"}}";
    }

    static String metric(String series, double value, long offsetMs) {
        return "{\"event_id\":\"m-" + series + "-" + offsetMs + "\",\"series\":\"" + series + "\",\"value\":" + value
                + ",\"ts\":\"" + T0.plusMillis(offsetMs) + "\"}";
    }

    static final long S = 1_000, MIN = 60_000;

    /** Writes the scenario and returns the input directory. */
    static Path scenario(Path dir) throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        List<String> signals = List.of(
                signal("A", "P2", "OBSERVED", 0),
                signal("B", "P1", "OBSERVED", 1),
                signal("C", "P3", "OBSERVED", 2 * S),
                signal("E", "P1", "OBSERVED", 3 * S),
                signal("B", "P1", "OBSERVED", 10 * S),
                signal("B", "P1", "OBSERVED", 20 * S),
                signal("B", "P1", "OBSERVED", 30 * S),
                signal("A", "P2", "OBSERVED", 60 * S),
                signal("A", "P2", "CLEARED", 120 * S),
                signal("A", "P2", "OBSERVED", 125 * S),
                signal("A", "P2", "CLEARED", 130 * S),
                signal("D", "P4", "OBSERVED", 20 * MIN));
        Files.write(in.resolve("ops.signals.jsonl"), signals, StandardCharsets.UTF_8);
        List<String> metrics = List.of(
                metric("backup_age_seconds", 3600, 0),
                metric("migrations_pending", 0, 0),
                metric("cpu", 0.3, 5 * S),
                metric("drift_score", 10, 19 * MIN),
                metric("migrations_pending", 2, 19 * MIN),
                metric("backup_age_seconds", 200_000, 19 * MIN),
                metric("cpu", 0.3, 20 * MIN));
        Files.write(in.resolve("ops.metrics.jsonl"), metrics, StandardCharsets.UTF_8);
        return in;
    }

    static void run(Path in, Path out, int parallelism) throws Exception {
        // Default guards: a replay from files turns them off itself (incidentRulesOfAReplayHaveNoProcessingTimeGuards).
        Settings settings = Settings.load(new String[] {"--events.max-out-of-orderness-ms", "1000"}, Map.of(), Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism,
                Replay.loopbackOnly());
        new IncidentJob(settings, new FileTopicIo(settings, in, out)).build(env);
        env.execute("incidents-test");
    }

    static <T> List<T> read(Path file, Class<T> type) {
        try {
            List<T> out = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                out.add(Json.MAPPER.readValue(line, type));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * On a loaded machine a guard fired in a replay: the flush guard applied a signal before an earlier one of its
     * key (and its record had no stream timestamp, so the sorted files differed), the age guard escalated an
     * incident before the signal that clears it was applied. Replays run on event time only; live keeps both.
     */
    @Test
    void incidentRulesOfAReplayHaveNoProcessingTimeGuards(@TempDir Path dir) {
        Settings settings = Settings.load(new String[0], Map.of(), Map.of());
        IncidentRules replay = IncidentJob.incidentRules(settings, new FileTopicIo(settings, dir, dir.resolve("out")));
        assertEquals(0, replay.flushGuardMs());
        assertFalse(replay.ageGuard());
        assertEquals(IncidentJob.incidentRules(settings).eventTimeOnly(), replay);
        IncidentRules live = IncidentJob.incidentRules(settings, new KafkaTopicIo(settings, "incidents"));
        assertEquals(300, live.flushGuardMs());
        assertTrue(live.ageGuard());
    }

    @Test
    void signalsBecomeIncidentsHealthAndSafeModeAndRerunsAreIdentical(@TempDir Path dir) throws Exception {
        Path in = scenario(dir);
        Path first = dir.resolve("out1");
        Path second = dir.resolve("out2");
        run(in, first, 2);
        run(in, second, 1);

        Map<String, List<Incident>> byKey = read(first.resolve("ops.incidents.jsonl"), Incident.class).stream()
                .collect(Collectors.groupingBy(Incident::dedupKey));
        List<Incident> a = byKey.get("NO_NEGATIVE_STOCK:A");
        assertEquals(List.of(Change.OPENED, Change.RECHECKED, Change.RESOLVED, Change.REOPENED, Change.RESOLVED),
                a.stream().map(Incident::lastChange).toList());
        assertEquals(1, a.stream().map(Incident::incidentId).distinct().count(), "flapping reopens the same incident");
        assertTrue(a.get(4).autoHealed());

        Incident b = byKey.get("NO_NEGATIVE_STOCK:B").get(3);
        assertEquals(Status.ESCALATED, b.status());
        assertEquals("attempts", b.escalationReason());

        List<Incident> c = byKey.get("NO_NEGATIVE_STOCK:C");
        assertEquals(Status.ESCALATED, c.get(c.size() - 1).status());
        assertEquals("age", c.get(c.size() - 1).escalationReason());
        assertEquals(T0.plusMillis(2 * S + 15 * MIN + 1), c.get(c.size() - 1).updatedAt());

        assertEquals(List.of(Change.OPENED), byKey.get("NO_NEGATIVE_STOCK:D").stream().map(Incident::lastChange).toList(),
                "the end of the file is not the passing of 15 minutes");
        assertTrue(Files.readAllLines(first.resolve("ops.signals.dlq.jsonl")).isEmpty());

        List<HealthScore> health = read(first.resolve("ops.health.jsonl"), HealthScore.class);
        assertTrue(health.size() >= 119, "a score every 10 s of event time: " + health.size());
        HealthScore at40s = health.stream().filter(h -> h.ts().equals(T0.plusSeconds(40))).findFirst().orElseThrow();
        assertEquals(4, at40s.openIncidents());
        assertFalse(at40s.deployAllowed(), "open P1");
        HealthScore last = health.get(health.size() - 1);
        assertEquals("F", last.grade());
        assertTrue(last.safeMode());

        List<ControlCommand> control = read(first.resolve("ops.control.jsonl"), ControlCommand.class);
        assertEquals(1, control.size());
        assertEquals(ControlCommand.Command.SAFE_MODE_ON, control.get(0).command());
        assertEquals(T0.plus(java.time.Duration.ofMinutes(19)), control.get(0).ts());

        for (String file : List.of("ops.incidents.jsonl", "ops.health.jsonl", "ops.control.jsonl")) {
            assertArrayEquals(Files.readAllBytes(first.resolve(file)), Files.readAllBytes(second.resolve(file)),
                    file + " differs between parallelism 2 and 1");
        }
    }
}
