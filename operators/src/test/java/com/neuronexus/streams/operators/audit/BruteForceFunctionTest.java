package com.neuronexus.streams.operators.audit;

import static com.neuronexus.streams.operators.audit.AuditTestData.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.events.AuditEvent;
import com.neuronexus.streams.core.events.AuditOutcome;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.outputs.SecurityBlock;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class BruteForceFunctionTest {
    private static final long MIN = 60_000L;
    private static final BruteForceDetector.Config CONFIG =
            BruteForceDetector.Config.of(5, 15 * MIN, 15 * MIN, "login,auth.login");

    private static KeyedOneInputStreamOperatorTestHarness<String, SecurityAttempt, SecurityBlock> harness()
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new BruteForceFunction(CONFIG)), SecurityAttempt::key, Types.STRING);
        h.open();
        return h;
    }

    private static void login(KeyedOneInputStreamOperatorTestHarness<String, SecurityAttempt, SecurityBlock> h,
            String id, long seconds, String actor, String ip, AuditOutcome outcome) throws Exception {
        AuditEvent e = new AuditEvent(id, T0.plusSeconds(seconds), "default", actor, "LOGIN", null, null, ip, outcome,
                null, null, null);
        for (SecurityAttempt a : SecurityAttempt.of(e, CONFIG)) {
            h.processElement(new StreamRecord<>(a, a.ts()));
        }
    }

    private static List<Signal> signals(KeyedOneInputStreamOperatorTestHarness<String, SecurityAttempt, SecurityBlock> h) {
        var q = h.getSideOutput(BruteForceFunction.SIGNALS);
        return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void thresholdIsFiveFailuresPerActorAndPerIp() throws Exception {
        for (int attempts : new int[] {4, 5, 6}) {
            var h = harness();
            for (int i = 0; i < attempts; i++) {
                login(h, "f" + i, i * 60, "alice", "10.0.0.7", AuditOutcome.FAILURE);
            }
            h.processWatermark(T0.plusSeconds(600).toEpochMilli());
            List<SecurityBlock> blocks = h.extractOutputValues();
            if (attempts < 5) {
                assertTrue(blocks.isEmpty(), attempts + " attempts");
            } else {
                assertEquals(2, blocks.size(), attempts + " attempts: actor and IP are blocked once each");
                SecurityBlock actor = blocks.stream().filter(b -> b.subjectType().equals("ACTOR")).findFirst().orElseThrow();
                assertEquals("alice", actor.subject());
                assertEquals(T0.plusSeconds(240), actor.since());
                assertEquals(T0.plusSeconds(240 + 900), actor.until());
                assertEquals(2, signals(h).size());
                assertEquals("P2", signals(h).get(0).priority());
            }
            h.close();
        }
    }

    @Test
    void oneActorsSuccessDoesNotResetTheIpForOthers() throws Exception {
        var h = harness();
        login(h, "a1", 0, "alice", "10.0.0.9", AuditOutcome.FAILURE);
        login(h, "a2", 1, "alice", "10.0.0.9", AuditOutcome.FAILURE);
        login(h, "b1", 2, "bob", "10.0.0.9", AuditOutcome.FAILURE);
        login(h, "b2", 3, "bob", "10.0.0.9", AuditOutcome.FAILURE);
        login(h, "c1", 4, "carol", "10.0.0.9", AuditOutcome.FAILURE);
        login(h, "a3", 4, "alice", "10.0.0.9", AuditOutcome.SUCCESS); // same ts as c1: ordered by event_id
        login(h, "c2", 5, "carol", "10.0.0.9", AuditOutcome.FAILURE);
        h.processWatermark(T0.plusSeconds(10).toEpochMilli());
        assertTrue(h.extractOutputValues().isEmpty(), "alice's success forgave only her own 2 failures: bob 2 + carol 2 = 4");
        login(h, "d1", 7, "dave", "10.0.0.9", AuditOutcome.FAILURE);
        h.processWatermark(T0.plusSeconds(20).toEpochMilli());
        List<SecurityBlock> blocks = h.extractOutputValues();
        assertEquals(1, blocks.size());
        assertEquals("10.0.0.9", blocks.get(0).subject());
        assertEquals(5, blocks.get(0).failures());
        h.close();
    }

    @Test
    void noStateOrTimerIsLeftAfterTheBlockExpires() throws Exception {
        var h = harness();
        for (int i = 0; i < 5; i++) {
            login(h, "f" + i, i, "alice", "10.0.0.7", AuditOutcome.FAILURE);
        }
        login(h, "x", 30, "bob", null, AuditOutcome.FAILURE); // one failure that simply ages out
        h.processWatermark(T0.plusSeconds(60).toEpochMilli());
        assertEquals(2, h.extractOutputValues().size());
        assertTrue(h.numKeyedStateEntries() > 0);
        h.processWatermark(T0.plusSeconds(4 + 900).toEpochMilli());
        long cleared = signals(h).stream().filter(s -> s.state() == Signal.SignalState.CLEARED).count();
        assertEquals(2, cleared, "both blocks ended");
        h.processWatermark(T0.plusSeconds(30 + 900).toEpochMilli());
        assertEquals(0, h.numKeyedStateEntries(), "no state left");
        assertEquals(0, h.numEventTimeTimers(), "no timer left");
        h.close();
    }
}
