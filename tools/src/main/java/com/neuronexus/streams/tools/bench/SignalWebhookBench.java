package com.neuronexus.streams.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.neuronexus.streams.connectors.io.KafkaTopicIo;
import com.neuronexus.streams.connectors.webhook.AlertPayloads;
import com.neuronexus.streams.connectors.webhook.WebhookRequest;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.Incident;
import com.neuronexus.streams.core.settings.AlertSettings;
import com.neuronexus.streams.core.settings.PlatformSettings;
import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.jobs.AlertJob;
import com.neuronexus.streams.jobs.IncidentJob;
import com.neuronexus.streams.jobs.JobLauncher;
import com.neuronexus.streams.tools.infra.EmbeddedKafka;
import com.neuronexus.streams.tools.infra.LocalFlink;
import com.neuronexus.streams.tools.kafka.TopicLoader;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code ./nexus bench --jobs alerts}: signal → webhook, live. The incident job and the alert job run as two
 * jobs on one local Flink cluster (RocksDB, checkpoints every 10 s, Kafka AT_LEAST_ONCE), connected through
 * {@code ops.incidents} on the embedded broker exactly as deployed; the alert job posts generic signed JSON to
 * a receiver of its own on 127.0.0.1. Signals are written to {@code ops.signals} at {@code --rate} per second
 * for {@code --latency-seconds}, each stamped with the wall clock as its event time; a third of them are the
 * first OBSERVED of a fresh dedup key and open an incident. The latency of one opening is the wall-clock time
 * the receiver got its OPENED alert minus the signal's stamp ({@code opened_at} of the incident). Opened
 * incidents whose alert never arrived within the drain time are counted as missing, not left out.
 *
 * <p>The incident job's signals/s is measured apart, bounded, like every other job: N signals preloaded, read
 * from the start by the incident job on a fresh cluster (start-up included), against the passthrough job.
 */
final class SignalWebhookBench {
    static final String JOB = "alerts";

    /** Keys in flight at once: signals of one key are this many signals apart. */
    private static final int ACTIVE_KEYS = 50;
    private static final String SECRET = "bench-secret";
    private static final long DRAIN_MS = 15_000;

    private SignalWebhookBench() {}

    /** One alert as the receiver saw it. */
    private record Received(String event, long openedAtMs, long receivedAtMs, boolean signatureOk) {}

    static void run(EmbeddedKafka kafka, int parallelism, long signalEvents, double rate, int seconds,
            Duration checkpointInterval, ObjectNode result) throws Exception {
        String prefix = "bench-" + JOB + ".";
        kafka.createTopics(Topic.allTopicNames().stream().map(t -> prefix + t).toList(), parallelism);
        result.put("reads", Topic.SIGNALS.topicName());
        result.put("pipeline", "ops.signals -> incidents job -> ops.incidents -> alerts job -> webhook on 127.0.0.1");

        // signals/s of the incident job, bounded (the same method as the other jobs' events/s)
        String tpPrefix = "bench-" + JOB + "-signals.";
        kafka.createTopics(Topic.allTopicNames().stream().map(t -> tpPrefix + t).toList(), parallelism);
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("nexus-bench-signals");
        try {
            SignalWorkload.write(dir, 20_000);
            long loaded = BenchCommand.preload(kafka.bootstrapServers(), tpPrefix, dir,
                    java.util.Set.of(Topic.SIGNALS), signalEvents);
            BenchCommand.Throughput passthrough = BenchCommand.throughput("passthrough", kafka.bootstrapServers(),
                    tpPrefix, parallelism, loaded, checkpointInterval);
            BenchCommand.Throughput t = BenchCommand.throughput("incidents", kafka.bootstrapServers(), tpPrefix,
                    parallelism, loaded, checkpointInterval);
            result.put("signals", loaded);
            result.put("signals_per_s", Math.round(t.eventsPerSecondWithStartup()));
            result.put("passthrough_events_per_s", Math.round(passthrough.eventsPerSecondWithStartup()));
            result.put("ratio_to_passthrough",
                    BenchCommand.round(t.eventsPerSecondWithStartup() / passthrough.eventsPerSecondWithStartup()));
            result.put("signals_per_s_after_start", Math.round(t.eventsPerSecond()));
            result.put("wall_seconds", BenchCommand.round(t.seconds() + t.startupSeconds()));
        } finally {
            java.nio.file.Files.deleteIfExists(dir.resolve(Topic.SIGNALS.fileName()));
            java.nio.file.Files.deleteIfExists(dir);
        }

        live(kafka, prefix, parallelism, rate, seconds, checkpointInterval, result);
    }

    private static void live(EmbeddedKafka kafka, String prefix, int parallelism, double rate, int seconds,
            Duration checkpointInterval, ObjectNode result) throws Exception {
        Map<String, Received> received = new ConcurrentHashMap<>();
        AtomicLong requests = new AtomicLong();
        ExecutorService handlers = Executors.newFixedThreadPool(4);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(handlers);
        server.createContext("/alerts", exchange -> {
            long at = System.currentTimeMillis();
            int status = 204;
            try {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                requests.incrementAndGet();
                boolean signed = AlertPayloads.hmacSha256Hex(SECRET, body)
                        .equals(exchange.getRequestHeaders().getFirst(WebhookRequest.SIGNATURE_HEADER));
                JsonNode root = Json.readTree(body);
                Incident incident = Json.MAPPER.treeToValue(root.path("incident"), Incident.class);
                // at-least-once: a redelivery of the same state counts once, at its first arrival
                received.putIfAbsent(root.path("alert_key").asText(), new Received(root.path("event").asText(),
                        incident.openedAt().toEpochMilli(), at, signed));
            } catch (Exception e) {
                status = 400;
            } finally {
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";

        Settings settings = Settings.defaults()
                .with(PlatformSettings.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                .with(PlatformSettings.KAFKA_TOPIC_PREFIX, prefix)
                .with(PlatformSettings.KAFKA_GROUP_ID_PREFIX, "bench-live-alerts-" + System.nanoTime())
                .with(PlatformSettings.KAFKA_STARTING_OFFSETS, PlatformSettings.StartingOffsets.LATEST)
                .with(PlatformSettings.KAFKA_BOUNDED, false)
                .with(PlatformSettings.JDBC_ENABLED, false)
                .with(AlertSettings.ENDPOINTS, "bench|json|P4|" + url)
                .with(AlertSettings.SECRET, SECRET);

        List<Long> latencies = new ArrayList<>();
        List<Long> toIncidentTopic = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean stopWatch = new java.util.concurrent.atomic.AtomicBoolean();
        long sent = 0;
        long opened = 0;
        long badSignatures = 0;
        double sendSeconds;
        try (LocalFlink flink = LocalFlink.builder().parallelism(parallelism).slotsPerTaskManager(2 * parallelism)
                .stateBackend(LocalFlink.StateBackend.ROCKSDB).checkpointInterval(checkpointInterval).start()) {
            var incidentsEnv = flink.environment();
            JobLauncher.configure(incidentsEnv, settings);
            new IncidentJob(settings, new KafkaTopicIo(settings, "incidents")).build(incidentsEnv);
            JobClient incidents = flink.submit(incidentsEnv, "bench-live-incidents");
            var alertsEnv = flink.environment();
            JobLauncher.configure(alertsEnv, settings);
            new AlertJob(settings, new KafkaTopicIo(settings, JOB)).build(alertsEnv);
            JobClient alerts = flink.submit(alertsEnv, "bench-live-alerts");
            awaitRunning(flink, 60_000);
            // Where the time goes: OPENED records as they reach ops.incidents (the half-way point).
            Thread incidentWatch = new Thread(() -> watchIncidents(kafka.bootstrapServers(), prefix, stopWatch,
                    toIncidentTopic), "bench-incident-watch");
            incidentWatch.setDaemon(true);
            incidentWatch.start();
            Thread.sleep(3_000); // let the sources settle at the latest offsets

            Map<String, Long> openedAt = new java.util.LinkedHashMap<>();
            String[] priorities = {"P1", "P2", "P3", "P4"};
            try (TopicLoader loader = new TopicLoader(kafka.bootstrapServers())) {
                long start = System.nanoTime();
                long end = start + seconds * 1_000_000_000L;
                double intervalNs = 1e9 / rate;
                long[] lastStamp = new long[(int) ACTIVE_KEYS];
                for (long i = 0; ; i++) {
                    long due = start + (long) (i * intervalNs);
                    if (due >= end) {
                        break;
                    }
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    long slot = i % ACTIVE_KEYS;
                    long round = i / ACTIVE_KEYS;
                    long phase = round % 3; // OBSERVED (opens), OBSERVED (re-check), CLEARED
                    String entity = "k" + slot + "-" + (round / 3);
                    Signal.SignalState state = phase == 2 ? Signal.SignalState.CLEARED : Signal.SignalState.OBSERVED;
                    // Signals of one key must carry increasing timestamps: when the feeder catches up after a stall
                    // it sends a burst within one millisecond, and equal timestamps are ordered by event id, which
                    // could put the CLEARED before the re-check and turn it into a reopening.
                    long previous = phase == 0 ? Long.MIN_VALUE : lastStamp[(int) slot];
                    Instant now = Instant.ofEpochMilli(Math.max(System.currentTimeMillis(), previous + 1));
                    lastStamp[(int) slot] = now.toEpochMilli();
                    Signal signal = Signal.of("bench", "BENCH_SIGNAL", entity, priorities[(int) (slot % 4)], state, now,
                            "{\"i\":" + i + "}");
                    loader.send(prefix, Topic.SIGNALS, Json.toBytes(signal));
                    sent++;
                    if (phase == 0) {
                        openedAt.put(signal.dedupKey(), now.toEpochMilli());
                    }
                }
                loader.flush();
                sendSeconds = (System.nanoTime() - start) / 1e9;
            }
            opened = openedAt.size();
            long drainUntil = System.currentTimeMillis() + DRAIN_MS;
            while (System.currentTimeMillis() < drainUntil && countOpened(received) < opened) {
                Thread.sleep(100);
            }
            for (Received r : received.values()) {
                if (!r.signatureOk()) {
                    badSignatures++;
                }
                if (Incident.Change.OPENED.name().equals(r.event())) {
                    latencies.add(Math.max(0, r.receivedAtMs() - r.openedAtMs()));
                }
            }
            stopWatch.set(true);
            incidentWatch.join(5_000);
            // A restart replays from the last checkpoint: duplicates (dropped above) and a changed arrival order.
            result.put("restarts_incidents_job", flink.restarts(incidents.getJobID().toHexString()));
            result.put("restarts_alerts_job", flink.restarts(alerts.getJobID().toHexString()));
            incidents.cancel().get(30, TimeUnit.SECONDS);
            alerts.cancel().get(30, TimeUnit.SECONDS);
        } finally {
            server.stop(0);
            handlers.shutdownNow();
        }

        latencies.sort(Long::compare);
        result.put("live_rate_per_s", rate);
        result.put("live_seconds", seconds);
        result.put("live_signals_sent", sent);
        result.put("live_signals_per_s", BenchCommand.round(sent / sendSeconds));
        result.put("incidents_opened", opened);
        result.put("opened_alerts_received", latencies.size());
        result.put("opened_alerts_missing", opened - latencies.size());
        result.put("webhook_requests", requests.get());
        result.put("alerts_distinct", received.size());
        ObjectNode byEvent = result.putObject("alerts_by_event");
        received.values().stream().collect(java.util.stream.Collectors.groupingBy(Received::event,
                java.util.TreeMap::new, java.util.stream.Collectors.counting())).forEach(byEvent::put);
        result.put("bad_signatures", badSignatures);
        result.put("signal_to_webhook_p50_ms", latencies.isEmpty() ? -1 : BenchCommand.percentile(latencies, 0.50));
        result.put("signal_to_webhook_p99_ms", latencies.isEmpty() ? -1 : BenchCommand.percentile(latencies, 0.99));
        result.put("signal_to_webhook_max_ms", latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1));
        result.put("signal_to_webhook_target_ms", 1000);
        List<Long> half = new ArrayList<>(toIncidentTopic);
        half.sort(Long::compare);
        result.put("signal_to_incident_topic_p50_ms", half.isEmpty() ? -1 : BenchCommand.percentile(half, 0.50));
        result.put("signal_to_incident_topic_p99_ms", half.isEmpty() ? -1 : BenchCommand.percentile(half, 0.99));
    }

    /** Notes, for every OPENED incident record consumed, the wall-clock time since its signal's stamp. */
    private static void watchIncidents(String bootstrap, String prefix, java.util.concurrent.atomic.AtomicBoolean stop,
            List<Long> out) {
        java.util.Properties props = new java.util.Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-incident-watch-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(prefix + Topic.INCIDENTS.topicName()));
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    try {
                        Incident incident = Json.MAPPER.readValue(record.value(), Incident.class);
                        if (incident.lastChange() == Incident.Change.OPENED) {
                            out.add(Math.max(0, now - incident.openedAt().toEpochMilli()));
                        }
                    } catch (IOException e) {
                        // not an incident record: not ours to measure
                    }
                }
            }
        }
    }

    private static long countOpened(Map<String, Received> received) {
        return received.values().stream().filter(r -> Incident.Change.OPENED.name().equals(r.event())).count();
    }

    private static void awaitRunning(LocalFlink flink, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            List<LocalFlink.JobSummary> jobs = flink.jobs();
            if (jobs.size() == 2 && jobs.stream().allMatch(LocalFlink.JobSummary::isRunning)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the incident and alert jobs did not start within " + timeoutMs + " ms");
    }
}
