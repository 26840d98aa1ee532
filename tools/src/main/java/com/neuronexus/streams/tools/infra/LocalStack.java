package com.neuronexus.streams.tools.infra;

import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.settings.PlatformSettings;
import com.neuronexus.streams.core.settings.Settings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a NeuroNexus job needs, in this process and on 127.0.0.1: a Kafka broker with every topic
 * of the contract (inputs, their DLQs, outputs), a PostgreSQL database and a Flink cluster with the
 * dashboard. Used by the sandbox, the benchmark and end-to-end tests; closed in reverse start order.
 */
public final class LocalStack implements AutoCloseable {

    /** What to start; the defaults suit a laptop sandbox. */
    public record Options(int kafkaPort, int postgresPort, int dashboardPort, int prometheusPort,
                          int topicPartitions, int taskSlots, int parallelism,
                          LocalFlink.StateBackend stateBackend, Duration checkpointInterval, boolean postgres) {

        /** Free ports everywhere, RocksDB, 10 s checkpoints, 2 partitions, 16 slots, parallelism 1. */
        public static Options defaults() {
            return new Options(0, 0, 0, 0, 2, 16, 1, LocalFlink.StateBackend.ROCKSDB, Duration.ofSeconds(10), true);
        }

        public Options withDashboardPort(int port) {
            return new Options(kafkaPort, postgresPort, port, prometheusPort, topicPartitions, taskSlots, parallelism,
                    stateBackend, checkpointInterval, postgres);
        }

        public Options withParallelism(int p) {
            return new Options(kafkaPort, postgresPort, dashboardPort, prometheusPort, topicPartitions, taskSlots, p,
                    stateBackend, checkpointInterval, postgres);
        }

        public Options withStateBackend(LocalFlink.StateBackend backend, Duration interval) {
            return new Options(kafkaPort, postgresPort, dashboardPort, prometheusPort, topicPartitions, taskSlots,
                    parallelism, backend, interval, postgres);
        }

        public Options withoutPostgres() {
            return new Options(kafkaPort, postgresPort, dashboardPort, prometheusPort, topicPartitions, taskSlots,
                    parallelism, stateBackend, checkpointInterval, false);
        }
    }

    private final EmbeddedKafka kafka;
    private final EmbeddedPostgres postgres;
    private final LocalFlink flink;

    private LocalStack(EmbeddedKafka kafka, EmbeddedPostgres postgres, LocalFlink flink) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.flink = flink;
    }

    public static LocalStack start(Options options) {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            EmbeddedKafka kafka = EmbeddedKafka.start(options.kafkaPort(), Map.of());
            started.add(kafka);
            kafka.createTopics(Topic.allTopicNames(), options.topicPartitions());
            EmbeddedPostgres postgres = null;
            if (options.postgres()) {
                postgres = EmbeddedPostgres.start(options.postgresPort());
                started.add(postgres);
            }
            LocalFlink flink = LocalFlink.builder()
                    .restPort(options.dashboardPort())
                    .prometheusPort(options.prometheusPort())
                    .slotsPerTaskManager(options.taskSlots())
                    .parallelism(options.parallelism())
                    .stateBackend(options.stateBackend())
                    .checkpointInterval(options.checkpointInterval())
                    .start();
            return new LocalStack(kafka, postgres, flink);
        } catch (RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    /** The database; absent when started {@link Options#withoutPostgres()}. */
    public EmbeddedPostgres postgres() {
        if (postgres == null) {
            throw new IllegalStateException("this stack was started without PostgreSQL");
        }
        return postgres;
    }

    public LocalFlink flink() {
        return flink;
    }

    /**
     * The job settings that point at this stack (Kafka bootstrap servers; JDBC URL, user and password, or
     * JDBC off without PostgreSQL), on top of {@code base}.
     */
    public Settings settings(Settings base) {
        Settings s = base.with(PlatformSettings.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        if (postgres == null) {
            return s.with(PlatformSettings.JDBC_ENABLED, false);
        }
        return s.with(PlatformSettings.JDBC_URL, postgres.jdbcUrlWithoutCredentials())
                .with(PlatformSettings.JDBC_USER, postgres.user())
                .with(PlatformSettings.JDBC_PASSWORD, postgres.password());
    }

    /** The "where to look" block: dashboard, Kafka, PostgreSQL (no password) and metrics. */
    public void printWhereToLook(PrintStream out) {
        out.println("Flink dashboard    " + flink.dashboardUrl());
        out.println("Kafka bootstrap    " + kafka.bootstrapServers() + "  (" + Topic.allTopicNames().size() + " topics)");
        if (postgres != null) {
            out.println("PostgreSQL         " + postgres.jdbcUrlWithoutCredentials() + "  user " + postgres.user());
        }
        out.println("Prometheus metrics " + flink.prometheusUrl().orElse("off")
                + "  (also REST: " + flink.dashboardUrl() + "jobs/<job-id>/metrics)");
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable c : postgres == null ? List.<AutoCloseable>of(flink, kafka)
                : List.<AutoCloseable>of(flink, postgres, kafka)) {
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("the local stack did not shut down cleanly", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
