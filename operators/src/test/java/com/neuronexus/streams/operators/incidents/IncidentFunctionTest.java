package com.neuronexus.streams.operators.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.events.Signal.SignalState;
import com.neuronexus.streams.core.outputs.Incident;
import com.neuronexus.streams.core.outputs.Incident.Change;
import com.neuronexus.streams.core.outputs.Incident.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IncidentFunctionTest {

    static final long T0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
    static final long MIN = 60_000L;
    final IncidentRules rules = IncidentRules.defaults();
    KeyedOneInputStreamOperatorTestHarness<String, Signal, Incident> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new IncidentFunction(rules)), Signal::dedupKey, Types.STRING);
        harness.setProcessingTime(0);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    static Signal signal(String entity, SignalState state, long at) {
        return Signal.of("invariants", "NO_NEGATIVE_STOCK", entity, "P1", state, Instant.ofEpochMilli(at),
                "{\"at\":" + at + "}");
    }

    void push(Signal s) throws Exception {
        harness.processElement(s, s.ts().toEpochMilli());
    }

    List<Incident> drain() {
        List<Incident> out = harness.extractOutputValues();
        harness.getOutput().clear();
        return out;
    }

    @Test
    void openHealResolveThenStateIsGoneAfterCooldown() throws Exception {
        push(signal("a", SignalState.OBSERVED, T0));
        assertTrue(drain().isEmpty(), "waits for the watermark");
        harness.processWatermark(T0);
        List<Incident> out = drain();
        assertEquals(1, out.size());
        assertEquals(Status.OPEN, out.get(0).status());

        push(signal("a", SignalState.OBSERVED, T0 + MIN));
        push(signal("a", SignalState.CLEARED, T0 + 2 * MIN));
        harness.processWatermark(T0 + 2 * MIN);
        out = drain();
        assertEquals(List.of(Status.AUTO_HEALING, Status.RESOLVED), out.stream().map(Incident::status).toList());
        assertTrue(out.get(1).autoHealed());

        harness.processWatermark(T0 + 2 * MIN + rules.cooldownMs() + 1);
        assertTrue(drain().isEmpty());
        assertEquals(0, harness.numKeyedStateEntries(), "no state left after resolve + cooldown");
        assertEquals(0, harness.numEventTimeTimers());
        assertEquals(0, harness.numProcessingTimeTimers());
    }

    @Test
    void outOfOrderSignalsAreAppliedInEventTimeOrder() throws Exception {
        push(signal("a", SignalState.CLEARED, T0 + 2_000));
        push(signal("a", SignalState.OBSERVED, T0));
        harness.processWatermark(T0 + 5_000);
        List<Incident> out = drain();
        assertEquals(List.of(Change.OPENED, Change.RESOLVED), out.stream().map(Incident::lastChange).toList());
    }

    @Test
    void escalatesByAttempts() throws Exception {
        for (int i = 0; i < 4; i++) {
            push(signal("a", SignalState.OBSERVED, T0 + i * 10_000L));
        }
        harness.processWatermark(T0 + 40_000);
        List<Incident> out = drain();
        assertEquals(List.of(Status.OPEN, Status.AUTO_HEALING, Status.AUTO_HEALING, Status.ESCALATED),
                out.stream().map(Incident::status).toList());
        assertEquals(0, harness.numProcessingTimeTimers(), "escalated: the age guard is gone");
    }

    @Test
    void escalatesByAgeInEventTime() throws Exception {
        push(signal("a", SignalState.OBSERVED, T0));
        harness.processWatermark(T0);
        drain();
        harness.processWatermark(T0 + 15 * MIN);
        assertTrue(drain().isEmpty());
        harness.processWatermark(T0 + 15 * MIN + 1);
        List<Incident> out = drain();
        assertEquals(1, out.size());
        assertEquals(Status.ESCALATED, out.get(0).status());
        assertEquals("age", out.get(0).escalationReason());
        assertEquals(0, harness.numProcessingTimeTimers());
    }

    @Test
    void escalatesByAgeWithNoFurtherEventsThroughTheProcessingTimeGuard() throws Exception {
        push(signal("a", SignalState.OBSERVED, T0));
        harness.setProcessingTime(rules.flushGuardMs());
        List<Incident> out = drain();
        assertEquals(1, out.size(), "the watermark never came: the flush guard opened the incident");
        assertEquals(Status.OPEN, out.get(0).status());

        harness.setProcessingTime(rules.flushGuardMs() + 15 * MIN);
        assertTrue(drain().isEmpty());
        harness.setProcessingTime(rules.flushGuardMs() + 15 * MIN + 1);
        out = drain();
        assertEquals(1, out.size());
        Incident escalated = out.get(0);
        assertEquals(Status.ESCALATED, escalated.status());
        assertEquals(Instant.ofEpochMilli(T0 + 15 * MIN + 1), escalated.updatedAt(),
                "same record the event-time path would give");

        // When event time catches up, nothing is emitted twice.
        harness.processWatermark(T0 + 20 * MIN);
        assertTrue(drain().isEmpty());
        push(signal("a", SignalState.CLEARED, T0 + 21 * MIN));
        harness.processWatermark(T0 + 21 * MIN + rules.cooldownMs() + 1);
        out = drain();
        assertEquals(Status.RESOLVED, out.get(0).status());
        assertEquals(false, out.get(0).autoHealed());
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
        assertEquals(0, harness.numProcessingTimeTimers());
    }

    @Test
    void flappingReopensWithinCooldownAndNewIncidentAfter() throws Exception {
        push(signal("a", SignalState.OBSERVED, T0));
        push(signal("a", SignalState.CLEARED, T0 + 1_000));
        push(signal("a", SignalState.OBSERVED, T0 + 2_000));
        push(signal("a", SignalState.CLEARED, T0 + 3_000));
        harness.processWatermark(T0 + 3_000);
        List<Incident> out = drain();
        assertEquals(List.of(Change.OPENED, Change.RESOLVED, Change.REOPENED, Change.RESOLVED),
                out.stream().map(Incident::lastChange).toList());
        assertEquals(1, out.stream().map(Incident::incidentId).distinct().count());

        long afterCooldown = T0 + 3_000 + rules.cooldownMs() + 1;
        harness.processWatermark(afterCooldown);
        assertEquals(0, harness.numKeyedStateEntries());
        push(signal("a", SignalState.OBSERVED, afterCooldown + 1));
        harness.processWatermark(afterCooldown + 1);
        out = drain();
        assertEquals(Change.OPENED, out.get(0).lastChange());
        assertTrue(!out.get(0).incidentId().equals(
                Incident.idFor("NO_NEGATIVE_STOCK:a", Instant.ofEpochMilli(T0))), "a new incident");
    }

    @Test
    void keysAreIndependent() throws Exception {
        push(signal("a", SignalState.OBSERVED, T0));
        push(signal("b", SignalState.OBSERVED, T0));
        push(signal("b", SignalState.CLEARED, T0 + 1));
        harness.processWatermark(T0 + 1);
        List<Incident> out = drain();
        assertEquals(3, out.size());
        assertEquals(2, out.stream().map(Incident::dedupKey).distinct().count());
    }

    @Test
    void endOfBoundedInputDoesNotEscalateByAge() throws Exception {
        push(signal("a", SignalState.OBSERVED, T0));
        harness.processWatermark(Long.MAX_VALUE);
        List<Incident> out = drain();
        assertEquals(List.of(Status.OPEN), out.stream().map(Incident::status).toList());
    }

    @Test
    void aSignalBehindTheWatermarkIsAppliedAtTheNextWatermarkStepAndTimeNeverRunsBackwards() throws Exception {
        push(signal("a", SignalState.OBSERVED, T0));
        harness.processWatermark(T0 + 10_000);
        drain();
        push(signal("a", SignalState.CLEARED, T0 + 5_000));
        assertTrue(drain().isEmpty(), "waits for the next watermark step, in time order with the key's timers");
        harness.processWatermark(T0 + 10_001);
        List<Incident> out = drain();
        assertEquals(1, out.size());
        assertEquals(Status.RESOLVED, out.get(0).status());
        assertEquals(Instant.ofEpochMilli(T0 + 5_000), out.get(0).resolvedAt());
        assertEquals(0, harness.numProcessingTimeTimers(), "resolved: no guard left");
    }

    @Test
    void aSignalBehindAStalledWatermarkIsAppliedByTheFlushGuard() throws Exception {
        push(signal("a", SignalState.OBSERVED, T0));
        harness.processWatermark(T0 + 10_000);
        drain();
        push(signal("a", SignalState.CLEARED, T0 + 5_000));
        harness.setProcessingTime(rules.flushGuardMs());
        assertEquals(List.of(Change.RESOLVED), drain().stream().map(Incident::lastChange).toList());
        assertEquals(0, harness.numProcessingTimeTimers());
    }

    @Test
    void withTheFlushGuardOffSignalsWaitForTheWatermark() throws Exception {
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new IncidentFunction(new IncidentRules(3, 15 * MIN, 5 * MIN, 0))),
                Signal::dedupKey, Types.STRING);
        harness.open();
        push(signal("a", SignalState.OBSERVED, T0));
        harness.setProcessingTime(60_000);
        assertTrue(drain().isEmpty());
        harness.processWatermark(T0);
        assertEquals(1, drain().size());
    }

    /**
     * A replay from files (watermark after every event) that runs slowly: the same signals and watermarks, but
     * processing time passes the flush guard between two signals of a key and the escalation age while the
     * incident is open. With the guards, the output depends on that wall-clock time; without them (what a replay
     * uses, {@link IncidentRules#eventTimeOnly()}) it does not.
     */
    @Test
    void aSlowReplayGivesTheSameIncidentsAsAFastOneWithoutTheProcessingTimeGuards() throws Exception {
        assertTrue(!replay(rules, false).equals(replay(rules, true)), "with the guards a slow run differs");
        List<Incident> fast = replay(rules.eventTimeOnly(), false);
        assertEquals(fast, replay(rules.eventTimeOnly(), true));
        assertEquals(List.of(Change.OPENED, Change.RECHECKED, Change.RESOLVED), fast.stream().map(Incident::lastChange).toList());
        assertTrue(fast.get(2).autoHealed(), "cleared five minutes after opening: never escalated");
    }

    /** CLEARED at 10:00:00 arrives after OBSERVED at 10:00:00.100; CLEARED again at 10:05; all within the bound. */
    private static List<Incident> replay(IncidentRules rules, boolean slow) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new IncidentFunction(rules)),
                Signal::dedupKey, Types.STRING);
        h.setProcessingTime(0);
        h.open();
        long wall = 0;
        for (Signal s : List.of(signal("a", SignalState.OBSERVED, T0 + 100), signal("a", SignalState.CLEARED, T0),
                signal("a", SignalState.OBSERVED, T0 + 200), signal("a", SignalState.CLEARED, T0 + 5 * MIN))) {
            h.processElement(s, s.ts().toEpochMilli());
            if (slow) {
                wall += 16 * MIN; // the run stalls (GC, a loaded machine) after each event
                h.setProcessingTime(wall);
            }
            h.processWatermark(s.ts().toEpochMilli() - 1);
        }
        h.processWatermark(Long.MAX_VALUE);
        List<Incident> out = h.extractOutputValues();
        if (!rules.ageGuard()) {
            assertEquals(0, h.numProcessingTimeTimers());
        }
        h.close();
        return out;
    }

    // ---- One key's OBSERVED and CLEARED in one millisecond (a detector found the condition and found it gone) ----

    static final int TIE_KEYS = 40;

    /** Keys whose CLEARED's content id sorts before their OBSERVED's: by content id alone they stayed open. */
    static long clearedSortsFirst() {
        long n = 0;
        for (int k = 0; k < TIE_KEYS; k++) {
            long at = T0 + k * 1_000L;
            if (signal("k" + k, SignalState.CLEARED, at).eventId()
                    .compareTo(signal("k" + k, SignalState.OBSERVED, at).eventId()) < 0) {
                n++;
            }
        }
        return n;
    }

    /** Each key opened and resolved one incident, in that order, nothing else; then nothing is left. */
    void assertOpenedAndResolvedThenGone(List<Incident> out, long lastAt) throws Exception {
        for (int k = 0; k < TIE_KEYS; k++) {
            String key = "NO_NEGATIVE_STOCK:k" + k;
            List<Incident> ofKey = out.stream().filter(i -> i.dedupKey().equals(key)).toList();
            assertEquals(List.of(Change.OPENED, Change.RESOLVED), ofKey.stream().map(Incident::lastChange).toList(),
                    key + ": " + ofKey);
            assertTrue(ofKey.get(1).autoHealed());
            assertEquals(ofKey.get(0).openedAt(), ofKey.get(1).resolvedAt(), "resolved in the millisecond it opened");
        }
        harness.processWatermark(lastAt + rules.cooldownMs() + 1);
        assertTrue(drain().isEmpty(), "nothing escalates: every incident is resolved");
        assertEquals(0, harness.numKeyedStateEntries(), "no state left after the cooldown");
        assertEquals(0, harness.numEventTimeTimers());
        assertEquals(0, harness.numProcessingTimeTimers());
    }

    @Test
    void observedAndClearedInOneMillisecondOpenAndResolveInEitherArrivalOrder() throws Exception {
        assertTrue(clearedSortsFirst() > 0 && clearedSortsFirst() < TIE_KEYS, "content ids sort both ways round");
        for (int k = 0; k < TIE_KEYS; k++) {
            long at = T0 + k * 1_000L;
            Signal o = signal("k" + k, SignalState.OBSERVED, at);
            Signal c = signal("k" + k, SignalState.CLEARED, at);
            for (Signal s : k % 2 == 0 ? List.of(o, c) : List.of(c, o)) {
                push(s);
            }
        }
        long lastAt = T0 + (TIE_KEYS - 1) * 1_000L;
        harness.processWatermark(lastAt);
        assertOpenedAndResolvedThenGone(drain(), lastAt);
    }

    @Test
    void observedAndClearedInOneMillisecondBehindTheWatermarkOpenAndResolveInEitherArrivalOrder() throws Exception {
        long lastAt = T0 + (TIE_KEYS - 1) * 1_000L;
        harness.processWatermark(lastAt + 10_000);
        for (int k = 0; k < TIE_KEYS; k++) {
            long at = T0 + k * 1_000L;
            Signal o = signal("k" + k, SignalState.OBSERVED, at);
            Signal c = signal("k" + k, SignalState.CLEARED, at);
            for (Signal s : k % 2 == 0 ? List.of(o, c) : List.of(c, o)) {
                push(s);
                // A watermark step between the two: they cannot be sorted together.
                harness.processWatermark(lastAt + 10_000 + k);
            }
        }
        assertOpenedAndResolvedThenGone(drain(), lastAt + 10_000 + TIE_KEYS);
    }

    @Test
    void observedAndClearedInOneMillisecondFlushedByTheGuardInSeparateRoundsOpenAndResolve() throws Exception {
        long wall = 0;
        for (int k = 0; k < TIE_KEYS; k++) {
            long at = T0 + k * 1_000L;
            Signal o = signal("k" + k, SignalState.OBSERVED, at);
            Signal c = signal("k" + k, SignalState.CLEARED, at);
            for (Signal s : k % 2 == 0 ? List.of(o, c) : List.of(c, o)) {
                push(s);
                wall += rules.flushGuardMs();
                harness.setProcessingTime(wall); // the watermark stalls: each one is flushed alone
            }
        }
        assertOpenedAndResolvedThenGone(drain(), T0 + (TIE_KEYS - 1) * 1_000L);
    }

    @Test
    void aLateObservedBeforeAnAppliedClearedDoesNotLeaveAnIncidentOpen() throws Exception {
        push(signal("a", SignalState.CLEARED, T0 + 5_000));
        harness.processWatermark(T0 + 10_000);
        assertTrue(drain().isEmpty(), "nothing to clear yet");
        push(signal("a", SignalState.OBSERVED, T0 + 2_000));
        harness.processWatermark(T0 + 10_001);
        List<Incident> out = drain();
        assertEquals(List.of(Change.OPENED, Change.RESOLVED), out.stream().map(Incident::lastChange).toList());
        assertEquals(Instant.ofEpochMilli(T0 + 5_000), out.get(1).resolvedAt());

        // Observed again after the clearing: a real reopening, which stays open.
        push(signal("a", SignalState.OBSERVED, T0 + 20_000));
        harness.processWatermark(T0 + 20_000);
        out = drain();
        assertEquals(List.of(Change.REOPENED), out.stream().map(Incident::lastChange).toList());
        assertEquals(Status.OPEN, out.get(0).status());
    }

    @Test
    void anOpenIncidentObservedAndClearedInOneMillisecondIsRecheckedThenResolved() throws Exception {
        for (int k = 0; k < TIE_KEYS; k++) {
            push(signal("k" + k, SignalState.OBSERVED, T0));
        }
        harness.processWatermark(T0);
        drain();
        for (int k = 0; k < TIE_KEYS; k++) {
            long at = T0 + 1_000L + k;
            Signal o = signal("k" + k, SignalState.OBSERVED, at);
            Signal c = signal("k" + k, SignalState.CLEARED, at);
            for (Signal s : k % 2 == 0 ? List.of(o, c) : List.of(c, o)) {
                push(s);
            }
        }
        harness.processWatermark(T0 + 1_000L + TIE_KEYS);
        List<Incident> out = drain();
        for (int k = 0; k < TIE_KEYS; k++) {
            String key = "NO_NEGATIVE_STOCK:k" + k;
            assertEquals(List.of(Change.RECHECKED, Change.RESOLVED), out.stream().filter(i -> i.dedupKey().equals(key))
                    .map(Incident::lastChange).toList(), key);
        }
    }

    /** The same order after a restore: pending pairs, and a CLEARED applied before its late OBSERVED arrives. */
    @Test
    void observedAndClearedInOneMillisecondAcrossARestore() throws Exception {
        long lastAt = T0 + (TIE_KEYS - 1) * 1_000L;
        for (int k = 0; k < TIE_KEYS; k++) {
            long at = T0 + k * 1_000L;
            push(signal("k" + k, SignalState.CLEARED, at));
            push(signal("k" + k, SignalState.OBSERVED, at));
        }
        push(signal("late", SignalState.CLEARED, T0));
        harness.processWatermark(T0); // applies the CLEARED of "late" (nothing to close) and the pair of k0
        List<Incident> before = drain();
        var snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new IncidentFunction(rules)), Signal::dedupKey, Types.STRING);
        harness.setProcessingTime(0);
        harness.initializeState(snapshot);
        harness.open();
        push(signal("late", SignalState.OBSERVED, T0));
        harness.processWatermark(lastAt);
        List<Incident> out = new java.util.ArrayList<>(before);
        out.addAll(drain());
        assertEquals(List.of(Change.OPENED, Change.RESOLVED), out.stream()
                .filter(i -> i.dedupKey().equals("NO_NEGATIVE_STOCK:late")).map(Incident::lastChange).toList());
        assertOpenedAndResolvedThenGone(out.stream().filter(i -> !i.dedupKey().endsWith(":late")).toList(), lastAt);
    }

    /**
     * State written by the function before this order and the {@code last-cleared} state existed (snapshot taken
     * on main at 2e69292, base64 of {@code OperatorSnapshotUtil.writeStateHandle}): key {@code open} OBSERVED at
     * T0 and applied, an open incident with its age timers; keys {@code tie0..tie3} each CLEARED then OBSERVED at
     * T0 + 1 s, pending, with their event-time timer and the flush guard. Restored, the pairs apply in lifecycle
     * order, and {@code open} resolves and is forgotten as before.
     */
    @Test
    void stateFromBeforeTheLifecycleOrderIsRestored() throws Exception {
        Path snapshot = Files.createTempFile("incident-state", ".snapshot");
        try (var in = IncidentFunctionTest.class.getResourceAsStream("/incidents/incident-state-main-2e69292.b64")) {
            Files.write(snapshot, Base64.getMimeDecoder().decode(in.readAllBytes()));
        }
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new IncidentFunction(rules)), Signal::dedupKey, Types.STRING);
        harness.setProcessingTime(0);
        harness.initializeState(OperatorSnapshotUtil.readStateHandle(snapshot.toString()));
        harness.open();
        Files.delete(snapshot);
        long tie = T0 + 1_000;
        long clearedFirst = java.util.stream.IntStream.range(0, 4).filter(k -> signal("tie" + k, SignalState.CLEARED, tie)
                .eventId().compareTo(signal("tie" + k, SignalState.OBSERVED, tie).eventId()) < 0).count();
        assertTrue(clearedFirst > 0, "by content id alone some of them stayed open");

        harness.processWatermark(tie);
        List<Incident> out = drain();
        for (int k = 0; k < 4; k++) {
            String key = "NO_NEGATIVE_STOCK:tie" + k;
            assertEquals(List.of(Change.OPENED, Change.RESOLVED), out.stream().filter(i -> i.dedupKey().equals(key))
                    .map(Incident::lastChange).toList(), key);
        }
        assertEquals(8, out.size(), "the incident of key open is untouched: " + out);

        push(signal("open", SignalState.CLEARED, T0 + 2_000));
        harness.processWatermark(T0 + 2_000);
        out = drain();
        assertEquals(List.of(Change.RESOLVED), out.stream().map(Incident::lastChange).toList());
        assertEquals(Incident.idFor("NO_NEGATIVE_STOCK:open", Instant.ofEpochMilli(T0)), out.get(0).incidentId());

        harness.processWatermark(T0 + 2_000 + rules.cooldownMs() + 1);
        assertTrue(drain().isEmpty());
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
        assertEquals(0, harness.numProcessingTimeTimers());
    }

    /**
     * The replay's only run-to-run difference: an OBSERVED and its CLEARED 30 min later, both two days behind the
     * watermark. The age deadline between them is a timer behind the watermark, which fires at the next watermark
     * step; whether one came between the two signals (applied at once) depended on wall-clock time. Now the order
     * of event time whether a step came between them, none, or only the end of the input: escalated by age at
     * the deadline, then resolved, with the same stream times.
     */
    @Test
    void lateSignalsEscalateByAgeBetweenThemWhetherOrNotAWatermarkStepCameBetween() throws Exception {
        List<List<Incident>> runs = new java.util.ArrayList<>();
        for (boolean stepBetween : List.of(false, true)) {
            harness.close();
            harness = new KeyedOneInputStreamOperatorTestHarness<>(
                    new KeyedProcessOperator<>(new IncidentFunction(rules.eventTimeOnly())), Signal::dedupKey,
                    Types.STRING);
            harness.open();
            long wm = T0 + 2 * 24 * 60 * MIN;
            harness.processWatermark(wm);
            push(signal("a", SignalState.OBSERVED, T0));
            if (stepBetween) {
                harness.processWatermark(wm + 1);
            }
            push(signal("a", SignalState.CLEARED, T0 + 30 * MIN));
            harness.processWatermark(wm + 2);
            runs.add(checkLateEscalation("step between: " + stepBetween));
            harness.processWatermark(wm + rules.cooldownMs() + 2);
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
        // Both late, and the next watermark is the end of the input: the CLEARED shows the deadline passed.
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new IncidentFunction(rules.eventTimeOnly())), Signal::dedupKey,
                Types.STRING);
        harness.open();
        harness.processWatermark(T0 + 2 * 24 * 60 * MIN);
        push(signal("a", SignalState.OBSERVED, T0));
        push(signal("a", SignalState.CLEARED, T0 + 30 * MIN));
        harness.processWatermark(Long.MAX_VALUE);
        runs.add(checkLateEscalation("end of input"));
        assertEquals(runs.get(0), runs.get(1));
        assertEquals(runs.get(0), runs.get(2));
    }

    /** OPENED, ESCALATED by age at the deadline, RESOLVED; each record with its own time as stream time too. */
    private List<Incident> checkLateEscalation(String what) {
        var records = harness.extractOutputStreamRecords();
        harness.getOutput().clear();
        List<Incident> out = records.stream().map(r -> (Incident) r.getValue()).toList();
        assertEquals(List.of(Change.OPENED, Change.ESCALATED, Change.RESOLVED),
                out.stream().map(Incident::lastChange).toList(), what);
        assertEquals(Instant.ofEpochMilli(T0 + 15 * MIN + 1), out.get(1).updatedAt());
        assertEquals("age", out.get(1).escalationReason());
        // The replay's files are sorted by stream time: an escalation must not carry the time of the signal
        // that happened to be applied after it.
        assertEquals(out.stream().map(i -> i.updatedAt().toEpochMilli()).toList(),
                records.stream().map(r -> r.getTimestamp()).toList(), what);
        return out;
    }

    /**
     * The same for a late OBSERVED followed by the kept CLEARED 30 min later: in event time it escalated first.
     * (The CLEARED is kept for the cooldown of event time after it, like a resolved incident.)
     */
    @Test
    void aLateObservedLongBeforeTheKeptClearedEscalatesByAgeBeforeItIsClearedAgain() throws Exception {
        push(signal("a", SignalState.CLEARED, T0 + 30 * MIN));
        harness.processWatermark(T0 + 30 * MIN + rules.cooldownMs() - 1);
        push(signal("a", SignalState.OBSERVED, T0));
        harness.processWatermark(T0 + 30 * MIN + rules.cooldownMs());
        List<Incident> out = drain();
        assertEquals(List.of(Change.OPENED, Change.ESCALATED, Change.RESOLVED),
                out.stream().map(Incident::lastChange).toList());
        assertEquals(false, out.get(2).autoHealed());
    }
}
