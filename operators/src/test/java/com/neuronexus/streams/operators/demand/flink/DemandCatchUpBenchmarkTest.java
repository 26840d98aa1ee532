package com.neuronexus.streams.operators.demand.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.events.ItemEvent;
import com.neuronexus.streams.core.events.StockEvent;
import com.neuronexus.streams.core.events.StockMovementType;
import com.neuronexus.streams.core.events.UsageEvent;
import com.neuronexus.streams.core.outputs.ReorderRecommendation;
import com.neuronexus.streams.operators.demand.DemandConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The demand operator catching up on a backlog, on RocksDB: SKUs × days of usage (a few a day), stock movements
 * and item data, read ahead of the watermark as a replay or a restart after downtime reads them (the watermark
 * trails the inputs by {@code demand.catchup.lag-days}). Prints the operator thread's CPU time per input
 * (ThreadMXBean, this thread runs the operator), outputs kept by the harness. RocksDB gets one slot's managed
 * memory and the options of flink-conf/config.yaml ({@code -Ddemand.catchup.slot-memory=false}: the harness's
 * defaults); {@code -Ddemand.catchup.jfr=FILE} records the last round with JFR. {@code -Ddemand.catchup.skus=200
 * -Ddemand.catchup.days=280} is about the shape of {@code ./nexus bench --jobs demand}.
 */
class DemandCatchUpBenchmarkTest {
    static final long DAY = 86_400_000L;
    static final long T0 = Instant.parse("2018-01-01T00:00:00Z").toEpochMilli();

    @Test
    void catchUpOnRocksDb() throws Exception {
        int skus = Integer.getInteger("demand.catchup.skus", 40);
        int days = Integer.getInteger("demand.catchup.days", 60);
        int lagDays = Integer.getInteger("demand.catchup.lag-days", 3);
        int rounds = Integer.getInteger("demand.catchup.rounds", 2);
        boolean slotMemory = Boolean.parseBoolean(System.getProperty("demand.catchup.slot-memory", "true"));
        List<List<DemandInput>> byDay = workload(skus, days);
        int inputs = byDay.stream().mapToInt(List::size).sum();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String jfr = System.getProperty("demand.catchup.jfr"); // a file: JFR profile of the last round
        jdk.jfr.Recording recording = null;
        for (int round = 1; round <= rounds; round++) { // the first round warms the JIT up
            var operator = new KeyedProcessOperator<>(new DemandFunction(DemandConfig.defaults()));
            KeyedOneInputStreamOperatorTestHarness<String, DemandInput, ReorderRecommendation> h;
            if (slotMemory) {
                // As in one slot of the cluster (flink-conf/config.yaml): its managed memory and RocksDB options.
                // The harness's default 3 MB of managed memory and no bloom filters make every read of an absent
                // key probe a pile of level-0 files, which measures that setup rather than the operator.
                Configuration cluster = GlobalConfiguration.loadConfiguration(
                        DemandDayCloseBenchmarkTest.flinkConfDir().toString());
                long managed = TaskExecutorProcessUtils.processSpecFromConfig(cluster).getManagedMemorySize().getBytes()
                        / cluster.get(TaskManagerOptions.NUM_TASK_SLOTS);
                MockEnvironment env = new MockEnvironmentBuilder().setTaskName("demand").setManagedMemorySize(managed)
                        .setMaxParallelism(128).setParallelism(1).setSubtaskIndex(0).build();
                h = new KeyedOneInputStreamOperatorTestHarness<>(operator, DemandInput::sku, Types.STRING, env);
                h.setStateBackend(new EmbeddedRocksDBStateBackend().configure(cluster, getClass().getClassLoader()));
            } else {
                h = new KeyedOneInputStreamOperatorTestHarness<>(operator, DemandInput::sku, Types.STRING);
                h.setStateBackend(new EmbeddedRocksDBStateBackend());
            }
            h.open();
            if (jfr != null && round == rounds) {
                recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                recording.start();
            }
            long cpu0 = mx.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            for (int d = 0; d < days; d++) {
                for (DemandInput in : byDay.get(d)) {
                    h.processElement(new StreamRecord<>(in, in.ts()));
                }
                if (d >= lagDays) {
                    h.processWatermark(new Watermark(T0 + (d - lagDays + 1) * DAY - 1));
                }
            }
            h.processWatermark(new Watermark(T0 + (days + 1) * DAY));
            long cpu = mx.getCurrentThreadCpuTime() - cpu0;
            long wall = System.nanoTime() - wall0;
            if (recording != null) {
                recording.stop();
                recording.dump(java.nio.file.Path.of(jfr));
                recording.close();
            }
            List<ReorderRecommendation> recs = h.extractOutputValues();
            int forecasts = DemandFunctionTest.forecasts(h).size();
            System.out.printf("demand catch-up on RocksDB, round %d: %d SKUs x %d days, %d inputs, watermark %d days"
                    + " behind: operator thread CPU %.2f s (%.1f µs per input), wall %.2f s; %d recommendations,"
                    + " %d forecasts%n", round, skus, days, inputs, lagDays, cpu / 1e9, cpu / 1e3 / inputs,
                    wall / 1e9, recs.size(), forecasts);
            assertTrue(forecasts >= skus * (days - 12), "every SKU forecasts once it has 12 closed days");
            // (The harness cannot count RocksDB state entries; EventTimeBufferTest and DemandFunctionTest do on the heap.)
            assertEquals(skus, h.numEventTimeTimers(), "only each SKU's open bucket timer is left");
            h.close();
        }
    }

    /** Per day, every SKU's inputs of that day in a shuffled arrival order; same seed, same workload. */
    static List<List<DemandInput>> workload(int skus, int days) {
        SplittableRandom random = new SplittableRandom(42);
        List<List<DemandInput>> byDay = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            List<DemandInput> day = new ArrayList<>();
            for (int s = 0; s < skus; s++) {
                String sku = "SKU-" + s;
                long start = T0 + d * DAY;
                if (d == 0) {
                    day.add(DemandInput.of(new ItemEvent("i-" + sku, Instant.ofEpochMilli(start), sku, "n", 2.5,
                            7 + s % 10, null, 5.0, 1.0, null, true, null)));
                    day.add(DemandInput.of(new StockEvent("c-" + sku, Instant.ofEpochMilli(start + 1), sku,
                            StockMovementType.COUNT, 200, null)));
                }
                int uses = random.nextInt(6); // 0..5 a day, ~2.5 on average
                for (int u = 0; u < uses; u++) {
                    long ts = start + random.nextLong(DAY);
                    day.add(DemandInput.of(new UsageEvent("u-" + sku + "-" + d + "-" + u, Instant.ofEpochMilli(ts), sku,
                            1 + random.nextInt(12), null, 2.5)));
                }
                if (random.nextInt(7) == 0) {
                    long ts = start + random.nextLong(DAY);
                    day.add(DemandInput.of(new StockEvent("r-" + sku + "-" + d, Instant.ofEpochMilli(ts), sku,
                            StockMovementType.RECEIPT, 60, null)));
                }
            }
            java.util.Collections.shuffle(day, new java.util.Random(d));
            byDay.add(day);
        }
        return byDay;
    }
}
