package com.neuronexus.streams.operators.ops.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.events.RequestLatencyEvent;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.LatencyWindow;
import com.neuronexus.streams.operators.ops.DetectorConfig;
import com.neuronexus.streams.operators.ops.LatencyRules;
import com.neuronexus.streams.operators.testing.RecordsOnlyOutput;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPU time of {@link RouteLatencyFunction} on RocksDB keyed state and heap timers (as {@code OpsJob} runs it) on
 * the bench's kind of traffic: sparse requests on 8 routes (one every ~5 s overall, so a route sees one every
 * ~40 s and nearly every request opens its own pane), a watermark every 50 requests. Every output record is
 * JSON-encoded as the job's Kafka sinks encode it ({@link Json#toBytes}), then dropped, so the figure covers
 * the operator thread's work up to the producer. Reported: thread CPU µs per request, warm-up excluded.
 * {@code -Dops.bench.requests=150000} for a longer run; {@code -Dops.bench.rounds=3} to repeat the timed part.
 */
class RouteLatencyBenchmarkTest {
    private static final long T0 = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    private static final long IDLE = 2 * 86_400_000L;
    private static final int ROUTES = 8;
    private static final int WATERMARK_EVERY = 50;

    @Test
    void sparseRequestsOnRocksDb(@TempDir Path rocksDbDir) throws Exception {
        int requests = Integer.getInteger("ops.bench.requests", 30_000);
        int rounds = Integer.getInteger("ops.bench.rounds", 2);
        LatencyRules.Config rules = new LatencyRules.Config(0.05, 20, 2.0, 60_000L, 3.0, true, 20);
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new RouteLatencyFunction(0.01, 10_000, 60_000, rules, IDLE, DetectorConfig.defaults())),
                (RequestLatencyEvent e) -> LatencyAggregate.key(e.service(), e.route()), Types.STRING);
        EmbeddedRocksDBStateBackend rocksDb = new EmbeddedRocksDBStateBackend();
        rocksDb.setPriorityQueueStateType(EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP); // as OpsJob
        rocksDb.setDbStoragePath(rocksDbDir.toString());
        h.setStateBackend(rocksDb);
        EncodingOutput output = new EncodingOutput();
        h.setOutputCreator(serializer -> output);
        h.open();

        Random random = new Random(42);
        long[] clock = {T0};
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // warm-up: as many requests as one timed round, not counted
        run(h, random, clock, requests);
        for (int round = 0; round < rounds; round++) {
            long rows = output.rows;
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            run(h, random, clock, requests);
            double cpuMicros = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / requests;
            double wallMicros = (System.nanoTime() - wall) / 1e3 / requests;
            System.out.printf("RouteLatencyFunction (RocksDB, heap timers, JSON-encoded output): %d sparse requests on %d routes,"
                    + " %.1f µs CPU per request (%.1f µs wall), %.2f rows per request%n", requests, ROUTES, cpuMicros, wallMicros,
                    (double) (output.rows - rows) / requests);
        }
        // every route goes idle: nothing may be left behind
        h.processWatermark(clock[0] + IDLE + 120_000);
        assertTrue(output.rows > requests, "windows were emitted");
        var backend = h.getOperator().getKeyedStateBackend();
        for (String state : List.of("open-panes", "route-memory", "figure-models")) { // RocksDB counts no entries
            try (var keys = backend.getKeys(state, VoidNamespace.INSTANCE)) {
                assertEquals(0, keys.count(), state);
            }
        }
        assertEquals(0, h.numEventTimeTimers());
        h.close();
    }

    private static void run(KeyedOneInputStreamOperatorTestHarness<String, RequestLatencyEvent, LatencyWindow> h, Random random,
            long[] clock, int requests) throws Exception {
        for (int i = 0; i < requests; i++) {
            clock[0] += 2_500 + random.nextInt(5_000);
            int roll = random.nextInt(100);
            int status = roll < 2 ? 503 : roll < 5 ? 404 : 200;
            double latency = Math.exp(3.5 + 0.6 * random.nextGaussian());
            RequestLatencyEvent e = new RequestLatencyEvent("req-" + clock[0], Instant.ofEpochMilli(clock[0]), "svc-" + (i % 2),
                    "/route/" + random.nextInt(ROUTES / 2), "GET", status, latency);
            h.processElement(new StreamRecord<>(e, clock[0]));
            if ((i + 1) % WATERMARK_EVERY == 0) {
                h.processWatermark(clock[0] - 500);
            }
        }
    }

    /** Encodes every record as the sinks do and drops it (the harness's own output would copy and keep them). */
    static final class EncodingOutput extends RecordsOnlyOutput<LatencyWindow> {
        long rows;
        long bytes;

        @Override
        public void collect(StreamRecord<LatencyWindow> record) {
            rows++;
            bytes += Json.toBytes(record.getValue()).length;
        }

        @Override
        public <X> void collect(OutputTag<X> tag, StreamRecord<X> record) {
            if (tag != RouteLatencyFunction.FIGURE_SCORES) { // OpsJob does not write the figure scores
                bytes += Json.toBytes(record.getValue()).length;
            }
        }
    }
}
