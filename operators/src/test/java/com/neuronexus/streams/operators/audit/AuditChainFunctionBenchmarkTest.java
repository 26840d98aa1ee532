package com.neuronexus.streams.operators.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.events.AuditEvent;
import com.neuronexus.streams.core.events.AuditOutcome;
import com.neuronexus.streams.core.outputs.AuditCheckpoint;
import com.neuronexus.streams.core.outputs.AuditRecord;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain operator on RocksDB, on input shaped like the generated audit workload: two chains (the
 * {@code default} chain with most events), events a few seconds of event time apart and slightly out of
 * order, a watermark every few hundred events (as the source emits them under load), default checkpoint
 * policy (1000 rows / 60 s). Measures the operator thread's CPU time (ThreadMXBean) for feeding the input and
 * advancing the watermark, warm-up excluded, and prints µs per event; {@code -Daudit.bench.events=N} for a
 * longer run. Asserts the chains verify and that nothing but the chain heads is left in state or timers.
 */
class AuditChainFunctionBenchmarkTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final CheckpointPolicy POLICY = new CheckpointPolicy(1000, 60_000L);
    private static final int EVENTS_PER_WATERMARK = 400;

    @Test
    void sealingOnRocksDb(@TempDir Path rocksDbDir) throws Exception {
        int events = Integer.getInteger("audit.bench.events", 20_000);
        int warmUp = Math.min(events, 5_000);
        List<AuditEvent> warmInput = input(warmUp, 1L, T0);
        List<AuditEvent> input = input(events, 7L, T0.plusSeconds(warmUp * 10L + 86_400L));

        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AuditChainFunction(POLICY)), AuditEvent::chain, Types.STRING);
        EmbeddedRocksDBStateBackend rocksDb = new EmbeddedRocksDBStateBackend();
        rocksDb.setDbStoragePath(rocksDbDir.toString());
        h.setStateBackend(rocksDb);
        h.open();

        feed(h, warmInput);
        h.getOutput().clear();
        h.getSideOutput(AuditChainFunction.CHECKPOINTS).clear();
        // -Daudit.bench.jfr=FILE records the measured part with JFR's profile settings.
        String jfrFile = System.getProperty("audit.bench.jfr");
        Recording recording = null;
        if (jfrFile != null) {
            recording = new Recording(Configuration.getConfiguration("profile"));
            recording.start();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        feed(h, input);
        if (recording != null) {
            recording.dump(Path.of(jfrFile));
            recording.close();
        }
        double cpuMicros = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / events;
        double wallMicros = (System.nanoTime() - wall) / 1e3 / events;
        System.out.printf("audit chain operator on RocksDB: %d events, operator thread CPU %.1f µs/event"
                + " (wall %.1f µs/event)%n", events, cpuMicros, wallMicros);

        List<AuditRecord> rows = new ArrayList<>(h.extractOutputValues());
        assertEquals(events, rows.size(), "every event sealed once");
        var cpQueue = h.getSideOutput(AuditChainFunction.CHECKPOINTS);
        List<AuditCheckpoint> cps = cpQueue.stream().map(StreamRecord::getValue).toList();
        for (String chain : List.of("default", "admin")) {
            List<AuditRecord> chainRows = rows.stream().filter(r -> r.chain().equals(chain)).toList();
            List<AuditCheckpoint> chainCps = cps.stream().filter(c -> c.chain().equals(chain)).toList();
            // The warm-up sealed the chain's first rows; verify the measured part as its own chain from there on.
            long firstSeq = chainRows.get(0).seq();
            assertTrue(chainRows.size() > 100, chain);
            for (int i = 0; i < chainRows.size(); i++) {
                assertEquals(firstSeq + i, chainRows.get(i).seq(), "seq contiguous");
                if (i > 0) {
                    assertEquals(chainRows.get(i - 1).rowHash(), chainRows.get(i).prevHash(), "linked");
                }
                assertEquals(AuditEncoding.recompute(chainRows.get(i)), chainRows.get(i).rowHash());
            }
            long covered = chainCps.stream().mapToLong(AuditCheckpoint::count).sum();
            assertEquals(chainRows.get(chainRows.size() - 1).seq() - chainCps.get(0).firstSeq() + 1, covered,
                    "the checkpoints tile the chain");
        }
        assertEquals(0, h.numEventTimeTimers(), "no timer left once the watermark passed every event");
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        for (String state : List.of("pending", "segment-hashes", "head", "segment")) {
            try (var keys = backend.getKeys(state, VoidNamespace.INSTANCE)) {
                assertEquals(0, keys.count(), state + " is empty once every segment is closed");
            }
        }
        try (var keys = backend.getKeys("tip", VoidNamespace.INSTANCE)) {
            assertEquals(2, keys.count(), "one head per chain");
        }
        h.close();
    }

    /** Feeds the events and a watermark every few hundred; the last watermark closes every segment. */
    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, AuditEvent, AuditRecord> h,
            List<AuditEvent> input) throws Exception {
        long maxTs = Long.MIN_VALUE;
        for (int i = 0; i < input.size(); i++) {
            AuditEvent e = input.get(i);
            long ts = e.ts().toEpochMilli();
            maxTs = Math.max(maxTs, ts);
            h.processElement(new StreamRecord<>(e, ts));
            if ((i + 1) % EVENTS_PER_WATERMARK == 0) {
                h.processWatermark(maxTs - 5_000L);
            }
        }
        h.processWatermark(maxTs + 3_600_000L);
    }

    /** Workload-like events: ~9 in 10 on {@code default}, ~10 s apart, up to 3 s out of order, JSON payloads. */
    static List<AuditEvent> input(int n, long seed, Instant start) {
        SplittableRandom r = new SplittableRandom(seed);
        List<AuditEvent> out = new ArrayList<>(n);
        String[] actions = {"login", "update", "create", "export", "delete", "logout"};
        for (int i = 0; i < n; i++) {
            boolean admin = r.nextInt(10) == 0;
            int user = r.nextInt(30);
            Instant ts = start.plusMillis(i * 10_000L + r.nextInt(3_000));
            String action = actions[r.nextInt(actions.length)];
            String payload = action.equals("login") || action.equals("logout") ? null
                    : "{\"field\":\"f" + r.nextInt(20) + "\",\"new\":" + r.nextInt(1000) + ",\"old\":" + r.nextInt(1000) + "}";
            out.add(new AuditEvent("aud-" + seed + "-" + i, ts, admin ? "admin" : "default",
                    admin ? "admin-0" + (user % 3 + 1) : String.format("user-%03d", user + 1), action,
                    payload == null ? null : "order", payload == null ? null : "o-" + i,
                    "10.0.0." + (user + 10), r.nextInt(50) == 0 ? AuditOutcome.FAILURE : AuditOutcome.SUCCESS,
                    payload, null, null));
        }
        return out;
    }
}
