package com.neuronexus.streams.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.neuronexus.streams.connectors.io.KafkaTopicIo;
import com.neuronexus.streams.connectors.io.LoopbackConfig;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.jobs.OpsJob;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.settings.PlatformSettings;
import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.jobs.JobCatalog;
import com.neuronexus.streams.jobs.JobLauncher;
import com.neuronexus.streams.jobs.NexusJob;
import com.neuronexus.streams.tools.cli.CommandArgs;
import com.neuronexus.streams.tools.generator.GenerateCommand;
import com.neuronexus.streams.tools.generator.WorkloadGenerator;
import com.neuronexus.streams.tools.infra.ClusterRocksDbOptions;
import com.neuronexus.streams.tools.infra.Dirs;
import com.neuronexus.streams.tools.infra.EmbeddedKafka;
import com.neuronexus.streams.tools.infra.FreePorts;
import com.neuronexus.streams.tools.kafka.LiveFeed;
import com.neuronexus.streams.tools.kafka.TopicLoader;
import com.neuronexus.streams.tools.kafka.WorkloadFiles;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * {@code ./nexus bench [--events N] [--out FILE] [--jobs a,b] [--parallelism P] [--rate R] [--latency-seconds S]
 * [--checkpoint-seconds C] [--ops-intensities 10,100]}.
 *
 * <p>For each analytics job, on one embedded broker: the job's own input topics (under a topic prefix of
 * its own) are preloaded with N events of a generated workload — repeated with shifted timestamps and
 * fresh event ids when the workload is smaller — and then two runs read them from the start, bounded at
 * the preloaded end offsets, each on a fresh MiniCluster with RocksDB as flink-conf/config.yaml tunes it and checkpoints every
 * {@code --checkpoint-seconds} (default 10, as the cluster config): the
 * passthrough job (parse, validate, discard) and the job itself. Events/s is N over the wall time from
 * submission to the end, start-up included (also given: the rate after every task reports RUNNING). Then the job runs live while its topics are fed at
 * {@code --rate} events/s stamped with the wall clock; an output's latency is the time it is consumed
 * minus its Kafka timestamp (the event time it carries). Peak heap is the process's; state bytes are the
 * largest completed checkpoint's. A benchmark, not a test: the figures go to a JSON file.
 *
 * <p>The ops job is measured again on workloads whose request traffic is {@code --ops-intensities} times the
 * generator's (its cost per request falls as more requests share a route's 10 s pane), in {@code by_request_density}.
 * {@code output_records_per_event} counts the records the throughput run wrote to the job's output topics. Every ops
 * row also measures {@link OpsOutputFloorJob} (the passthrough plus writing that many records), {@code output_floor_*},
 * and the ops job with its outputs discarded ({@link DiscardingOutputs}), {@code without_output_*}.
 *
 * <p>{@code alerts} is the signal → webhook path: the incident and alert jobs live together, see
 * {@link SignalWebhookBench}.
 */
public final class BenchCommand {
    private BenchCommand() {}

    public static int run(String[] args) throws Exception {
        CommandArgs parsed = CommandArgs.parse(args,
                Set.of("events", "out", "jobs", "parallelism", "rate", "latency-seconds", "checkpoint-seconds", "days", "skus", "ops-intensities"),
                Set.of());
        long events = Long.parseLong(parsed.option("events", "200000"));
        Path out = Path.of(parsed.option("out", "bench-results/bench.json"));
        int parallelism = Integer.parseInt(parsed.option("parallelism", "2"));
        double rate = Double.parseDouble(parsed.option("rate", "1000"));
        int latencySeconds = Integer.parseInt(parsed.option("latency-seconds", "20"));
        // Every checkpoint snapshots each RocksDB instance synchronously (one per keyed operator and subtask):
        // the interval is part of what is measured, so it defaults to the cluster config's.
        Duration checkpointInterval = Duration.ofSeconds(Long.parseLong(parsed.option("checkpoint-seconds", "10")));
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("--checkpoint-seconds must be at least 1");
        }
        List<String> jobs = Arrays.stream(parsed.option("jobs", "demand,ops,audit,invariants,incidents,alerts").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        // The generator's request traffic (about 3 a minute per service, for the sandbox and the labelled anomalies)
        // leaves most 10 s panes of a route with no or one request; the ops job's cost per request depends on that
        // density, so its throughput is also measured at these multiples of it ("none" to skip).
        String intensitiesOption = parsed.option("ops-intensities", "10,100");
        List<Double> opsIntensities = intensitiesOption.equals("none") ? List.of()
                : Arrays.stream(intensitiesOption.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .map(BenchCommand::intensity).toList();
        for (double intensity : opsIntensities) {
            if (!(intensity > 0) || Double.isInfinite(intensity)) {
                throw new IllegalArgumentException("--ops-intensities must be positive numbers, was " + intensity);
            }
        }
        int skus = Integer.parseInt(parsed.option("skus", "200"));

        Path workload = Files.createTempDirectory("nexus-bench-workload");
        System.out.println("generating workload into " + workload);
        generate(workload, Integer.parseInt(parsed.option("days", "28")), skus, 1.0);
        SignalWorkload.write(workload, 20_000);

        ObjectNode report = Json.newObject();
        report.put("generated_at", Instant.now().toString());
        report.put("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB max heap");
        report.put("parallelism", parallelism);
        report.put("events_per_job", events);
        report.put("live_rate_per_s", rate);
        report.put("kafka_delivery", "AT_LEAST_ONCE");
        report.put("checkpoint_interval_s", checkpointInterval.toSeconds());
        ArrayNode results = report.putArray("jobs");

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            runJobs(jobs, kafka, workload, events, parallelism, rate, latencySeconds, checkpointInterval, results);
            if (jobs.contains("ops")) {
                ObjectNode ops = null;
                for (JsonNode r : results) {
                    if (r.path("job").asText().equals("ops")) {
                        ops = (ObjectNode) r;
                    }
                }
                if (ops != null) {
                    opsByRequestDensity(kafka, skus, opsIntensities, events, parallelism, checkpointInterval,
                            ops.putArray("by_request_density"));
                }
            }
        } finally {
            Dirs.deleteQuietly(workload);
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
        System.out.println("wrote " + out);
        return 0;
    }

    private static void generate(Path dir, int days, int skus, double intensity) {
        int exit = GenerateCommand.run(new String[] {"--out", dir.toString(), "--days", String.valueOf(days),
                "--skus", String.valueOf(skus), "--seed", "42", "--intensity", String.valueOf(intensity),
                // far enough in the past that replayed copies of the workload never reach the future
                "--start", "2018-01-01T00:00:00Z"});
        if (exit != 0) {
            throw new IllegalStateException("workload generation failed with exit code " + exit);
        }
    }

    private static double intensity(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--ops-intensities must be positive numbers separated by commas, or none; was '" + text + "'");
        }
    }

    /**
     * The ops job's throughput against the passthrough at several request densities: a workload generated with the
     * request traffic multiplied by each intensity (the other topics unchanged), enough days of it for N events.
     * Each density has its own topics, so every figure is a fresh read of its own preloaded input.
     */
    private static void opsByRequestDensity(EmbeddedKafka kafka, int skus, List<Double> intensities, long events,
            int parallelism, Duration checkpointInterval, ArrayNode out) throws Exception {
        RecordingTopicIo wiring = wiringOf("ops");
        Set<Topic> inputs = wiring.reads;
        for (int i = 0; i < intensities.size(); i++) {
            double intensity = intensities.get(i);
            ObjectNode row = out.addObject();
            row.put("request_intensity", intensity);
            double requestsPerSecond = WorkloadGenerator.requestsPerSecond(intensity);
            row.put("requests_per_s_of_event_time", round(requestsPerSecond));
            row.put("requests_per_route_per_10s", round(requestsPerSecond * 10 / WorkloadGenerator.routeCount()));
            double opsEventsPerDay = (requestsPerSecond + WorkloadGenerator.metricsPerSecond()) * 86_400;
            int days = (int) Math.max(1, Math.min(28, Math.ceil(events * 1.1 / opsEventsPerDay)));
            Path workload = Files.createTempDirectory("nexus-bench-density");
            try {
                System.out.println("generating " + days + " days at request intensity " + intensity + " into " + workload);
                generate(workload, days, skus, intensity);
                // one prefix per row: a repeated intensity must not read the topics an earlier row filled
                String prefix = "bench-ops-d" + i + "-x" + String.valueOf(intensity).replace('.', '_') + ".";
                kafka.createTopics(Topic.allTopicNames().stream().map(t -> prefix + t).toList(), parallelism);
                long loaded = preload(kafka.bootstrapServers(), prefix, workload, inputs, events);
                row.put("events", loaded);
                Throughput passthrough = throughput("passthrough", kafka.bootstrapServers(), prefix, parallelism, loaded,
                        checkpointInterval);
                Written before = Written.now(kafka.bootstrapServers(), prefix, wiring);
                Throughput t = throughput("ops", kafka.bootstrapServers(), prefix, parallelism, loaded, checkpointInterval);
                putThroughput(row, passthrough, t);
                double recordsPerEvent = Written.now(kafka.bootstrapServers(), prefix, wiring).putSince(before, row, loaded);
                putOpsBounds(kafka.bootstrapServers(), prefix, parallelism, loaded, checkpointInterval, passthrough,
                        recordsPerEvent, row);
            } catch (Exception e) {
                row.put("error", e.toString());
                e.printStackTrace();
            } finally {
                Dirs.deleteQuietly(workload);
            }
            System.out.println(Json.toText(row));
        }
    }

    /** The figures of a throughput pair, with start-up (the conservative, comparable one) and after it. */
    private static void putThroughput(ObjectNode result, Throughput passthrough, Throughput t) {
        // Wall time from submission to the end, start-up included: the conservative, comparable figure.
        result.put("passthrough_events_per_s", Math.round(passthrough.eventsPerSecondWithStartup()));
        result.put("events_per_s", Math.round(t.eventsPerSecondWithStartup()));
        result.put("ratio_to_passthrough",
                round(t.eventsPerSecondWithStartup() / passthrough.eventsPerSecondWithStartup()));
        result.put("wall_seconds", round(t.seconds + t.startupSeconds));
        result.put("passthrough_wall_seconds", round(passthrough.seconds + passthrough.startupSeconds));
        // Once every task reports RUNNING (polled over REST every 50 ms: rough for short runs).
        result.put("events_per_s_after_start", Math.round(t.eventsPerSecond()));
        result.put("passthrough_events_per_s_after_start", Math.round(passthrough.eventsPerSecond()));
        // Start-up (task deployment, RocksDB opening) is a fixed cost that a short run is dominated by.
        result.put("ratio_after_start", round(t.eventsPerSecond() / passthrough.eventsPerSecond()));
        result.put("startup_seconds", round(t.startupSeconds));
        // Seen in the exception history (polled every second: a failure in the last second of a run can be missed).
        result.put("task_failures", t.failures);
        result.put("passthrough_task_failures", passthrough.failures);
    }

    /**
     * Two bounds on the ops job, on the same input. The output floor ({@link OpsOutputFloorJob}): the passthrough
     * plus writing the records the ops job wrote; its ratio bounds what any ops job can reach here, whatever its
     * analytics cost. The ops job without output ({@link DiscardingOutputs}): every operator of the job, no record
     * serialized or written; its ratio bounds what this job's analytics can reach however cheap the output.
     */
    private static void putOpsBounds(String bootstrap, String prefix, int parallelism, long events,
            Duration checkpointInterval, Throughput passthrough, double recordsPerEvent, ObjectNode result) throws Exception {
        String latencyWindows = prefix + Topic.LATENCY_WINDOWS.topicName();
        long before = recordsIn(bootstrap, List.of(latencyWindows));
        Throughput floor = throughput("ops-output-floor", (settings, io) -> new OpsOutputFloorJob(settings, io, recordsPerEvent),
                bootstrap, prefix, parallelism, events, checkpointInterval);
        // what it wrote, to check it wrote what the ops job did
        result.put("output_floor_records_per_event", round((recordsIn(bootstrap, List.of(latencyWindows)) - before) / (double) events));
        putBound("output_floor", floor, passthrough, result);
        Throughput withoutOutput = throughput("ops-without-output", (settings, io) -> new OpsJob(settings, new DiscardingOutputs(io)),
                bootstrap, prefix, parallelism, events, checkpointInterval);
        putBound("without_output", withoutOutput, passthrough, result);
    }

    private static void putBound(String name, Throughput t, Throughput passthrough, ObjectNode result) {
        result.put(name + "_events_per_s", Math.round(t.eventsPerSecondWithStartup()));
        result.put(name + "_ratio_to_passthrough", round(t.eventsPerSecondWithStartup() / passthrough.eventsPerSecondWithStartup()));
        result.put(name + "_wall_seconds", round(t.seconds + t.startupSeconds));
        result.put(name + "_task_failures", t.failures);
    }

    /** Records in the job's output topics and in its inputs' dead-letter topics under the prefix (end offsets). */
    private record Written(long outputs, long deadLetters) {
        static Written now(String bootstrap, String prefix, RecordingTopicIo wiring) {
            return new Written(recordsIn(bootstrap, wiring.writes.stream().map(t -> prefix + t.topicName()).toList()),
                    recordsIn(bootstrap, wiring.reads.stream().map(t -> prefix + t.deadLetterTopic()).toList()));
        }

        /**
         * What the job's throughput run wrote per input event (the passthrough dead-letters too, hence the
         * difference). A run that dead-letters much of its input measures nothing.
         */
        double putSince(Written before, ObjectNode result, long events) {
            double recordsPerEvent = (outputs - before.outputs) / (double) events;
            result.put("output_records_per_event", round(recordsPerEvent));
            result.put("dead_letters_per_event", round4((deadLetters - before.deadLetters) / (double) events));
            return recordsPerEvent;
        }
    }

    private static long recordsIn(String bootstrap, List<String> topics) {
        List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            for (String topic : topics) {
                for (var info : consumer.partitionsFor(topic)) {
                    partitions.add(new org.apache.kafka.common.TopicPartition(info.topic(), info.partition()));
                }
            }
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Benchmarks each job in turn on one broker; a job that fails records its error and the next one runs. */
    private static void runJobs(List<String> jobs, EmbeddedKafka kafka, Path workload, long events, int parallelism,
            double rate, int latencySeconds, Duration checkpointInterval, ArrayNode results) {
        for (String job : jobs) {
            ObjectNode result = results.addObject();
            result.put("job", job);
            try {
                if (SignalWebhookBench.JOB.equals(job)) {
                    SignalWebhookBench.run(kafka, parallelism, events, rate, latencySeconds, checkpointInterval, result);
                    System.out.println(Json.toText(result));
                    continue;
                }
                String prefix = "bench-" + job + ".";
                List<String> topics = Topic.allTopicNames().stream().map(t -> prefix + t).toList();
                kafka.createTopics(topics, parallelism);
                RecordingTopicIo wiring = wiringOf(job);
                Set<Topic> inputs = wiring.reads;
                long loaded = preload(kafka.bootstrapServers(), prefix, workload, inputs, events);
                result.put("events", loaded);
                result.put("reads", String.join(",", inputs.stream().map(Topic::topicName).toList()));

                Throughput passthrough = throughput("passthrough", kafka.bootstrapServers(), prefix, parallelism, loaded,
                        checkpointInterval);
                Written before = Written.now(kafka.bootstrapServers(), prefix, wiring);
                Throughput t = throughput(job, kafka.bootstrapServers(), prefix, parallelism, loaded, checkpointInterval);
                putThroughput(result, passthrough, t);
                // before the live run writes to the same topics
                double recordsPerEvent = Written.now(kafka.bootstrapServers(), prefix, wiring).putSince(before, result, loaded);
                if (job.equals("ops")) {
                    putOpsBounds(kafka.bootstrapServers(), prefix, parallelism, loaded, checkpointInterval, passthrough,
                            recordsPerEvent, result);
                    double requestsPerSecond = WorkloadGenerator.requestsPerSecond(1.0);
                    result.put("request_intensity", 1.0);
                    result.put("requests_per_route_per_10s", round(requestsPerSecond * 10 / WorkloadGenerator.routeCount()));
                }
                result.put("peak_heap_mb", t.peakHeapBytes / (1 << 20));
                if (t.stateBytes > 0) {
                    result.put("state_bytes", t.stateBytes);
                } else {
                    // A run shorter than the checkpoint interval completes none: no figure rather than 0 bytes.
                    result.putNull("state_bytes");
                    result.put("state_bytes_note", "no checkpoint completed during the run; try --checkpoint-seconds 2");
                }
                Latency l = latency(job, kafka.bootstrapServers(), prefix, parallelism, workload, inputs, rate, latencySeconds,
                        checkpointInterval);
                result.put("latency_outputs", l.count);
                result.put("latency_p50_ms", l.p50);
                result.put("latency_p99_ms", l.p99);
                if (l.probe != null) {
                    result.put("detection_injected", l.probe.injected());
                    result.put("detection_signals", l.probe.delays().size());
                    result.put("detection_delay_p50_ms", l.probe.delays().isEmpty() ? -1 : percentile(l.probe.delays(), 0.50));
                    result.put("detection_delay_p99_ms", l.probe.delays().isEmpty() ? -1 : percentile(l.probe.delays(), 0.99));
                }
                if (l.bursts != null) {
                    List<Long> fromFirst = l.bursts.delaysFromFirstError();
                    List<Long> fromTip = l.bursts.delaysFromTippingRequest();
                    result.put("error_bursts_injected", l.bursts.injected());
                    result.put("error_bursts_signalled", fromFirst.size());
                    result.put("error_burst_delay_from_first_error_p50_ms", fromFirst.isEmpty() ? -1 : percentile(fromFirst, 0.50));
                    result.put("error_burst_delay_from_first_error_max_ms", fromFirst.isEmpty() ? -1 : fromFirst.get(fromFirst.size() - 1));
                    result.put("error_burst_delay_from_tipping_error_p50_ms", fromTip.isEmpty() ? -1 : percentile(fromTip, 0.50));
                    result.put("error_burst_delay_from_tipping_error_max_ms", fromTip.isEmpty() ? -1 : fromTip.get(fromTip.size() - 1));
                }
            } catch (Exception e) {
                result.put("error", e.toString());
                e.printStackTrace();
            }
            System.out.println(Json.toText(result));
        }
    }

    record Throughput(long events, double seconds, double startupSeconds, long peakHeapBytes, long stateBytes, long failures) {
        double eventsPerSecond() {
            return events / seconds;
        }

        double eventsPerSecondWithStartup() {
            return events / (seconds + startupSeconds);
        }
    }

    /** {@code probe}, {@code bursts}: the detection-delay probes, for the ops job only (else null). */
    private record Latency(long count, long p50, long p99, DetectionProbe probe, ErrorBurstProbe bursts) {}

    /** The topics a job reads and writes, found by building it against a recording wiring. */
    private static RecordingTopicIo wiringOf(String job) {
        Settings settings = Settings.defaults().with(PlatformSettings.JDBC_ENABLED, false);
        RecordingTopicIo io = new RecordingTopicIo(new KafkaTopicIo(settings, job));
        JobCatalog.byName(job).create(settings, io).build(StreamExecutionEnvironment.getExecutionEnvironment());
        return io;
    }

    private static Settings settingsFor(String bootstrap, String prefix, String group, boolean bounded, boolean latest) {
        return Settings.defaults()
                .with(PlatformSettings.KAFKA_BOOTSTRAP_SERVERS, bootstrap)
                .with(PlatformSettings.KAFKA_TOPIC_PREFIX, prefix)
                .with(PlatformSettings.KAFKA_GROUP_ID_PREFIX, group)
                .with(PlatformSettings.KAFKA_STARTING_OFFSETS,
                        latest ? PlatformSettings.StartingOffsets.LATEST : PlatformSettings.StartingOffsets.EARLIEST)
                .with(PlatformSettings.KAFKA_BOUNDED, bounded)
                .with(PlatformSettings.JDBC_ENABLED, false);
    }

    private static Configuration clusterConfig(int restPort, Duration checkpointInterval) {
        Configuration config = LoopbackConfig.create();
        config.setString("rest.port", String.valueOf(restPort));
        config.setString("state.backend.type", "rocksdb");
        ClusterRocksDbOptions.applyTo(config);
        config.setString("execution.checkpointing.interval", checkpointInterval.toMillis() + " ms");
        // A bounded run's tasks otherwise wait for one more checkpoint after their input ends (Flink's final
        // checkpoint, for two-phase-commit sinks): up to a whole interval of idle wall time at a random phase, 0-10 s
        // on runs of 5-40 s. flink-benchmarks turns it off for the same reason. Nothing here needs it: the Kafka
        // sinks deliver AT_LEAST_ONCE and flush at the end of input, and the bench writes no tables.
        config.setString("execution.checkpointing.checkpoints-after-tasks-finish", "false");
        config.setString("execution.checkpointing.dir",
                Path.of(System.getProperty("java.io.tmpdir"), "nexus-bench-checkpoints").toUri().toString());
        config.setString("taskmanager.memory.managed.size", "256m");
        config.setString("metrics.fetcher.update-interval", "1000");
        return config;
    }

    static Throughput throughput(String jobName, String bootstrap, String prefix, int parallelism, long events,
            Duration checkpointInterval)
            throws Exception {
        return throughput(jobName, JobCatalog.byName(jobName), bootstrap, prefix, parallelism, events, checkpointInterval);
    }

    static Throughput throughput(String jobName, JobLauncher.JobFactory job, String bootstrap, String prefix, int parallelism,
            long events, Duration checkpointInterval)
            throws Exception {
        int restPort = FreePorts.pick();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, clusterConfig(restPort, checkpointInterval));
        Settings settings = settingsFor(bootstrap, prefix, "bench-" + jobName + "-" + System.nanoTime(), true, false);
        JobLauncher.configure(env, settings);
        job.create(settings, new KafkaTopicIo(settings, jobName)).build(env);

        AtomicBoolean done = new AtomicBoolean();
        AtomicLong peakHeap = new AtomicLong();
        AtomicLong stateBytes = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong runningAt = new AtomicLong();
        long start = System.nanoTime();
        JobClient client = env.executeAsync("bench-" + jobName);
        Thread monitor = new Thread(() -> monitor(client.getJobID(), restPort, done, peakHeap, stateBytes, failures, runningAt),
                "bench-monitor");
        monitor.setDaemon(true);
        monitor.start();
        client.getJobExecutionResult().get();
        long end = System.nanoTime();
        done.set(true);
        monitor.join(2_000);
        long running = runningAt.get() > 0 ? runningAt.get() : start;
        return new Throughput(events, (end - running) / 1e9, (running - start) / 1e9, peakHeap.get(), stateBytes.get(),
                failures.get());
    }

    /** The exception lines of a stack trace, and the first frames of its root cause: enough to find the race. */
    static List<String> rootCauseLines(String stacktrace) {
        List<String> lines = stacktrace.lines().toList();
        List<String> out = new ArrayList<>(lines.stream().filter(l -> !l.startsWith("\tat ") && !l.startsWith("\t...")).toList());
        int root = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("Caused by:")) {
                root = i;
            }
        }
        lines.stream().skip(root + 1).limit(12).forEach(out::add);
        return out;
    }

    /** Samples heap, notes when every task runs, and keeps the largest completed checkpoint's size. */
    private static void monitor(JobID jobId, int restPort, AtomicBoolean done, AtomicLong peakHeap, AtomicLong stateBytes,
            AtomicLong failures,
            AtomicLong runningAt) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        var memory = ManagementFactory.getMemoryMXBean();
        long lastCheckpointPoll = 0;
        while (!done.get()) {
            peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            try {
                String base = "http://127.0.0.1:" + restPort + "/jobs/" + jobId;
                if (runningAt.get() == 0) {
                    JsonNode job = get(http, base);
                    boolean allRunning = job.path("vertices").size() > 0;
                    for (JsonNode v : job.path("vertices")) {
                        allRunning &= v.path("status").asText().equals("RUNNING") || v.path("status").asText().equals("FINISHED");
                    }
                    if (allRunning) {
                        runningAt.set(System.nanoTime());
                    }
                }
                if (System.currentTimeMillis() - lastCheckpointPoll > 1000) {
                    lastCheckpointPoll = System.currentTimeMillis();
                    JsonNode completed = get(http, base + "/checkpoints").path("latest").path("completed");
                    long size = completed.path("state_size").asLong(completed.path("checkpointed_size").asLong(0));
                    stateBytes.accumulateAndGet(size, Math::max);
                    // a task failure restarts from the last checkpoint: redone work, and duplicate outputs
                    JsonNode entries = get(http, base + "/exceptions").path("exceptionHistory").path("entries");
                    if (entries.size() > failures.get()) {
                        failures.set(entries.size());
                        System.out.println("bench: task failure in " + jobId + ": "
                                + rootCauseLines(entries.get(entries.size() - 1).path("stacktrace").asText()));
                    }
                }
            } catch (Exception e) {
                // not up yet, or finished
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static JsonNode get(HttpClient http, String url) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.readTree(response.body());
    }

    private static Latency latency(String jobName, String bootstrap, String prefix, int parallelism, Path workload,
            Set<Topic> inputs, double rate, int seconds, Duration checkpointInterval) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism,
                clusterConfig(FreePorts.pick(), checkpointInterval));
        Settings settings = settingsFor(bootstrap, prefix, "bench-live-" + jobName + "-" + System.nanoTime(), false, true);
        RecordingTopicIo io = new RecordingTopicIo(new KafkaTopicIo(settings, jobName));
        JobLauncher.configure(env, settings);
        JobCatalog.byName(jobName).create(settings, io).build(env);
        JobClient client = env.executeAsync("bench-live-" + jobName);
        List<Long> latencies = new ArrayList<>();
        DetectionProbe probe;
        ErrorBurstProbe bursts;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            consumer.subscribe(io.writes.stream().map(t -> prefix + t.topicName()).toList());
            long joinDeadline = System.currentTimeMillis() + 10_000;
            while (consumer.assignment().isEmpty() && System.currentTimeMillis() < joinDeadline) {
                consumer.poll(Duration.ofMillis(200));
            }
            Thread.sleep(3_000); // let the job's sources start at the latest offsets
            long end = System.currentTimeMillis() + seconds * 1000L;
            // ops: labelled anomalies injected alongside the feed, spikes stopping 3 s before the end
            probe = jobName.equals("ops") ? new DetectionProbe(bootstrap, prefix, 1000, end - 3_000) : null;
            bursts = jobName.equals("ops") ? new ErrorBurstProbe(bootstrap, prefix, end - 3_000) : null;
            try (LiveFeed feed = new LiveFeed(LiveFeed.files(workload), bootstrap, rate, Long.MAX_VALUE)
                    .restrictTo(prefix, inputs).start();
                    AutoCloseable p = probe == null ? () -> {} : probe.start();
                    AutoCloseable b = bursts == null ? () -> {} : bursts.start()) {
                while (System.currentTimeMillis() < end) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        long now = System.currentTimeMillis();
                        if (probe != null) {
                            probe.onRecord(record, now);
                            bursts.onRecord(record, now);
                        }
                        // only outputs stamped during the live phase (history-timestamped ones are not latency)
                        if (record.timestamp() > now - 600_000) {
                            latencies.add(Math.max(0, now - record.timestamp()));
                        }
                    }
                }
            }
        } finally {
            client.cancel().get();
        }
        if (latencies.isEmpty()) {
            return new Latency(0, -1, -1, probe, bursts);
        }
        latencies.sort(Long::compare);
        return new Latency(latencies.size(), percentile(latencies, 0.50), percentile(latencies, 0.99), probe, bursts);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-latency-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static long percentile(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    /**
     * N events of the job's input topics, in event-time order across them; the workload is played again
     * with timestamps shifted past its end and fresh event ids until N are loaded.
     */
    static long preload(String bootstrap, String prefix, Path workload, Set<Topic> inputs, long events) throws Exception {
        long now = System.currentTimeMillis();
        long loaded = 0;
        long shift = 0;
        try (TopicLoader loader = new TopicLoader(bootstrap)) {
            for (long cycle = 0; loaded < events; cycle++) {
                long first = Long.MAX_VALUE;
                long last = Long.MIN_VALUE;
                long before = loaded;
                try (WorkloadFiles files = new WorkloadFiles(workload)) {
                    while (files.hasNext() && loaded < events) {
                        WorkloadFiles.Message m = files.next();
                        if (!inputs.contains(m.topic())) {
                            continue;
                        }
                        if (countsForSpan(m.eventTime(), now)) {
                            first = Math.min(first, m.eventTime());
                            last = Math.max(last, m.eventTime());
                        }
                        byte[] value = cycle == 0 ? m.value()
                                : m.restamped(Instant.ofEpochMilli(m.eventTime() + shift), cycle);
                        loader.send(prefix, m.topic(), value);
                        loaded++;
                    }
                }
                if (loaded == before) {
                    break; // nothing of these topics in the workload
                }
                shift += (last - first) + 86_400_000L;
            }
            loader.flush();
        }
        return loaded;
    }

    /**
     * Whether an event time counts for the span a cycle is shifted by: only times the ingest step accepts (1970
     * up to now). The generator injects a few events with a timestamp of 1900; counted, they made the span 118
     * years, every later cycle was stamped in the 22nd century, and the ingest step dead-lettered all of it.
     */
    static boolean countsForSpan(long eventTime, long now) {
        return eventTime != Long.MIN_VALUE && eventTime >= 0 && eventTime <= now;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
