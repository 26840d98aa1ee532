package com.neuronexus.streams.operators.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.events.MetricSample;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.events.Signal.SignalState;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.ControlCommand;
import com.neuronexus.streams.core.outputs.HealthScore;
import com.neuronexus.streams.core.outputs.Incident;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthFunctionTest {

    static final long T0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
    KeyedOneInputStreamOperatorTestHarness<String, HealthInput, HealthScore> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new HealthFunction(HealthRules.defaults())), i -> HealthFunction.KEY,
                Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    void push(HealthInput in) throws Exception {
        harness.processElement(in, in.ts().toEpochMilli());
    }

    static HealthInput incident(String id, String priority, boolean open, long at) {
        return new HealthInput(HealthInput.Kind.INCIDENT, id + at, Instant.ofEpochMilli(at), id, priority, open, 0, 0, 0, 0);
    }

    List<HealthScore> scores() {
        List<HealthScore> out = harness.extractOutputValues();
        harness.getOutput().clear();
        return out;
    }

    List<ControlCommand> commands() {
        List<ControlCommand> out = new ArrayList<>();
        var side = harness.getSideOutput(HealthFunction.CONTROL);
        if (side != null) {
            for (StreamRecord<ControlCommand> r : side) {
                out.add(r.getValue());
            }
            side.clear();
        }
        return out;
    }

    @Test
    void scoresEveryIntervalFromAllInputs() throws Exception {
        push(HealthInput.of(new MetricSample("m1", Instant.ofEpochMilli(T0 + 1_000), "backup_age_seconds", 40 * 3600)));
        push(HealthInput.of(new MetricSample("m2", Instant.ofEpochMilli(T0 + 2_000), "migrations_pending", 2)));
        push(incident("inc-1", "P2", true, T0 + 3_000));
        push(HealthInput.latency("w1", Instant.ofEpochMilli(T0 + 5_000), "api|/a", 100, 0.02, 300));
        push(HealthInput.latency("w2", Instant.ofEpochMilli(T0 + 5_000), "api|/b", 300, 0.06, 900));
        harness.processWatermark(T0 + 10_000);
        List<HealthScore> out = scores();
        assertEquals(1, out.size());
        HealthScore s = out.get(0);
        assertEquals(Instant.ofEpochMilli(T0 + 10_000), s.ts());
        // integrity 30 (unknown) + error 5 % -> 10 + p95 900 -> 8 + incidents 15 + backup 40 h -> 5 + migrations 0
        assertEquals(68.0, s.score());
        assertEquals("C", s.grade());
        assertEquals(1, s.openIncidents());
        assertEquals(0.05, Json.readTree(s.components()).get("error_rate").get("error_rate").asDouble(), 1e-9);
        assertFalse(s.deployAllowed(), "5 % errors fails the gate");

        push(incident("inc-1", "P2", false, T0 + 12_000));
        harness.processWatermark(T0 + 20_000);
        s = scores().get(0);
        assertEquals(0, s.openIncidents());
        assertEquals(73.0, s.score(), "latency gauges carry over without new windows");
    }

    @Test
    void safeModeOnAtFAndOffAfterRecoveryWithHysteresis() throws Exception {
        push(HealthInput.drift("d1", Instant.ofEpochMilli(T0 + 1), 0));
        for (int i = 0; i < 3; i++) {
            push(incident("p1-" + i, "P1", true, T0 + 1));
        }
        push(HealthInput.latency("w", Instant.ofEpochMilli(T0 + 2), "api|/a", 1000, 0.5, 5000));
        harness.processWatermark(T0 + 10_000);
        HealthScore bad = scores().get(0);
        assertEquals("F", bad.grade());
        assertTrue(bad.safeMode());
        List<ControlCommand> cmds = commands();
        assertEquals(1, cmds.size());
        assertEquals(ControlCommand.Command.SAFE_MODE_ON, cmds.get(0).command());

        // Recover: drift back, incidents resolved, latency fine.
        push(HealthInput.drift("d2", Instant.ofEpochMilli(T0 + 11_000), 100));
        for (int i = 0; i < 3; i++) {
            push(incident("p1-" + i, "P1", false, T0 + 11_000));
        }
        push(HealthInput.latency("w2", Instant.ofEpochMilli(T0 + 12_000), "api|/a", 1000, 0.0, 100));
        harness.processWatermark(T0 + 30_000);
        List<HealthScore> out = scores();
        assertEquals(2, out.size());
        assertTrue(out.stream().allMatch(HealthScore::safeMode), "two good scores are not enough");
        assertTrue(commands().isEmpty());
        harness.processWatermark(T0 + 40_000);
        HealthScore third = scores().get(0);
        assertFalse(third.safeMode());
        cmds = commands();
        assertEquals(ControlCommand.Command.SAFE_MODE_OFF, cmds.get(0).command());
        assertEquals(Instant.ofEpochMilli(T0 + 40_000), cmds.get(0).ts());
    }

    @Test
    void orderOfArrivalDoesNotChangeTheScore() throws Exception {
        push(incident("inc-1", "P1", false, T0 + 2_000));
        push(incident("inc-1", "P1", true, T0 + 1_000));
        harness.processWatermark(T0 + 10_000);
        assertEquals(0, scores().get(0).openIncidents(), "resolved after opened, whatever the arrival order");
    }

    /**
     * Two upstream subtasks can deliver a later input before an earlier one while no tick has fired yet: the
     * scores must start at the earliest input's tick either way (IncidentJobTest once lost its first score at
     * parallelism 2 when the 10:00:00.001 incident arrived before the 10:00:00.000 one).
     */
    @Test
    void theFirstTickIsTheEarliestInputsNotTheFirstToArrive() throws Exception {
        push(incident("inc-b", "P1", true, T0 + 1));
        push(incident("inc-a", "P2", true, T0));
        harness.processWatermark(T0 + 10_000);
        List<HealthScore> out = scores();
        assertEquals(List.of(Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 10_000)),
                out.stream().map(HealthScore::ts).toList());
        assertEquals(List.of(1, 2), out.stream().map(HealthScore::openIncidents).toList());
        assertEquals(1, harness.numEventTimeTimers(), "the tick registered first joined the chain, no extra timer");

        // Once a tick has fired, an input behind it starts nothing new: it waits for the next tick.
        push(incident("inc-c", "P3", true, T0 + 2));
        harness.processWatermark(T0 + 20_000);
        assertEquals(List.of(3), scores().stream().map(HealthScore::openIncidents).toList());
        assertEquals(1, harness.numEventTimeTimers());
    }

    @Test
    void endOfBoundedInputGivesOneLastScoreAndStops() throws Exception {
        push(incident("inc-1", "P3", true, T0 + 1));
        harness.processWatermark(Long.MAX_VALUE);
        List<HealthScore> out = scores();
        assertEquals(1, out.size());
        assertEquals(Instant.ofEpochMilli(T0 + 10_000), out.get(0).ts());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void quietInputsLeaveOnlyTheRunningAggregatesAndOneTimer() throws Exception {
        push(incident("inc-1", "P1", true, T0 + 1_000));
        push(HealthInput.of(new MetricSample("m1", Instant.ofEpochMilli(T0 + 2_000), "backup_age_seconds", 3600)));
        push(incident("inc-1", "P1", false, T0 + 15_000));
        harness.processWatermark(T0 + 20_000);
        assertEquals(2, scores().size());
        // next-tick, gauges, open-counts; the per-tick inputs and the (now empty) open-incident map are gone
        assertEquals(3, harness.numKeyedStateEntries());
        assertEquals(1, harness.numEventTimeTimers());

        // Event time moves on without inputs for an hour: a score every tick, nothing piles up.
        harness.processWatermark(T0 + 3_620_000);
        List<HealthScore> quiet = scores();
        assertEquals(360, quiet.size());
        assertTrue(quiet.stream().allMatch(h -> h.openIncidents() == 0 && h.score() == 100.0));
        assertEquals(3, harness.numKeyedStateEntries());
        assertEquals(1, harness.numEventTimeTimers());

        harness.processWatermark(Long.MAX_VALUE);
        assertEquals(1, scores().size());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void anInputBehindAFiredTickWaitsForTheNextOne() throws Exception {
        push(incident("inc-1", "P2", true, T0 + 1_000));
        harness.processWatermark(T0 + 20_000);
        assertEquals(List.of(1, 1), scores().stream().map(HealthScore::openIncidents).toList());
        // Late (its tick fired already): applied at the next tick, T0 + 30 s, not lost and not applied twice.
        push(incident("inc-2", "P3", true, T0 + 5_000));
        harness.processWatermark(T0 + 30_000);
        HealthScore s = scores().get(0);
        assertEquals(Instant.ofEpochMilli(T0 + 30_000), s.ts());
        assertEquals(2, s.openIncidents());
        assertEquals(93.0, s.score(), "20 - 5 (P2) - 2 (P3) incident points, full marks elsewhere");
    }

    @Test
    void aWindowWithoutRequestsBeforeAnyErrorRateIsNoCrash() throws Exception {
        push(HealthInput.latency("w0", Instant.ofEpochMilli(T0 + 1_000), "api|/a", 0, Double.NaN, 700));
        harness.processWatermark(T0 + 10_000);
        HealthScore s = scores().get(0);
        var errorRate = Json.readTree(s.components()).get("error_rate");
        assertFalse(errorRate.get("known").asBoolean(), "no requests: the error rate stays unknown");
        assertEquals(700.0, Json.readTree(s.components()).get("latency").get("p95_ms").asDouble());
    }

    @Test
    void aRaisedIncidentIsCountedOnceAtItsNewPriority() throws Exception {
        push(incident("inc-1", "P3", true, T0 + 1_000));
        push(incident("inc-1", "P1", true, T0 + 2_000));
        harness.processWatermark(T0 + 10_000);
        HealthScore s = scores().get(0);
        assertEquals(1, s.openIncidents());
        assertEquals(1, Json.readTree(s.components()).get("incidents").get("open_p1").asInt());
        assertEquals(0, Json.readTree(s.components()).get("incidents").get("open_p3").asInt());
        push(incident("inc-1", "P1", false, T0 + 11_000));
        push(incident("inc-9", "P2", false, T0 + 12_000)); // never seen open: nothing to take away
        harness.processWatermark(T0 + 20_000);
        s = scores().get(0);
        assertEquals(0, s.openIncidents());
        assertEquals(100.0, s.score());
    }

    /**
     * The records of one incident as the lifecycle makes them from {@code steps}, all at {@code at}: a priority
     * (P1..P4) is an OBSERVED signal of that priority, "clear" a CLEARED one.
     */
    static List<Incident> sameMillisecond(String entity, long at, String... steps) {
        IncidentLifecycle lifecycle = new IncidentLifecycle(IncidentRules.defaults());
        List<Incident> records = new ArrayList<>();
        Incident current = null;
        for (String step : steps) {
            boolean clear = step.equals("clear");
            Signal signal = Signal.of("test", "TIE", entity, clear ? "P3" : step,
                    clear ? SignalState.CLEARED : SignalState.OBSERVED, Instant.ofEpochMilli(at), "{}");
            Incident next = lifecycle.onSignal(current, signal);
            assertTrue(next != null && next.updatedAt().toEpochMilli() == at, entity + " " + step + ": " + next);
            records.add(next);
            current = next;
        }
        return records;
    }

    /**
     * Records of one incident that share a millisecond are applied in lifecycle order, whatever order they
     * arrive in: an incident OPENED and RESOLVED in one millisecond is not left open because its RESOLVED record's
     * content id sorts first (it used to be), and one RESOLVED and REOPENED in one millisecond stays open. Other
     * incidents in the same millisecond are counted independently.
     */
    @Test
    void recordsOfOneIncidentInOneMillisecondApplyInLifecycleOrderWhateverTheArrival() throws Exception {
        long at = T0 + 5_000;
        List<List<Incident>> incidents = List.of(
                sameMillisecond("opened-resolved", at, "P2", "clear"),
                sameMillisecond("raised-resolved", at, "P3", "P1", "clear"),
                sameMillisecond("resolved-reopened", at, "P2", "clear", "P2"),
                sameMillisecond("escalated-reopened-resolved", at, "P1", "P1", "P1", "P1", "clear", "P1", "clear"),
                sameMillisecond("opened", at, "P1"));
        assertEquals(List.of(Incident.Change.OPENED, Incident.Change.RAISED, Incident.Change.RESOLVED),
                incidents.get(1).stream().map(Incident::lastChange).toList());
        assertEquals(List.of(Incident.Change.OPENED, Incident.Change.RECHECKED, Incident.Change.RECHECKED,
                Incident.Change.ESCALATED, Incident.Change.RESOLVED, Incident.Change.REOPENED,
                Incident.Change.RESOLVED), incidents.get(3).stream().map(Incident::lastChange).toList());
        // The tie the (time, content id) order got wrong is in here: a later record whose id sorts first.
        assertTrue(incidents.stream().anyMatch(records -> records.get(records.size() - 1).eventId()
                .compareTo(records.get(0).eventId()) < 0), "no record sorts before its incident's first by id");

        List<HealthInput> lifecycleOrder = new ArrayList<>();
        incidents.forEach(records -> records.forEach(r -> lifecycleOrder.add(HealthInput.of(r))));
        List<List<HealthInput>> arrivals = new ArrayList<>();
        arrivals.add(lifecycleOrder);
        List<HealthInput> reversed = new ArrayList<>(lifecycleOrder);
        Collections.reverse(reversed);
        arrivals.add(reversed);
        List<HealthInput> byId = new ArrayList<>(lifecycleOrder);
        byId.sort(Comparator.comparing(HealthInput::id));
        arrivals.add(byId);
        for (long seed = 1; seed <= 10; seed++) {
            List<HealthInput> shuffled = new ArrayList<>(lifecycleOrder);
            Collections.shuffle(shuffled, new Random(seed));
            arrivals.add(shuffled);
        }

        for (List<HealthInput> arrival : arrivals) {
            var h = new KeyedOneInputStreamOperatorTestHarness<String, HealthInput, HealthScore>(
                    new KeyedProcessOperator<>(new HealthFunction(HealthRules.defaults())), i -> HealthFunction.KEY,
                    Types.STRING);
            h.open();
            try {
                String order = arrival.stream().map(HealthInput::id).toList().toString();
                for (HealthInput in : arrival) {
                    h.processElement(in, in.ts().toEpochMilli());
                }
                h.processWatermark(T0 + 20_000);
                List<HealthScore> out = h.extractOutputValues();
                assertEquals(2, out.size(), order);
                for (HealthScore s : out) {
                    // Open: "resolved-reopened" (P2) and "opened" (P1): 20 - 5 - 10 incident points.
                    assertEquals(2, s.openIncidents(), order);
                    var inc = Json.readTree(s.components()).get("incidents");
                    assertEquals(1, inc.get("open_p1").asInt(), order);
                    assertEquals(1, inc.get("open_p2").asInt(), order);
                    assertEquals(0, inc.get("open_p3").asInt(), order);
                    assertEquals(85.0, s.score(), order);
                    assertFalse(s.deployAllowed(), "an open P1 closes the gate");
                }
                // next-tick, gauges, open-counts, open-incidents (two open); nothing of the tick is left
                assertEquals(4, h.numKeyedStateEntries(), order);
                assertEquals(1, h.numEventTimeTimers(), order);

                // Both open ones are re-checked and cleared in one later millisecond, each arriving RESOLVED first.
                long later = T0 + 25_000;
                IncidentLifecycle lifecycle = new IncidentLifecycle(IncidentRules.defaults());
                for (List<Incident> records : List.of(incidents.get(2), incidents.get(4))) {
                    Incident open = records.get(records.size() - 1);
                    Incident recheck = lifecycle.onSignal(open, Signal.of("test", "TIE", open.dedupKey().substring(4),
                            "P1", SignalState.OBSERVED, Instant.ofEpochMilli(later), "{}"));
                    Incident resolved = lifecycle.onSignal(recheck, Signal.of("test", "TIE",
                            open.dedupKey().substring(4), "P3", SignalState.CLEARED, Instant.ofEpochMilli(later), "{}"));
                    assertEquals(open.incidentId(), resolved.incidentId());
                    assertEquals(Incident.Status.RESOLVED, resolved.status());
                    h.processElement(HealthInput.of(resolved), later);
                    h.processElement(HealthInput.of(recheck), later);
                }
                h.processWatermark(T0 + 30_000);
                HealthScore closed = h.extractOutputValues().get(2);
                assertEquals(0, closed.openIncidents(), order);
                assertEquals(100.0, closed.score(), order);
                assertEquals(3, h.numKeyedStateEntries(), "the empty open-incident map is gone: " + order);
                assertEquals(1, h.numEventTimeTimers(), order);
                h.processWatermark(Long.MAX_VALUE);
                assertEquals(0, h.numEventTimeTimers(), order);
            } finally {
                h.close();
            }
        }
    }

    /**
     * State written before inputs carried a lifecycle step (snapshot taken on main at 49b60c4, base64 of
     * {@code OperatorSnapshotUtil.writeStateHandle}): incident A (P2) OPENED at T0 + 1 s, the T0 + 10 s tick fired,
     * and pending for the next tick incident B (P1) OPENED at T0 + 12 s and a 30 h {@code backup_age_seconds}
     * sample at T0 + 13 s. Restored, the old inputs are read (their step is 0, which is an OPENED record's step
     * anyway) and B's RESOLVED arriving first in the same millisecond still closes it.
     */
    @Test
    void stateFromBeforeTheLifecycleStepIsRestored() throws Exception {
        Path snapshot = Files.createTempFile("health-state", ".snapshot");
        try (var in = HealthFunctionTest.class.getResourceAsStream("/incidents/health-state-main-49b60c4.b64")) {
            Files.write(snapshot, Base64.getMimeDecoder().decode(in.readAllBytes()));
        }
        var restored = new KeyedOneInputStreamOperatorTestHarness<String, HealthInput, HealthScore>(
                new KeyedProcessOperator<>(new HealthFunction(HealthRules.defaults())), i -> HealthFunction.KEY,
                Types.STRING);
        try {
            restored.initializeState(OperatorSnapshotUtil.readStateHandle(snapshot.toString()));
            restored.open();
            assertEquals(1, restored.numEventTimeTimers(), "the T0 + 20 s tick");
            // B's records as the fixture made its OPENED: Signal.of("test", "TEST", "b", ...)
            IncidentLifecycle lifecycle = new IncidentLifecycle(IncidentRules.defaults());
            Instant atB = Instant.ofEpochMilli(T0 + 12_000);
            Incident openedB = lifecycle.onSignal(null,
                    Signal.of("test", "TEST", "b", "P1", SignalState.OBSERVED, atB, "{}"));
            Incident resolved = lifecycle.onSignal(openedB,
                    Signal.of("test", "TEST", "b", "P1", SignalState.CLEARED, atB, "{}"));
            assertEquals("inc-e3a91c9542d5d03d68fdd70abcde1643", resolved.incidentId(), "the fixture's B");
            HealthInput resolvedB = HealthInput.of(resolved);
            restored.processElement(resolvedB, T0 + 12_000);
            restored.processWatermark(T0 + 20_000);
            HealthScore s = restored.extractOutputValues().get(0);
            assertEquals(Instant.ofEpochMilli(T0 + 20_000), s.ts());
            assertEquals(1, s.openIncidents(), "A is still open, B opened and resolved");
            assertEquals(1, Json.readTree(s.components()).get("incidents").get("open_p2").asInt());
            assertEquals(5.0, Json.readTree(s.components()).get("backup").get("points").asDouble(),
                    "the restored 30 h backup age was applied");
            assertEquals(90.0, s.score(), "30 + 20 + 15 + 15 (one P2) + 5 (backup) + 5");
            // next-tick, gauges, open-counts, open-incidents (A)
            assertEquals(4, restored.numKeyedStateEntries());
            assertEquals(1, restored.numEventTimeTimers());
        } finally {
            restored.close();
            Files.deleteIfExists(snapshot);
        }
    }

    /**
     * Random inputs, some late and out of order, with watermarks that jump over many ticks or stand still: the
     * per-tick function gives exactly the scores, commands and timestamps of the pending-list one it replaced.
     */
    @Test
    void matchesThePendingListReferenceOnRandomInputs() throws Exception {
        int withSafeModeOff = 0;
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            List<Object[]> steps = new ArrayList<>();
            long time = T0;
            long watermark = Long.MIN_VALUE;
            for (int i = 0; i < 400; i++) {
                time += random.nextInt(4_000);
                long ts = random.nextInt(10) == 0 ? time - random.nextInt(40_000) : time;
                steps.add(new Object[] {randomInput(random, i, ts)});
                if (random.nextInt(5) == 0) {
                    long candidate = time - random.nextInt(random.nextInt(8) == 0 ? 120_000 : 5_000);
                    watermark = Math.max(watermark, candidate);
                    steps.add(new Object[] {watermark});
                }
            }
            steps.add(new Object[] {Long.MAX_VALUE});
            List<String> expected = run(new PendingListHealthFunction(HealthRules.defaults()), steps);
            List<String> actual = run(new HealthFunction(HealthRules.defaults()), steps);
            assertTrue(expected.size() > 50, "seed " + seed + ": only " + expected.size() + " outputs");
            assertEquals(expected, actual, "seed " + seed);
            if (expected.stream().anyMatch(o -> o.contains("SAFE_MODE_OFF"))) {
                withSafeModeOff++;
            }
        }
        assertTrue(withSafeModeOff > 0, "the random mixes go into safe mode and out again");
    }

    /** Phases of 100 inputs: bad ones (P1s open, drift and latency poor), then good ones (incidents close). */
    private static HealthInput randomInput(Random random, int i, long ts) {
        Instant at = Instant.ofEpochMilli(ts);
        boolean bad = (i / 100) % 2 == 0;
        double worse = bad ? 1.0 : 0.1;
        return switch (random.nextInt(5)) {
            case 0, 1 -> incident("inc-" + random.nextInt(6), "P" + (1 + random.nextInt(4)),
                    random.nextDouble() < (bad ? 0.7 : 0.1), ts);
            case 2 -> HealthInput.of(new MetricSample("m" + i, at,
                    random.nextBoolean() ? "backup_age_seconds" : "migrations_pending",
                    random.nextBoolean() ? random.nextInt(3) : random.nextInt((int) (300_000 * worse))));
            case 3 -> HealthInput.drift("d" + i, at, bad ? random.nextInt(101) : 90 + random.nextInt(11));
            default -> HealthInput.latency("w" + i, at, "api|/" + random.nextInt(3), random.nextInt(200),
                    random.nextDouble() * 0.2 * worse, random.nextInt((int) (3_000 * worse)));
        };
    }

    /** Runs the steps (an input, or a watermark) and lists every output with its timestamp, in order. */
    private static List<String> run(KeyedProcessFunction<String, HealthInput, HealthScore> function, List<Object[]> steps)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<String, HealthInput, HealthScore>(
                new KeyedProcessOperator<>(function), i -> HealthFunction.KEY, Types.STRING);
        h.open();
        try {
            for (Object[] step : steps) {
                if (step[0] instanceof HealthInput in) {
                    h.processElement(in, in.ts().toEpochMilli());
                } else {
                    h.processWatermark((Long) step[0]);
                }
            }
            List<String> out = new ArrayList<>();
            for (Object o : h.getOutput()) {
                if (o instanceof StreamRecord<?> r) {
                    out.add(r.getTimestamp() + " " + Json.toText(r.getValue()));
                }
            }
            var side = h.getSideOutput(HealthFunction.CONTROL);
            if (side != null) {
                for (StreamRecord<ControlCommand> r : side) {
                    out.add(r.getTimestamp() + " " + Json.toText(r.getValue()));
                }
            }
            return out;
        } finally {
            h.close();
        }
    }
}
