package com.neuronexus.streams.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.neuronexus.streams.connectors.io.KafkaTopicIo;
import com.neuronexus.streams.connectors.io.LoopbackConfig;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.settings.PlatformSettings;
import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.jobs.JobCatalog;
import com.neuronexus.streams.jobs.NexusJob;
import com.neuronexus.streams.tools.cli.CommandArgs;
import com.neuronexus.streams.tools.generator.GenerateCommand;
import com.neuronexus.streams.tools.infra.EmbeddedKafka;
import com.neuronexus.streams.tools.infra.FreePorts;
import com.neuronexus.streams.tools.kafka.LiveFeed;
import com.neuronexus.streams.tools.kafka.TopicLoader;
import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code ./nexus bench [--events N] [--out FILE] [--jobs a,b] [--parallelism P] [--rate R] [--latency-seconds S]}.
 *
 * <p>Throughput: one embedded broker is preloaded with a generated workload (N events), then the passthrough
 * job (Kafka → parse/validate → discard) and each analytics job read it from the start, bounded at the
 * preloaded end offsets, on a fresh MiniCluster with RocksDB. Events/s counts the events of the topics the
 * job reads over the job's wall time (start-up included). Latency: each job then runs live while the
 * workload is played in at a fixed rate with wall-clock timestamps; an output's latency is the time it is
 * consumed minus its Kafka timestamp (the event time it carries). Peak heap is the whole process's;
 * state bytes are the largest completed checkpoint's. A benchmark, not a test: figures go to a JSON file.
 */
public final class BenchCommand {
    private BenchCommand() {}

    public static int run(String[] args) throws Exception {
        CommandArgs parsed = CommandArgs.parse(args,
                Set.of("events", "out", "jobs", "parallelism", "rate", "latency-seconds", "days", "skus"), Set.of());
        long events = Long.parseLong(parsed.option("events", "300000"));
        Path out = Path.of(parsed.option("out", "bench-results/bench.json"));
        int parallelism = Integer.parseInt(parsed.option("parallelism", "2"));
        double rate = Double.parseDouble(parsed.option("rate", "1000"));
        int latencySeconds = Integer.parseInt(parsed.option("latency-seconds", "20"));
        List<String> jobs = new ArrayList<>();
        jobs.add("passthrough");
        String selected = parsed.option("jobs", String.join(",", JobCatalog.analytics().keySet()));
        Arrays.stream(selected.split(",")).map(String::trim).filter(s -> !s.isEmpty() && !s.equals("passthrough")).forEach(jobs::add);

        Path workload = Files.createTempDirectory("nexus-bench-workload");
        System.out.println("generating workload into " + workload);
        GenerateCommand.run(new String[] {"--out", workload.toString(), "--days", parsed.option("days", "28"),
                "--skus", parsed.option("skus", "500"), "--seed", "42"});
        Map<Topic, Long> lineCounts = countLines(workload);
        long available = lineCounts.values().stream().mapToLong(Long::longValue).sum();
        Map<Topic, Long> quota = new EnumMap<>(Topic.class);
        lineCounts.forEach((t, n) -> quota.put(t, available <= events ? n : Math.max(1, n * events / available)));

        ObjectNode report = Json.newObject();
        report.put("generated_at", Instant.now().toString());
        report.put("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB max heap");
        report.put("parallelism", parallelism);
        report.put("requested_events", events);

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(Topic.allTopicNames(), parallelism);
            Map<Topic, Long> loaded = preload(kafka.bootstrapServers(), workload, quota);
            ObjectNode loadedNode = report.putObject("loaded_events");
            loaded.forEach((t, n) -> loadedNode.put(t.topicName(), n));
            System.out.println("preloaded " + loaded.values().stream().mapToLong(Long::longValue).sum() + " events: " + loaded);

            ArrayNode results = report.putArray("jobs");
            double passthroughRate = Double.NaN;
            for (String job : jobs) {
                ObjectNode result = results.addObject();
                result.put("job", job);
                try {
                    Throughput t = throughput(job, kafka.bootstrapServers(), parallelism, loaded);
                    result.put("events", t.events);
                    result.put("seconds", round(t.seconds));
                    result.put("events_per_s", Math.round(t.events / t.seconds));
                    if (job.equals("passthrough")) {
                        passthroughRate = t.events / t.seconds;
                    }
                    result.put("ratio_to_passthrough", round(t.events / t.seconds / passthroughRate));
                    result.put("peak_heap_mb", t.peakHeapBytes / (1 << 20));
                    result.put("state_bytes", t.stateBytes);
                    result.put("reads", String.join(",", t.reads));
                    Latency l = latency(job, kafka.bootstrapServers(), parallelism, workload, rate, latencySeconds);
                    result.put("latency_outputs", l.count);
                    result.put("latency_p50_ms", l.p50);
                    result.put("latency_p99_ms", l.p99);
                } catch (Exception e) {
                    result.put("error", e.toString());
                    e.printStackTrace();
                }
                System.out.println(Json.toText(result));
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
        System.out.println("wrote " + out);
        return 0;
    }

    private record Throughput(long events, double seconds, long peakHeapBytes, long stateBytes, List<String> reads) {}

    private record Latency(long count, long p50, long p99) {}

    private static Settings settingsFor(String bootstrap, String group, boolean bounded, boolean latest) {
        return Settings.defaults()
                .with(PlatformSettings.KAFKA_BOOTSTRAP_SERVERS, bootstrap)
                .with(PlatformSettings.KAFKA_GROUP_ID_PREFIX, group)
                .with(PlatformSettings.KAFKA_STARTING_OFFSETS,
                        latest ? PlatformSettings.StartingOffsets.LATEST : PlatformSettings.StartingOffsets.EARLIEST)
                .with(PlatformSettings.KAFKA_BOUNDED, bounded)
                .with(PlatformSettings.JDBC_ENABLED, false);
    }

    private static Configuration clusterConfig(int restPort) {
        Configuration config = LoopbackConfig.create();
        config.setString("rest.port", String.valueOf(restPort));
        config.setString("state.backend.type", "rocksdb");
        config.setString("execution.checkpointing.interval", "2s");
        config.setString("execution.checkpointing.dir", Path.of(System.getProperty("java.io.tmpdir"), "nexus-bench-checkpoints").toUri().toString());
        config.setString("taskmanager.memory.managed.size", "256m");
        return config;
    }

    private static Throughput throughput(String jobName, String bootstrap, int parallelism, Map<Topic, Long> loaded) throws Exception {
        int restPort = FreePorts.pick();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, clusterConfig(restPort));
        Settings settings = settingsFor(bootstrap, "bench-" + jobName + "-" + System.nanoTime(), true, false);
        RecordingTopicIo io = new RecordingTopicIo(new KafkaTopicIo(settings, jobName));
        NexusJob job = JobCatalog.byName(jobName).create(settings, io);
        job.build(env);
        long inputEvents = io.reads.stream().mapToLong(t -> loaded.getOrDefault(t, 0L)).sum();

        AtomicBoolean done = new AtomicBoolean();
        AtomicLong peakHeap = new AtomicLong();
        AtomicLong stateBytes = new AtomicLong();
        long start = System.nanoTime();
        JobClient client = env.executeAsync("bench-" + jobName);
        Thread monitor = new Thread(() -> monitor(client.getJobID(), restPort, done, peakHeap, stateBytes), "bench-monitor");
        monitor.setDaemon(true);
        monitor.start();
        client.getJobExecutionResult().get();
        double seconds = (System.nanoTime() - start) / 1e9;
        done.set(true);
        monitor.join(2_000);
        return new Throughput(inputEvents, seconds, peakHeap.get(), stateBytes.get(),
                io.reads.stream().map(Topic::topicName).toList());
    }

    private static void monitor(JobID jobId, int restPort, AtomicBoolean done, AtomicLong peakHeap, AtomicLong stateBytes) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        var memory = ManagementFactory.getMemoryMXBean();
        long lastPoll = 0;
        while (!done.get()) {
            peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            if (System.currentTimeMillis() - lastPoll > 1000) {
                lastPoll = System.currentTimeMillis();
                try {
                    var response = http.send(HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + restPort + "/jobs/" + jobId + "/checkpoints")).timeout(Duration.ofSeconds(1)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    JsonNode completed = Json.readTree(response.body()).path("latest").path("completed");
                    long size = completed.path("state_size").asLong(completed.path("checkpointed_size").asLong(0));
                    stateBytes.accumulateAndGet(size, Math::max);
                } catch (Exception e) {
                    // not up yet, or finished
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Latency latency(String jobName, String bootstrap, int parallelism, Path workload, double rate, int seconds)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, clusterConfig(FreePorts.pick()));
        Settings settings = settingsFor(bootstrap, "bench-live-" + jobName + "-" + System.nanoTime(), false, true);
        RecordingTopicIo io = new RecordingTopicIo(new KafkaTopicIo(settings, jobName));
        JobCatalog.byName(jobName).create(settings, io).build(env);
        if (io.writes.isEmpty()) {
            return new Latency(0, -1, -1);
        }
        JobClient client = env.executeAsync("bench-live-" + jobName);
        List<Long> latencies = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            consumer.subscribe(io.writes.stream().map(Topic::topicName).toList());
            consumer.poll(Duration.ofMillis(500)); // join the group at the latest offsets before traffic starts
            Thread.sleep(3_000); // let the job's sources start
            try (LiveFeed feed = new LiveFeed(LiveFeed.files(workload), bootstrap, rate, Long.MAX_VALUE).start()) {
                long end = System.currentTimeMillis() + seconds * 1000L;
                while (System.currentTimeMillis() < end) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        long now = System.currentTimeMillis();
                        if (record.timestamp() > 0 && record.timestamp() > now - 600_000) {
                            latencies.add(now - record.timestamp());
                        }
                    }
                }
            }
        } finally {
            client.cancel().get();
        }
        if (latencies.isEmpty()) {
            return new Latency(0, -1, -1);
        }
        latencies.sort(Long::compare);
        return new Latency(latencies.size(), percentile(latencies, 0.50), percentile(latencies, 0.99));
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-latency-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static long percentile(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private static Map<Topic, Long> preload(String bootstrap, Path workload, Map<Topic, Long> quota) throws Exception {
        Map<Topic, Long> loaded = new EnumMap<>(Topic.class);
        try (TopicLoader loader = new TopicLoader(bootstrap)) {
            for (var entry : quota.entrySet()) {
                Topic topic = entry.getKey();
                long n = 0;
                try (BufferedReader reader = Files.newBufferedReader(workload.resolve(topic.fileName()), StandardCharsets.ISO_8859_1)) {
                    String line;
                    while (n < entry.getValue() && (line = reader.readLine()) != null) {
                        if (!line.isBlank()) {
                            loader.send(topic, line.getBytes(StandardCharsets.ISO_8859_1));
                            n++;
                        }
                    }
                }
                loaded.put(topic, n);
            }
            loader.flush();
        }
        return loaded;
    }

    private static Map<Topic, Long> countLines(Path dir) throws Exception {
        Map<Topic, Long> counts = new EnumMap<>(Topic.class);
        for (Topic topic : Topic.inputs()) {
            Path file = dir.resolve(topic.fileName());
            if (Files.isRegularFile(file)) {
                try (var lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
                    counts.put(topic, lines.filter(l -> !l.isBlank()).count());
                }
            }
        }
        return counts;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

}
