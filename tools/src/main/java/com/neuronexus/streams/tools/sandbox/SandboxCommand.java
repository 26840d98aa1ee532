package com.neuronexus.streams.tools.sandbox;

import com.neuronexus.streams.connectors.io.KafkaTopicIo;
import com.neuronexus.streams.connectors.jdbc.Migrations;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.settings.PlatformSettings;
import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.jobs.JobCatalog;
import com.neuronexus.streams.jobs.JobLauncher;
import com.neuronexus.streams.jobs.NexusJob;
import com.neuronexus.streams.tools.cli.CommandArgs;
import com.neuronexus.streams.tools.generator.GeneratedRecord;
import com.neuronexus.streams.tools.generator.WorkloadGenerator;
import com.neuronexus.streams.tools.infra.EmbeddedKafka;
import com.neuronexus.streams.tools.infra.EmbeddedPostgres;
import com.neuronexus.streams.tools.infra.LocalFlink;
import com.neuronexus.streams.tools.infra.LocalStack;
import com.neuronexus.streams.tools.kafka.LiveFeed;
import com.neuronexus.streams.tools.kafka.TopicLoader;
import com.neuronexus.streams.tools.kafka.WorkloadFiles;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ./nexus sandbox [--duration S] [--skus N] [--rate EPS] [--history-days D] [--webhook-url URL]}:
 * the whole system in one process on 127.0.0.1 — a real Kafka broker, real PostgreSQL with the migrations
 * applied, a Flink cluster with its dashboard running every job — fed first with {@code --history-days} of
 * generated history (so forecasts exist from the start), then with live traffic at {@code --rate}
 * events/s stamped with the wall clock.
 */
public final class SandboxCommand {
    private SandboxCommand() {}

    private static final List<String> TABLES = List.of("forecasts", "reorder_recommendations", "forecast_accuracy",
            "latency_windows", "anomaly_windows", "incidents", "health_scores", "drift_scores", "audit_log",
            "audit_checkpoints", "security_blocks");

    public static int run(String[] args) throws Exception {
        CommandArgs parsed = CommandArgs.parse(args,
                Set.of("duration", "skus", "rate", "history-days", "webhook-url", "seed", "parallelism", "dashboard-port"),
                Set.of());
        long durationSeconds = Long.parseLong(parsed.option("duration", "0"));
        int skus = Integer.parseInt(parsed.option("skus", "100"));
        double rate = Double.parseDouble(parsed.option("rate", "500"));
        int historyDays = Integer.parseInt(parsed.option("history-days", "21"));
        long seed = Long.parseLong(parsed.option("seed", "42"));
        int parallelism = Integer.parseInt(parsed.option("parallelism", "1"));
        int dashboardPort = Integer.parseInt(parsed.option("dashboard-port", "8081"));
        String webhookUrl = parsed.option("webhook-url", null);

        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopping.set(true);
            stopped.countDown();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "nexus-sandbox-stop");
        Runtime.getRuntime().addShutdownHook(hook);

        long startedAt = System.nanoTime();
        System.out.println("nexus sandbox: starting Kafka, PostgreSQL and Flink on 127.0.0.1 ...");
        LocalStack.Options d = LocalStack.Options.defaults();
        // every job holds `parallelism` slots for as long as the sandbox runs
        LocalStack.Options options = new LocalStack.Options(d.kafkaPort(), d.postgresPort(), portOrFree(dashboardPort),
                d.prometheusPort(), d.topicPartitions(), Math.max(d.taskSlots(), JobCatalog.analytics().size() * parallelism),
                parallelism, d.stateBackend(), d.checkpointInterval(), true);
        try (LocalStack stack = LocalStack.start(options);
                SandboxWebhook webhook = SandboxWebhook.start(webhookUrl)) {
            EmbeddedKafka kafka = stack.kafka();
            EmbeddedPostgres postgres = stack.postgres();
            LocalFlink flink = stack.flink();
            var migrations = Migrations.apply(postgres.jdbcUrlWithoutCredentials(), postgres.user(), postgres.password());
            Settings settings = webhook.apply(stack.settings(Settings.load(parsed.settingArgs(), Map.of(), Map.of()))
                    .with(PlatformSettings.KAFKA_GROUP_ID_PREFIX, "sandbox")
                    .with(PlatformSettings.KAFKA_STARTING_OFFSETS, PlatformSettings.StartingOffsets.EARLIEST));

            List<String> jobIds = new ArrayList<>();
            for (var entry : JobCatalog.analytics().entrySet()) {
                var env = flink.environment();
                JobLauncher.configure(env, settings);
                NexusJob job = entry.getValue().create(settings, new KafkaTopicIo(settings, entry.getKey()));
                job.build(env);
                var client = flink.submit(env, "nexus-" + entry.getKey());
                jobIds.add(client.getJobID().toString());
            }

            System.out.println();
            stack.printWhereToLook(System.out);
            System.out.println("psql               psql -h 127.0.0.1 -p " + postgres.port() + " -U " + postgres.user()
                    + " nexus   (the sandbox's own database; its password is in EmbeddedPostgres)");
            System.out.println("Jobs               " + String.join(", ", JobCatalog.analytics().keySet())
                    + "  (migrations applied: " + (migrations.applied().size() + migrations.alreadyPresent().size()) + ")");
            System.out.println("Alert webhook      " + webhook.url() + (webhook.isLocal() ? "  (the sandbox's own receiver; --webhook-url to send elsewhere)" : ""));
            System.out.println();

            Instant now = Instant.now();
            Instant historyStart = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(historyDays));
            WorkloadGenerator generator = new WorkloadGenerator(seed, skus);
            Progress progress = new Progress(kafka, flink, jobIds);
            long history = 0;
            try (TopicLoader loader = new TopicLoader(kafka.bootstrapServers())) {
                Iterator<GeneratedRecord> records = generator.bounded(historyStart, historyDays);
                while (records.hasNext() && !stopping.get()) {
                    GeneratedRecord r = records.next();
                    if (!r.ts().isBefore(now)) {
                        break;
                    }
                    loader.send(r.topic().topicName(), keyBytes(r.key()), r.value().getBytes(StandardCharsets.UTF_8), null);
                    history++;
                }
                loader.flush();
            }
            System.out.printf("loaded %,d events of history (%d days from %s); live traffic at %.0f events/s%n",
                    history, historyDays, historyStart, rate);

            LiveFeed.Workload live = () -> {
                Iterator<GeneratedRecord> records = new WorkloadGenerator(seed + 1, skus).bounded(now, 7);
                return new LiveFeed.CloseableIterator() {
                    @Override
                    public boolean hasNext() {
                        return records.hasNext();
                    }

                    @Override
                    public WorkloadFiles.Message next() {
                        GeneratedRecord r = records.next();
                        return new WorkloadFiles.Message(r.topic(), r.value().getBytes(StandardCharsets.UTF_8),
                                r.ts().toEpochMilli(), r.seq());
                    }

                    @Override
                    public void close() {}
                };
            };
            try (LiveFeed feed = new LiveFeed(live, kafka.bootstrapServers(), rate, Long.MAX_VALUE).start()) {
                long deadline = durationSeconds > 0 ? System.nanoTime() + durationSeconds * 1_000_000_000L : Long.MAX_VALUE;
                while (!stopping.get() && System.nanoTime() < deadline) {
                    long wait = Math.min(5_000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                    if (stopped.await(wait, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                    System.out.println(progress.line(feed));
                    if (feed.failure() != null) {
                        System.out.println("live feed failed: " + feed.failure());
                        break;
                    }
                }
            }
            System.out.println();
            System.out.println(progress.summary(postgres, (System.nanoTime() - startedAt) / 1_000_000_000L));
            if (webhook.isLocal()) {
                System.out.println("  alerts received by the sandbox's webhook: " + webhook.received());
            }
            boolean healthy = progress.totalRestarts() == 0;
            if (!stopping.get()) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            return healthy ? 0 : 1;
        } finally {
            finished.countDown();
        }
    }

    private static byte[] keyBytes(String key) {
        return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    private static int portOrFree(int port) {
        try (var socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return port;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** Counters read from the broker and the cluster: what went in, what came out, what was rejected. */
    private static final class Progress {
        private final Admin admin;
        private final LocalFlink flink;
        private final List<String> jobIds;
        private long lastSent;
        private long lastNanos = System.nanoTime();

        Progress(EmbeddedKafka kafka, LocalFlink flink, List<String> jobIds) {
            this.admin = kafka.admin();
            this.flink = flink;
            this.jobIds = jobIds;
        }

        String line(LiveFeed feed) {
            long sent = feed.totalSent();
            long nanos = System.nanoTime();
            double eps = (sent - lastSent) / ((nanos - lastNanos) / 1e9);
            lastSent = sent;
            lastNanos = nanos;
            Map<String, Long> offsets = endOffsets();
            StringBuilder in = new StringBuilder();
            StringBuilder out = new StringBuilder();
            StringBuilder dlq = new StringBuilder();
            for (Topic t : Topic.values()) {
                long n = offsets.getOrDefault(t.topicName(), 0L);
                if (t.isInput()) {
                    in.append(shortName(t)).append('=').append(n).append(' ');
                    long d = offsets.getOrDefault(t.deadLetterTopic(), 0L);
                    if (d > 0) {
                        dlq.append(shortName(t)).append('=').append(d).append(' ');
                    }
                } else if (n > 0) {
                    out.append(shortName(t)).append('=').append(n).append(' ');
                }
            }
            return String.format("[%s] %.0f ev/s | in: %s| out: %s| dlq: %s| restarts: %d",
                    java.time.LocalTime.now().withNano(0), eps, in, out, dlq.length() == 0 ? "0 " : dlq, totalRestarts());
        }

        long totalRestarts() {
            long restarts = 0;
            for (String id : jobIds) {
                restarts += flink.restarts(id);
            }
            return restarts;
        }

        String summary(EmbeddedPostgres postgres, long seconds) {
            StringBuilder sb = new StringBuilder("nexus sandbox summary after " + seconds + " s\n");
            Map<String, Long> offsets = endOffsets();
            sb.append("  topics (records):\n");
            for (String topic : Topic.allTopicNames()) {
                sb.append(String.format("    %-30s %,12d%n", topic, offsets.getOrDefault(topic, 0L)));
            }
            sb.append("  tables (rows):\n");
            try (Connection c = postgres.connect(); Statement st = c.createStatement()) {
                for (String table : TABLES) {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                        rs.next();
                        sb.append(String.format("    %-30s %,12d%n", table, rs.getLong(1)));
                    } catch (Exception e) {
                        sb.append(String.format("    %-30s %s%n", table, "n/a"));
                    }
                }
            } catch (Exception e) {
                sb.append("    (PostgreSQL unavailable: ").append(e.getMessage()).append(")\n");
            }
            sb.append("  jobs:\n");
            for (LocalFlink.JobSummary job : flink.jobs()) {
                sb.append(String.format("    %-20s %-10s restarts %d%n", job.name(), job.state(), job.restarts()));
            }
            admin.close(Duration.ofSeconds(5));
            return sb.toString();
        }

        private Map<String, Long> endOffsets() {
            Map<String, Long> totals = new LinkedHashMap<>();
            try {
                Map<String, TopicDescription> topics = admin.describeTopics(Topic.allTopicNames()).allTopicNames().get(5, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
                topics.forEach((name, d) -> d.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
                admin.listOffsets(request).all().get(5, TimeUnit.SECONDS)
                        .forEach((tp, info) -> totals.merge(tp.topic(), info.offset(), Long::sum));
            } catch (Exception e) {
                // a slow broker costs one progress line, not the sandbox
            }
            return totals;
        }

        private static String shortName(Topic t) {
            String name = t.topicName();
            // audit.events and ledger.events would both read "events"
            return name.endsWith(".events") ? name.substring(0, name.indexOf('.')) : name.substring(name.indexOf('.') + 1);
        }
    }
}
