package com.neuronexus.streams.operators.demand.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.neuronexus.streams.core.outputs.ForecastAccuracy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The overall-accuracy operator catching up on RocksDB (the cluster's slot memory and options): every SKU's row for
 * each day, the watermark {@code lag-days} behind and advancing {@code step-days} at a time, so one watermark step
 * passes several instants. Thread CPU per row of this implementation and of the one-list drain before it
 * ({@link OldAccuracyOverallFunction}, kept here as the reference), and the same output records with the same
 * timestamps from both. {@code -Dacc.skus=200 -Dacc.days=100 -Dacc.lag-days=10 -Dacc.step-days=10 -Dacc.rounds=3}.
 */
class AccuracyOverallBenchmarkTest {
    @Test
    void catchUp() throws Exception {
        int skus = Integer.getInteger("acc.skus", 50);
        int days = Integer.getInteger("acc.days", 60);
        int lag = Integer.getInteger("acc.lag-days", 10);
        int step = Integer.getInteger("acc.step-days", 10);
        int rounds = Integer.getInteger("acc.rounds", 1);
        long day = 86_400_000L;
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        String byStep = "[{\"bias\":-0.032997,\"mape\":1.649839,\"mase\":0.032997,\"scored\":1.0,\"step\":1,\"wape\":1.649839}]";
        List<List<ForecastAccuracy>> byDay = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            List<ForecastAccuracy> rows = new ArrayList<>();
            for (int s = 0; s < skus; s++) {
                rows.add(new ForecastAccuracy(String.format("SKU-%05d", (s * 37) % skus), t0.plusMillis(d * day), "DAY", 1,
                        1.0 + (s * 13 + d) % 17, 2.0, 0.1, -0.03, byStep, null, null, null, null, false));
            }
            byDay.add(rows);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= rounds; round++) {
            List<List<String>> outputs = new ArrayList<>();
            for (String impl : List.of("old", "new")) {
                KeyedProcessFunction<String, ForecastAccuracy, ForecastAccuracy> f = impl.equals("old")
                        ? new OldAccuracyOverallFunction(1.5) : new AccuracyOverallFunction(1.5);
                Configuration cluster = GlobalConfiguration.loadConfiguration(
                        DemandDayCloseBenchmarkTest.flinkConfDir().toString());
                long managed = TaskExecutorProcessUtils.processSpecFromConfig(cluster).getManagedMemorySize().getBytes()
                        / cluster.get(TaskManagerOptions.NUM_TASK_SLOTS);
                MockEnvironment env = new MockEnvironmentBuilder().setTaskName("acc").setManagedMemorySize(managed)
                        .setMaxParallelism(128).setParallelism(1).setSubtaskIndex(0).build();
                var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(f),
                        (ForecastAccuracy r) -> AccuracyOverallFunction.GLOBAL_KEY, Types.STRING, env);
                h.setStateBackend(new EmbeddedRocksDBStateBackend().configure(cluster, getClass().getClassLoader()));
                h.open();
                long cpu0 = mx.getCurrentThreadCpuTime();
                for (int d = 0; d < days; d++) {
                    for (ForecastAccuracy r : byDay.get(d)) {
                        h.processElement(new StreamRecord<>(r, r.asOf().toEpochMilli()));
                    }
                    if (d >= lag && (d - lag) % step == 0) {
                        h.processWatermark(new Watermark(t0.toEpochMilli() + (d - lag) * day));
                    }
                }
                h.processWatermark(new Watermark(t0.toEpochMilli() + days * day));
                long cpu = mx.getCurrentThreadCpuTime() - cpu0;
                List<String> records = new ArrayList<>();
                for (Object o : h.getOutput()) {
                    if (o instanceof StreamRecord<?> r) {
                        records.add(r.getTimestamp() + " " + r.getValue());
                    }
                }
                outputs.add(records);
                int out = records.size();
                System.out.printf("accuracy overall %s round %d: %d rows, %d out, %.1f us CPU per row (lag %d, step %d)%n",
                        impl, round, skus * days, out, cpu / 1e3 / (skus * days), lag, step);
                h.close();
            }
            assertEquals(skus * days + days, outputs.get(0).size(), "every row and one overall row per day");
            assertEquals(outputs.get(0), outputs.get(1), "same records, same timestamps as the one-list drain");
        }
    }
}
