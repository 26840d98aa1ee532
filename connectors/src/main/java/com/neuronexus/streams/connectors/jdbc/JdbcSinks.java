package com.neuronexus.streams.connectors.jdbc;

import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.settings.PlatformSettings;
import com.neuronexus.streams.core.settings.Settings;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * At-least-once JDBC sinks with idempotent upserts (flink-connector-jdbc 4.0). Not XA exactly-once: it
 * fails on bounded jobs and needs max_prepared_transactions (STACK.md), and upserts make it unnecessary.
 */
public final class JdbcSinks {
    private JdbcSinks() {}

    public static <T> JdbcSink<T> upsert(Settings settings, Topic topic, Class<T> type) {
        String table = topic.table().orElseThrow(() -> new IllegalArgumentException(topic + " has no table"));
        return upsert(settings, table, topic.primaryKey(), type);
    }

    public static <T> JdbcSink<T> upsert(Settings settings, String table, java.util.List<String> primaryKey, Class<T> type) {
        UpsertStatement<T> statement = new UpsertStatement<>(table, type, primaryKey);
        return JdbcSink.<T>builder()
                .withQueryStatement(statement.sql(), statement)
                .withExecutionOptions(JdbcExecutionOptions.builder()
                        .withBatchSize(settings.get(PlatformSettings.JDBC_BATCH_SIZE))
                        .withBatchIntervalMs(settings.get(PlatformSettings.JDBC_BATCH_INTERVAL_MS))
                        .withMaxRetries(settings.get(PlatformSettings.JDBC_MAX_RETRIES))
                        .build())
                .buildAtLeastOnce(connection(settings));
    }

    public static JdbcConnectionOptions connection(Settings settings) {
        var builder = new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                .withUrl(settings.get(PlatformSettings.JDBC_URL))
                .withDriverName("org.postgresql.Driver")
                .withUsername(settings.get(PlatformSettings.JDBC_USER));
        String password = settings.get(PlatformSettings.JDBC_PASSWORD);
        if (!password.isEmpty()) {
            builder.withPassword(password);
        }
        return builder.build();
    }
}
