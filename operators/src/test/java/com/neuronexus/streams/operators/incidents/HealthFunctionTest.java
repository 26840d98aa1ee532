package com.neuronexus.streams.operators.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.events.MetricSample;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.ControlCommand;
import com.neuronexus.streams.core.outputs.HealthScore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
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
        return new HealthInput(HealthInput.Kind.INCIDENT, id + at, Instant.ofEpochMilli(at), id, priority, open, 0, 0, 0);
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

    @Test
    void endOfBoundedInputGivesOneLastScoreAndStops() throws Exception {
        push(incident("inc-1", "P3", true, T0 + 1));
        harness.processWatermark(Long.MAX_VALUE);
        List<HealthScore> out = scores();
        assertEquals(1, out.size());
        assertEquals(Instant.ofEpochMilli(T0 + 10_000), out.get(0).ts());
        assertEquals(0, harness.numEventTimeTimers());
    }
}
