package com.neuronexus.streams.operators.audit;

import static com.neuronexus.streams.operators.audit.AuditTestData.T0;
import static com.neuronexus.streams.operators.audit.AuditTestData.event;
import static com.neuronexus.streams.operators.audit.AuditTestData.preChained;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.events.AuditEvent;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.AuditCheckpoint;
import com.neuronexus.streams.core.outputs.AuditRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class AuditChainFunctionTest {
    private static final CheckpointPolicy EVERY_4 = new CheckpointPolicy(4, 3_600_000L);

    private static KeyedOneInputStreamOperatorTestHarness<String, AuditEvent, AuditRecord> harness(
            CheckpointPolicy policy) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AuditChainFunction(policy)), AuditEvent::chain, Types.STRING);
        h.open();
        return h;
    }

    private static void push(KeyedOneInputStreamOperatorTestHarness<String, AuditEvent, AuditRecord> h, AuditEvent e)
            throws Exception {
        h.processElement(new StreamRecord<>(e, e.ts().toEpochMilli()));
    }

    private static List<AuditRecord> rows(KeyedOneInputStreamOperatorTestHarness<String, AuditEvent, AuditRecord> h) {
        return new ArrayList<>(h.extractOutputValues());
    }

    private static List<AuditCheckpoint> checkpoints(
            KeyedOneInputStreamOperatorTestHarness<String, AuditEvent, AuditRecord> h) {
        var q = h.getSideOutput(AuditChainFunction.CHECKPOINTS);
        return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
    }

    private static List<Signal> signals(KeyedOneInputStreamOperatorTestHarness<String, AuditEvent, AuditRecord> h) {
        var q = h.getSideOutput(AuditChainFunction.SIGNALS);
        return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
    }

    private static long at(long seconds) {
        return T0.plusSeconds(seconds).toEpochMilli();
    }

    @Test
    void sealsInEventTimeThenEventIdOrderOnlyOnceTheWatermarkPasses() throws Exception {
        var h = harness(EVERY_4);
        push(h, event("e3", 3));
        push(h, event("e2b", 2));
        push(h, event("e1", 1));
        push(h, event("e2a", 2));
        assertTrue(rows(h).isEmpty(), "nothing is sealed before the watermark");
        h.processWatermark(at(2));
        assertEquals(List.of("e1", "e2a", "e2b"), rows(h).stream().map(AuditRecord::eventId).toList());
        h.processWatermark(at(10));
        List<AuditRecord> all = rows(h);
        assertEquals(List.of(1L, 2L, 3L, 4L), all.stream().map(AuditRecord::seq).toList());
        assertTrue(ChainVerifier.verify("default", all, checkpoints(h)).intact());
        assertEquals(1, checkpoints(h).size(), "4 rows = one count checkpoint");
        assertEquals(4, checkpoints(h).get(0).seq());
        h.close();
    }

    @Test
    void quietSegmentIsCheckpointedWhenItsTimeIsUp() throws Exception {
        var h = harness(new CheckpointPolicy(1000, 60_000L));
        push(h, event("e1", 0));
        push(h, event("e2", 30));
        push(h, event("e3", 60)); // at the deadline: belongs to the next segment
        h.processWatermark(at(59));
        assertTrue(checkpoints(h).isEmpty());
        h.processWatermark(at(200));
        List<AuditCheckpoint> cps = checkpoints(h);
        assertEquals(2, cps.size());
        assertEquals(1, cps.get(0).firstSeq());
        assertEquals(2, cps.get(0).seq());
        assertEquals(T0.plusSeconds(30), cps.get(0).ts(), "ts of the head row");
        assertEquals(3, cps.get(1).firstSeq());
        assertEquals(3, cps.get(1).seq());
        assertTrue(ChainVerifier.verify("default", rows(h), cps).intact());
        assertEquals(0, h.numEventTimeTimers(), "no timer left once every segment is closed");
        h.close();
    }

    @Test
    void restoredFromASnapshotTheChainContinuesWithoutGapOrDuplicate() throws Exception {
        var h = harness(EVERY_4);
        for (int i = 1; i <= 6; i++) {
            push(h, event("e" + i, i));
        }
        h.processWatermark(at(3));
        push(h, event("e7", 7)); // pending at snapshot time
        OperatorSubtaskState snapshot = h.snapshot(1L, 1L);
        List<AuditRecord> before = rows(h);
        List<AuditCheckpoint> cpsBefore = checkpoints(h);
        h.close();

        var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AuditChainFunction(EVERY_4)), AuditEvent::chain, Types.STRING);
        restored.initializeState(snapshot);
        restored.open();
        push(restored, event("e8", 8));
        restored.processWatermark(at(100));
        List<AuditRecord> all = new ArrayList<>(before);
        all.addAll(rows(restored));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), all.stream().map(AuditRecord::seq).toList());
        List<AuditCheckpoint> cps = new ArrayList<>(cpsBefore);
        cps.addAll(checkpoints(restored));
        assertEquals(List.of(4L, 8L), cps.stream().map(AuditCheckpoint::seq).toList());
        assertTrue(ChainVerifier.verify("default", all, cps).intact());
        restored.close();
    }

    @Test
    void preChainedEventsAreVerifiedAndTamperingRaisesP1Signals() throws Exception {
        List<AuditRecord> produced = AuditTestData.sealedRows(6);
        var h = harness(EVERY_4);
        for (int i = 0; i < 6; i++) {
            AuditRecord r = produced.get(i);
            if (i == 3) {
                continue; // deleted at the producer
            }
            push(h, preChained(i == 1 ? AuditTestData.withActor(r, "mallory") : r));
        }
        h.processWatermark(at(100));
        List<AuditRecord> out = rows(h);
        assertEquals(5, out.size());
        assertFalse(out.get(1).verified(), "modified row");
        assertFalse(out.get(3).verified(), "row after the gap");
        assertTrue(out.get(0).verified() && out.get(2).verified() && out.get(4).verified());
        List<Signal> tampered = signals(h).stream().filter(s -> s.kind().equals(AuditChainFunction.TAMPERED)).toList();
        assertEquals(2, tampered.size(), "one per released batch with damage (here one event per batch)");
        assertEquals("P1", tampered.get(0).priority());
        assertEquals("AUDIT_CHAIN_TAMPERED:default", tampered.get(0).dedupKey());
        var evidence = Json.readTree(tampered.get(0).evidence());
        assertEquals("default", evidence.get("chain").asText());
        assertEquals(2, evidence.get("first_bad_seq").asLong());
        assertEquals("MODIFIED", evidence.get("damage").asText());
        var second = Json.readTree(tampered.get(1).evidence());
        assertEquals(4, second.get("first_bad_seq").asLong());
        assertEquals("GAP", second.get("damage").asText());
        h.close();
    }

    @Test
    void intactPreChainedEventsPassThroughUnchanged() throws Exception {
        List<AuditRecord> produced = AuditTestData.sealedRows(5);
        var h = harness(EVERY_4);
        for (int i = produced.size() - 1; i >= 0; i--) {
            push(h, preChained(produced.get(i)));
        }
        h.processWatermark(at(100));
        assertEquals(produced, rows(h));
        assertTrue(signals(h).isEmpty());
        h.close();
    }

    @Test
    void lateEventIsSealedAfterTheOthersWithAP2Signal() throws Exception {
        var h = harness(EVERY_4);
        push(h, event("e1", 1));
        push(h, event("e5", 5));
        h.processWatermark(at(5));
        push(h, event("e3", 3));
        h.processWatermark(at(6));
        List<AuditRecord> out = rows(h);
        assertEquals(List.of("e1", "e5", "e3"), out.stream().map(AuditRecord::eventId).toList());
        assertEquals(3, out.get(2).seq());
        List<Signal> late = signals(h).stream().filter(s -> s.kind().equals(AuditChainFunction.LATE)).toList();
        assertEquals(1, late.size());
        assertEquals("P2", late.get(0).priority());
        h.close();
    }

    /**
     * A savepoint of the old layout kept all recent hashes inside the head value and the open segment in a value
     * of its own. Restored, both are migrated at the chain's next release (into the tip and the recent-hash
     * map), the open segment is completed and checkpointed with its rows from before the restore, and the
     * findings are those of a chain that never stopped, across more than RECENT releases (the map wraps around).
     */
    @Test
    void headOfTheOldLayoutIsMigratedAndFindsTheSameDamage() throws Exception {
        List<AuditRecord> produced = AuditTestData.sealedRows(200);
        int restoredSeq = 70;
        String[] legacyRecent = produced.subList(restoredSeq - 1 - HashChain.RECENT, restoredSeq - 1).stream()
                .map(AuditRecord::rowHash).toArray(String[]::new);
        var h = harness(EVERY_4);
        var backend = h.getOperator().<String>getKeyedStateBackend();
        backend.setCurrentKey("default");
        ValueState<AuditChainFunction.Head> legacyHead = backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, new ValueStateDescriptor<>("head",
                        TypeInformation.of(AuditChainFunction.Head.class)));
        legacyHead.update(new AuditChainFunction.Head(restoredSeq, produced.get(restoredSeq - 1).rowHash(),
                legacyRecent));
        // An open segment of two rows (69, 70) under the every-4 policy: the first two rows after the restore
        // complete it.
        ValueState<AuditChainFunction.Segment> legacySegment = backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, new ValueStateDescriptor<>("segment",
                        TypeInformation.of(AuditChainFunction.Segment.class)));
        legacySegment.update(new AuditChainFunction.Segment(69, at(69), 2, produced.get(69).ts().toEpochMilli()));
        ListState<String> legacySegmentHashes = backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, new ListStateDescriptor<>("segment-hashes", Types.STRING));
        legacySegmentHashes.add(produced.get(68).rowHash());
        legacySegmentHashes.add(produced.get(69).rowHash());
        HashChain reference = new HashChain("default", restoredSeq, produced.get(restoredSeq - 1).rowHash(),
                legacyRecent);

        List<HashChain.Appended> expected = new ArrayList<>();
        long second = 1_000;
        // Release 1 (migration): a duplicate of a row the legacy recent hashes know, then a sealed event.
        // Then 80 releases of one sealed event each, then pre-chained rows from the old and the new part.
        List<List<AuditEvent>> releases = new ArrayList<>();
        releases.add(List.of(preChained(produced.get(30)), event("m1", second++)));
        for (int i = 0; i < 80; i++) {
            releases.add(List.of(event("s" + i, second++)));
        }
        releases.add(List.of(withTs(preChained(produced.get(10)), second++)));
        for (List<AuditEvent> release : releases) {
            for (AuditEvent e : release) {
                push(h, e);
                expected.add(reference.append(e));
            }
            h.processWatermark(release.get(release.size() - 1).ts().toEpochMilli());
        }
        List<AuditRecord> sealedAfterRestore = rows(h);
        // A duplicate of a row sealed after the restore, read back through the wrapped-around map.
        AuditRecord recentRow = sealedAfterRestore.get(sealedAfterRestore.size() - 30);
        AuditEvent duplicate = withTs(preChained(recentRow), second++);
        push(h, duplicate);
        expected.add(reference.append(duplicate));
        h.processWatermark(at(10_000));

        assertEquals(expected.stream().map(HashChain.Appended::record).toList(), rows(h));
        assertEquals(DamageKind.DUPLICATE, expected.get(0).damage().kind());
        assertEquals(DamageKind.DUPLICATE, expected.get(expected.size() - 1).damage().kind());
        List<Signal> tampered = signals(h).stream().filter(s -> s.kind().equals(AuditChainFunction.TAMPERED)).toList();
        assertEquals(expected.stream().filter(a -> !a.ok()).count(), tampered.size());
        List<AuditCheckpoint> cps = checkpoints(h);
        List<AuditRecord> all = new ArrayList<>(produced.subList(0, restoredSeq));
        all.addAll(rows(h));
        AuditCheckpoint completed = cps.get(0);
        assertEquals(69, completed.firstSeq(), "the segment open at the restore is completed");
        assertEquals(72, completed.seq());
        assertEquals(MerkleTree.rootHex(all.subList(68, 72).stream().map(AuditRecord::rowHash).toList()),
                completed.merkleRoot());
        for (int i = 1; i < cps.size(); i++) {
            assertEquals(cps.get(i - 1).seq() + 1, cps.get(i).firstSeq(), "checkpoints tile the chain");
        }
        assertEquals(all.get(all.size() - 1).seq(), cps.get(cps.size() - 1).seq(), "the last segment closed");
        backend.setCurrentKey("default");
        assertEquals(null, legacyHead.value(), "the old head is dropped once migrated");
        assertEquals(null, legacySegment.value(), "the old segment is dropped once migrated");
        assertEquals(0, h.numEventTimeTimers());
        assertEquals(2, h.numKeyedStateEntries(), "the tip and the recent hashes only");
        h.close();
    }

    /** A pre-chained event with another event time: its row_hash no longer recomputes, which is fine here. */
    private static AuditEvent withTs(AuditEvent e, long secondsAfterT0) {
        return new AuditEvent(e.eventId(), T0.plusSeconds(secondsAfterT0), e.chain(), e.actor(), e.action(), e.entity(),
                e.entityId(), e.ip(), e.outcome(), e.payload(), e.prevHash(), e.rowHash());
    }
}
