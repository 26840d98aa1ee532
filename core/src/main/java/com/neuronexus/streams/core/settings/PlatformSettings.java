package com.neuronexus.streams.core.settings;

import java.util.List;

/** Settings every job shares: Kafka, PostgreSQL, event-time and dead-letter handling. */
public final class PlatformSettings {
    private PlatformSettings() {}

    public enum Delivery { AT_LEAST_ONCE, EXACTLY_ONCE }

    public enum StartingOffsets { COMMITTED_OR_EARLIEST, EARLIEST, LATEST }

    public static final SettingKey<String> KAFKA_BOOTSTRAP_SERVERS = SettingKey.string(
            "kafka.bootstrap-servers", "127.0.0.1:9092", "Kafka bootstrap servers, comma-separated.");
    public static final SettingKey<String> KAFKA_GROUP_ID_PREFIX = SettingKey.string(
            "kafka.group-id-prefix", "nexus", "Consumer group id prefix; each job uses <prefix>-<job>.");
    public static final SettingKey<StartingOffsets> KAFKA_STARTING_OFFSETS = SettingKey.enumValue(
            "kafka.starting-offsets", StartingOffsets.class, StartingOffsets.COMMITTED_OR_EARLIEST,
            "Where a job without a checkpoint starts reading: COMMITTED_OR_EARLIEST, EARLIEST or LATEST.");
    public static final SettingKey<Delivery> KAFKA_DELIVERY = SettingKey.enumValue(
            "kafka.delivery", Delivery.class, Delivery.AT_LEAST_ONCE,
            "Kafka sink guarantee: AT_LEAST_ONCE (lowest latency) or EXACTLY_ONCE (transactions; readers must use read_committed).");
    public static final SettingKey<String> KAFKA_TRANSACTIONAL_ID_PREFIX = SettingKey.string(
            "kafka.transactional-id-prefix", "nexus", "EXACTLY_ONCE only: transactional id prefix; unique per job and cluster.");
    public static final SettingKey<Long> KAFKA_TRANSACTION_TIMEOUT_MS = SettingKey.longValue(
            "kafka.transaction-timeout-ms", 600_000L,
            "EXACTLY_ONCE only: must stay below the broker's transaction.max.timeout.ms (15 min by default).");
    public static final SettingKey<Boolean> KAFKA_BOUNDED = SettingKey.bool(
            "kafka.bounded", false, "Stop at the end offsets present when the job starts (benchmarks, catch-up runs).");
    public static final SettingKey<String> KAFKA_TOPIC_PREFIX = SettingKey.string(
            "kafka.topic-prefix", "", "Prefix added to every topic name (for several environments on one cluster).");

    public static final SettingKey<Boolean> JDBC_ENABLED = SettingKey.bool(
            "jdbc.enabled", true, "Write the output tables to PostgreSQL (false: Kafka only).");
    public static final SettingKey<String> JDBC_URL = SettingKey.string(
            "jdbc.url", "jdbc:postgresql://127.0.0.1:5432/nexus", "PostgreSQL JDBC URL for the output tables.");
    public static final SettingKey<String> JDBC_USER = SettingKey.string("jdbc.user", "nexus", "PostgreSQL user.");
    public static final SettingKey<String> JDBC_PASSWORD = SettingKey.secret(
            "jdbc.password", "", "PostgreSQL password. Never printed or logged.");
    public static final SettingKey<Integer> JDBC_BATCH_SIZE = SettingKey.integer(
            "jdbc.batch-size", 500, "Rows per JDBC batch.");
    public static final SettingKey<Long> JDBC_BATCH_INTERVAL_MS = SettingKey.longValue(
            "jdbc.batch-interval-ms", 200L, "Longest wait before a partial batch is written.");
    public static final SettingKey<Integer> JDBC_MAX_RETRIES = SettingKey.integer(
            "jdbc.max-retries", 3, "Retries of a failed batch before the job fails over.");

    public static final SettingKey<Long> EVENTS_MAX_OUT_OF_ORDERNESS_MS = SettingKey.longValue(
            "events.max-out-of-orderness-ms", 500L,
            "Bounded out-of-orderness of event time: watermarks trail the newest event by this much.");
    public static final SettingKey<Long> EVENTS_IDLENESS_MS = SettingKey.longValue(
            "events.idleness-ms", 5_000L, "A partition without events this long stops holding watermarks back.");
    public static final SettingKey<Long> EVENTS_CAUGHT_UP_QUIET_MS = SettingKey.longValue(
            "events.caught-up-quiet-ms", 200L,
            "A partition whose newest event arrived within max-out-of-orderness of its timestamp and then stays quiet "
                    + "this long is caught up: its watermark follows the wall clock (now - max-out-of-orderness) "
                    + "until its next event, so results never wait for a sparse topic. 0: idleness only.");
    public static final SettingKey<Long> EVENTS_ALLOWED_LATENESS_MS = SettingKey.longValue(
            "events.allowed-lateness-ms", 0L,
            "Events behind the watermark by more than this go to the DLQ with reason 'late'.");
    public static final SettingKey<Long> EVENTS_MAX_FUTURE_MS = SettingKey.longValue(
            "events.max-future-ms", 86_400_000L, "Timestamps further ahead of the wall clock than this are rejected.");
    public static final SettingKey<Integer> EVENTS_MAX_MESSAGE_BYTES = SettingKey.integer(
            "events.max-message-bytes", 262_144, "Larger messages are rejected without parsing.");
    public static final SettingKey<Integer> DLQ_RAW_MAX_BYTES = SettingKey.integer(
            "dlq.raw-max-bytes", 4_096, "Original bytes kept in a dead letter; the rest is cut.");

    public static final SettingKey<Integer> JOB_PARALLELISM = SettingKey.integer(
            "job.parallelism", 0, "Job parallelism; 0 keeps the cluster's parallelism.default.");
    public static final SettingKey<Long> JOB_WATERMARK_INTERVAL_MS = SettingKey.longValue(
            "job.watermark-interval-ms", 50L,
            "How often live sources emit watermarks; event-time results can wait up to this long for one.");
    public static final SettingKey<Long> JOB_BUFFER_TIMEOUT_MS = SettingKey.longValue(
            "job.buffer-timeout-ms", 10L,
            "Longest wait of a partly filled network buffer before it is sent. Watermarks travel in these buffers, "
                    + "so every exchange between a source and an event-time result can add this much latency.");

    public static List<SettingKey<?>> keys() {
        return List.of(KAFKA_BOOTSTRAP_SERVERS, KAFKA_GROUP_ID_PREFIX, KAFKA_STARTING_OFFSETS, KAFKA_DELIVERY,
                KAFKA_TRANSACTIONAL_ID_PREFIX, KAFKA_TRANSACTION_TIMEOUT_MS, KAFKA_BOUNDED, KAFKA_TOPIC_PREFIX,
                JDBC_ENABLED, JDBC_URL, JDBC_USER, JDBC_PASSWORD, JDBC_BATCH_SIZE, JDBC_BATCH_INTERVAL_MS,
                JDBC_MAX_RETRIES, EVENTS_MAX_OUT_OF_ORDERNESS_MS, EVENTS_IDLENESS_MS, EVENTS_CAUGHT_UP_QUIET_MS, EVENTS_ALLOWED_LATENESS_MS,
                EVENTS_MAX_FUTURE_MS, EVENTS_MAX_MESSAGE_BYTES, DLQ_RAW_MAX_BYTES, JOB_PARALLELISM,
                JOB_WATERMARK_INTERVAL_MS, JOB_BUFFER_TIMEOUT_MS);
    }
}
