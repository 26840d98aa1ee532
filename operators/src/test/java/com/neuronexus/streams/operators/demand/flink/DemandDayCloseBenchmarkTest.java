package com.neuronexus.streams.operators.demand.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.neuronexus.streams.core.events.StockMovementType;
import com.neuronexus.streams.core.events.UsageEvent;
import com.neuronexus.streams.core.outputs.ReorderRecommendation;
import com.neuronexus.streams.operators.demand.DemandConfig;
import com.neuronexus.streams.operators.demand.DemandOutputs;
import com.neuronexus.streams.operators.testing.RecordsOnlyOutput;
import com.neuronexus.streams.operators.demand.SkuDemandEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Day close on RocksDB: N SKUs, each with {@value #HISTORY_DAYS} days of history in the demand operator's
 * RocksDB state, then the watermark passes the day end and every SKU closes its bucket and publishes a
 * forecast. Measures that close, start-up and preload excluded, on one operator instance (one subtask) or,
 * with {@code -Ddemand.bench.subtasks=2}, on two that close at once on threads of their own, each with the keys
 * keyBy would route to it, its own RocksDB instance and its own slot's memory, as a job at parallelism 2 has.
 *
 * <p>The preload writes a few dozen distinct engine states (built by running real series through the
 * forecaster; the state holds no SKU id) into each key, then sends each SKU one stock count so the
 * operator itself re-reads the state and registers the bucket-end timer, as it would in a live run.
 * {@code -Ddemand.bench.skus=1000000} for a big run; {@code -Ddemand.bench.timers=HEAP|ROCKSDB} overrides the
 * cluster's timer store, {@code -Ddemand.bench.set=key=value,...} other cluster options. The operator gets one slot's managed memory and the RocksDB options of
 * flink-conf/config.yaml, as on the cluster. Every output record is serialized as a task would send it,
 * then counted, not kept.
 */
class DemandDayCloseBenchmarkTest {
    static final long DAY = 86_400_000L;
    static final long T0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
    static final int HISTORY_DAYS = 30;
    static final int TEMPLATES = 32;
    static final int MAX_PARALLELISM = 128;

    @Test
    void dayCloseOnRocksDb(@TempDir Path rocksDbDir) throws Exception {
        int skus = Integer.getInteger("demand.bench.skus", 1_000);
        DemandConfig config = DemandConfig.defaults();
        byte[][] templates = new byte[TEMPLATES][];
        for (int t = 0; t < TEMPLATES; t++) {
            SkuDemandEngine engine = new SkuDemandEngine(config, "template");
            DemandOutputs none = new DemandOutputs() {
                public void forecast(com.neuronexus.streams.core.outputs.Forecast f) {}
                public void recommendation(ReorderRecommendation r) {}
                public void accuracy(com.neuronexus.streams.core.outputs.ForecastAccuracy a) {}
                public void signal(com.neuronexus.streams.core.events.Signal s) {}
            };
            for (int d = 0; d < HISTORY_DAYS; d++) {
                double qty = t % 4 == 3 ? (d * 7 + t) % 5 == 0 ? 3 + t % 7 : 0 : 5 + t + (d % 7 >= 5 ? 0 : 4) + (d * 13 + t) % 6;
                engine.onUsage(new UsageEvent("u", Instant.ofEpochMilli(T0 + d * DAY + 3_600_000L), "template", qty,
                        null, null), none);
                engine.closeBucket(none);
            }
            templates[t] = engine.toBytes();
        }
        long dayStart = T0 + HISTORY_DAYS * DAY;

        // The same close in plain Java (no Flink, no RocksDB): state bytes in, close, state bytes out.
        int plainRuns = Math.min(skus, 20_000);
        int[] emitted = new int[1];
        DemandOutputs counting = new DemandOutputs() {
            public void forecast(com.neuronexus.streams.core.outputs.Forecast f) {
                emitted[0]++;
            }
            public void recommendation(ReorderRecommendation r) {}
            public void accuracy(com.neuronexus.streams.core.outputs.ForecastAccuracy a) {}
            public void signal(com.neuronexus.streams.core.events.Signal s) {}
        };
        long plainStart = System.nanoTime();
        long stateBytes = 0;
        for (int i = 0; i < plainRuns; i++) {
            SkuDemandEngine engine = SkuDemandEngine.fromBytes(config, "SKU-" + i, templates[i % TEMPLATES]);
            engine.closeBucket(counting);
            stateBytes += engine.toBytes().length;
        }
        double plainSeconds = (System.nanoTime() - plainStart) / 1e9;
        System.out.printf("demand day close in plain Java: %d SKUs %.2f s (%.1f µs per SKU), state %d B per SKU%n",
                plainRuns, plainSeconds, plainSeconds * 1e6 / plainRuns, stateBytes / plainRuns);
        assertEquals(plainRuns, emitted[0]);

        // The subtask gets what one slot of the cluster's TaskManager gets (flink-conf/config.yaml): its share of
        // the managed memory, which RocksDB uses for its block cache and write buffers, and the RocksDB options
        // set there. The harness's own default (3 MB of managed memory) leaves RocksDB a 0.5 MB write buffer:
        // it flushes a memtable every ~150 SKUs and the close then waits on flushes and compaction.
        Configuration cluster = GlobalConfiguration.loadConfiguration(flinkConfDir().toString());
        // -Ddemand.bench.set=key=value,key=value tries other cluster options (e.g. RocksDB's) without editing config.yaml.
        for (String setting : System.getProperty("demand.bench.set", "").split(",")) {
            if (!setting.isBlank()) {
                int eq = setting.indexOf('=');
                cluster.set(org.apache.flink.configuration.ConfigOptions.key(setting.substring(0, eq).trim()).stringType()
                        .noDefaultValue(), setting.substring(eq + 1).trim());
                System.out.println("demand day close benchmark: " + setting.trim());
            }
        }
        long slotManagedMemory = TaskExecutorProcessUtils.processSpecFromConfig(cluster).getManagedMemorySize().getBytes()
                / cluster.get(TaskManagerOptions.NUM_TASK_SLOTS);
        int subtasks = Integer.getInteger("demand.bench.subtasks", 1);
        String timers = System.getProperty("demand.bench.timers");
        List<Subtask> parts = new ArrayList<>();
        long preloadStart = System.nanoTime();
        for (int index = 0; index < subtasks; index++) {
            parts.add(new Subtask(config, cluster, slotManagedMemory, subtasks, index, timers,
                    Files.createDirectories(rocksDbDir.resolve("subtask-" + index))));
        }
        // Each SKU goes to the subtask that owns its key group, as keyBy routes it on the cluster.
        for (int i = 0; i < skus; i++) {
            String sku = String.format("SKU-%07d", i);
            parts.get(KeyGroupRangeAssignment.assignKeyToParallelOperator(sku, MAX_PARALLELISM, subtasks))
                    .preload(sku, templates[i % TEMPLATES], dayStart);
        }
        long timersBefore = 0;
        for (Subtask part : parts) {
            part.harness.processWatermark(new Watermark(dayStart + 60_000L));
            part.output.reset();
            timersBefore += part.harness.numEventTimeTimers();
        }
        double preloadSeconds = (System.nanoTime() - preloadStart) / 1e9;
        assertEquals(skus, timersBefore, "one bucket-end timer per SKU");
        boolean heapTimers = parts.get(0).heapTimers;

        // The watermark passes the day end on every subtask at once, each on a thread of its own, as each
        // subtask of the job has its own task thread.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, Long> threadTicksStart = threadTicks();
        long processCpuStart = os.getProcessCpuTime();
        long[] operatorCpuNanos = new long[subtasks];
        Throwable[] failures = new Throwable[subtasks];
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int index = 0; index < subtasks; index++) {
            int k = index;
            Thread worker = new Thread(() -> {
                long cpuStart = threads.getCurrentThreadCpuTime();
                try {
                    parts.get(k).harness.processWatermark(new Watermark(dayStart + DAY));
                } catch (Throwable t) {
                    failures[k] = t;
                }
                operatorCpuNanos[k] = threads.getCurrentThreadCpuTime() - cpuStart;
            }, "day-close-subtask-" + k);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double closeSeconds = (System.nanoTime() - start) / 1e9;
        for (Throwable failure : failures) {
            if (failure != null) {
                throw new AssertionError("a subtask failed its close", failure);
            }
        }
        double closeCpuSeconds = java.util.Arrays.stream(operatorCpuNanos).sum() / 1e9;
        // The whole JVM, so RocksDB's flush and compaction threads and the garbage collector count too.
        double processCpuSeconds = (os.getProcessCpuTime() - processCpuStart) / 1e9;
        long published = 0;
        long publishedBytes = 0;
        long accuracyRows = 0;
        long recommendations = 0;
        long timersAfter = 0;
        for (Subtask part : parts) {
            published += part.output.count(DemandFunction.FORECASTS);
            publishedBytes += part.output.bytes(DemandFunction.FORECASTS);
            accuracyRows += part.output.count(DemandFunction.ACCURACY);
            recommendations += part.output.count(null);
            timersAfter += part.harness.numEventTimeTimers();
        }
        Map<String, Long> threadTicks = threadTicks();
        threadTicksStart.forEach((name, ticks) -> threadTicks.merge(name, -ticks, Long::sum));
        StringBuilder byThread = new StringBuilder();
        threadTicks.entrySet().stream().filter(e -> e.getValue() >= 5)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> byThread.append(String.format(" %s %.2f s,", e.getKey(), e.getValue() / 100.0)));
        long sstBytes;
        try (var files = Files.walk(rocksDbDir)) {
            sstBytes = files.filter(f -> f.toString().endsWith(".sst")).mapToLong(f -> f.toFile().length()).sum();
        }
        System.out.printf("demand day close: RocksDB SST files after the close %d MB (memtables not counted)%n",
                sstBytes >> 20);
        if (byThread.length() > 0) {
            System.out.println("demand day close CPU by thread (Linux, 10 ms ticks):" + byThread);
        }
        System.out.printf("demand day close on RocksDB: %d SKUs with %d days of history, %d subtask(s) on %d cores, %d MB managed"
                        + " memory each, timers in %s: close %.2f s (%.1f µs per SKU, %.0f SKUs/s), operator threads on CPU"
                        + " %.2f s (%.1f µs per SKU), process on CPU %.2f s (%.1f µs per SKU); preload %.1f s; %d forecasts (%.0f B serialized each), %d accuracy rows, %d recommendations%n", skus,
                HISTORY_DAYS, subtasks, Runtime.getRuntime().availableProcessors(), slotManagedMemory >> 20,
                heapTimers ? "heap" : "RocksDB", closeSeconds,
                closeSeconds * 1e6 / skus, skus / closeSeconds, closeCpuSeconds, closeCpuSeconds * 1e6 / skus,
                processCpuSeconds, processCpuSeconds * 1e6 / skus,
                preloadSeconds, published, publishedBytes / (double) Math.max(1, published), accuracyRows, recommendations);
        assertEquals(skus, published, "one forecast per SKU at the day end");
        assertEquals(skus, accuracyRows, "one accuracy row per SKU at the day end");
        assertEquals(skus, timersAfter, "each SKU's next bucket-end timer");
        for (Subtask part : parts) {
            part.close();
        }
    }

    /** One subtask of the demand operator: its own harness, RocksDB instance, slot memory and output. */
    static final class Subtask {
        final MockEnvironment environment;
        final CountingHarness harness;
        final SerializingOutput output;
        final boolean heapTimers;
        final KeyedStateBackend<String> backend;
        final ValueState<byte[]> state;

        Subtask(DemandConfig config, Configuration cluster, long slotManagedMemory, int subtasks, int index, String timers,
                Path rocksDbDir) throws Exception {
            environment = new MockEnvironmentBuilder().setTaskName("demand").setManagedMemorySize(slotManagedMemory)
                    .setMaxParallelism(MAX_PARALLELISM).setParallelism(subtasks).setSubtaskIndex(index).build();
            harness = new CountingHarness(new KeyedProcessOperator<>(new DemandFunction(config)), environment);
            output = new SerializingOutput(harness.getExecutionConfig().getSerializerConfig());
            harness.setOutputCreator(mainSerializer -> output.main(mainSerializer));
            EmbeddedRocksDBStateBackend rocksDb =
                    new EmbeddedRocksDBStateBackend().configure(cluster, DemandDayCloseBenchmarkTest.class.getClassLoader());
            if (timers != null) {
                rocksDb.setPriorityQueueStateType(EmbeddedRocksDBStateBackend.PriorityQueueStateType.valueOf(timers));
            }
            heapTimers = rocksDb.getPriorityQueueStateType() == EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP;
            rocksDb.setDbStoragePath(rocksDbDir.toString());
            harness.setStateBackend(rocksDb);
            harness.open();
            backend = harness.getOperator().getKeyedStateBackend();
            state = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                    new ValueStateDescriptor<>("demand-engine", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        }

        /** Writes a template engine state into the SKU, then a stock count makes the operator register its timer. */
        void preload(String sku, byte[] engineState, long dayStart) throws Exception {
            backend.setCurrentKey(sku);
            state.update(engineState);
            DemandInput count = DemandFunctionTest.stock(sku, dayStart + 60_000L, StockMovementType.COUNT, 100);
            harness.processElement(new StreamRecord<>(count, count.ts()));
        }

        void close() throws Exception {
            harness.close();
            environment.close();
        }
    }

    /**
     * The operator's output as a cluster task has it: every record, main or side output, is serialized once
     * by a serializer made once per output (as a task's record writers do), then counted and dropped (a
     * 1,000,000-SKU close would not fit the test's heap). The harness's own output instead builds a new
     * serializer for every side-output record and deep-copies it, which cost ~12 % of the close's operator
     * thread and has no counterpart on a cluster.
     */
    static final class SerializingOutput {
        private final SerializerConfig serializerConfig;
        private final Map<OutputTag<?>, TypeSerializer<?>> serializers = new HashMap<>();
        private final Map<OutputTag<?>, long[]> counts = new HashMap<>(); // null tag: the main output
        private final DataOutputSerializer buffer = new DataOutputSerializer(4096);

        SerializingOutput(SerializerConfig serializerConfig) {
            this.serializerConfig = serializerConfig;
        }

        long count(OutputTag<?> tag) {
            return counts.getOrDefault(tag, new long[2])[0];
        }

        long bytes(OutputTag<?> tag) {
            return counts.getOrDefault(tag, new long[2])[1];
        }

        void reset() {
            counts.clear();
        }

        @SuppressWarnings("unchecked")
        private <X> void write(OutputTag<X> tag, TypeSerializer<X> serializer, X value) {
            try {
                buffer.clear();
                serializer.serialize(value, buffer);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            long[] c = counts.computeIfAbsent(tag, t -> new long[2]);
            c[0]++;
            c[1] += buffer.length();
        }

        <T> Output<StreamRecord<T>> main(TypeSerializer<T> mainSerializer) {
            return new RecordsOnlyOutput<T>() {
                @Override
                public void collect(StreamRecord<T> record) {
                    write(null, mainSerializer, record.getValue());
                }

                @Override
                @SuppressWarnings("unchecked")
                public <X> void collect(OutputTag<X> tag, StreamRecord<X> record) {
                    TypeSerializer<X> serializer = (TypeSerializer<X>) serializers.computeIfAbsent(tag,
                            t -> t.getTypeInfo().createSerializer(serializerConfig));
                    write(tag, serializer, record.getValue());
                }
            };
        }
    }

    /** The keyed harness with the benchmark's output. */
    static final class CountingHarness extends KeyedOneInputStreamOperatorTestHarness<String, DemandInput, ReorderRecommendation> {
        CountingHarness(KeyedProcessOperator<String, DemandInput, ReorderRecommendation> operator, MockEnvironment env)
                throws Exception {
            super(operator, DemandInput::sku, Types.STRING, env);
        }
    }

    /**
     * CPU ticks (1/100 s) per thread name of this process, digits dropped so that pools add up (RocksDB's
     * flush and compaction threads, the JIT compilers, the garbage collector); empty where /proc is missing.
     */
    static Map<String, Long> threadTicks() {
        Map<String, Long> ticks = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "#");
                    ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                } catch (java.io.IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return ticks;
        }
        return ticks;
    }

    /** The repository's flink-conf/ (the cluster's config.yaml), found from the module's working directory. */
    static Path flinkConfDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("flink-conf").resolve("config.yaml"))) {
                return dir.resolve("flink-conf");
            }
        }
        throw new IllegalStateException("flink-conf/config.yaml not found above " + Path.of("").toAbsolutePath());
    }
}
