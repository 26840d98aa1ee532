package com.neuronexus.streams.connectors.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.neuronexus.streams.core.settings.PlatformSettings;
import com.neuronexus.streams.core.settings.Settings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real PostgreSQL (embedded binaries): migrations apply once, the Flink JDBC sink upserts idempotently. */
class JdbcUpsertTest {

    public enum Level { LOW, HIGH }

    public record Row(String sku, Instant asOf, double value, Double optional, double[] points,
            @JsonRawValue String evidence, BigDecimal money, Level level) {}

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private static final List<Migrations.Migration> MIGRATIONS = List.of(
            new Migrations.Migration(1, "rows", "CREATE TABLE IF NOT EXISTS test_rows (sku text NOT NULL, as_of timestamptz NOT NULL, "
                    + "value double precision NOT NULL, optional double precision, points jsonb, evidence jsonb, money numeric, "
                    + "level text, PRIMARY KEY (sku, as_of));"),
            new Migrations.Migration(2, "index", "CREATE INDEX IF NOT EXISTS test_rows_as_of ON test_rows (as_of);"));

    @Test
    void migrationsApplyOnceAndRefuseEditedFiles() throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            var first = Migrations.apply(c, MIGRATIONS);
            var second = Migrations.apply(c, MIGRATIONS);
            assertTrue(first.applied().containsAll(List.of(1, 2)) || second.alreadyPresent().containsAll(List.of(1, 2)));
            assertEquals(List.of(), second.applied());
            var edited = List.of(new Migrations.Migration(1, "rows", "CREATE TABLE whatever (x int);"));
            var e = assertThrows(SQLException.class, () -> Migrations.apply(c, edited));
            assertTrue(e.getMessage().contains("changed after it was applied"), e.getMessage());
        }
    }

    @Test
    void sinkUpsertsOnThePrimaryKeySoReplaysDoNotDuplicate() throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            Migrations.apply(c, MIGRATIONS);
        }
        Instant t = Instant.parse("2026-03-01T00:00:00Z");
        List<Row> rows = List.of(
                new Row("A", t, 1.0, null, new double[] {1, 2}, "{\"why\":\"first\"}", new BigDecimal("10.10"), Level.LOW),
                new Row("B", t, 2.0, 5.5, new double[] {}, null, null, Level.HIGH),
                // same key as the first: the later value wins
                new Row("A", t, 3.0, 7.0, new double[] {3}, "{\"why\":\"second\"}", new BigDecimal("0.005"), Level.HIGH));
        runSink(rows);
        runSink(rows); // a replay writes the same rows again

        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            ResultSet count = st.executeQuery("SELECT count(*) FROM test_rows");
            count.next();
            assertEquals(2, count.getInt(1));
            ResultSet a = st.executeQuery("SELECT value, optional, points::text, evidence->>'why', money, level FROM test_rows WHERE sku = 'A'");
            a.next();
            assertEquals(3.0, a.getDouble(1));
            assertEquals(7.0, a.getDouble(2));
            assertEquals("[3.0]", a.getString(3));
            assertEquals("second", a.getString(4));
            assertEquals(new BigDecimal("0.005"), a.getBigDecimal(5));
            assertEquals("HIGH", a.getString(6));
            ResultSet b = st.executeQuery("SELECT evidence, money FROM test_rows WHERE sku = 'B'");
            b.next();
            assertNull(b.getString(1));
            assertNull(b.getBigDecimal(2));
        }
    }

    private static void runSink(List<Row> rows) throws Exception {
        String url = postgres.getJdbcUrl("postgres", "postgres");
        Settings settings = Settings.load(new String[0], Map.of(), Map.of())
                .with(PlatformSettings.JDBC_URL, url)
                .with(PlatformSettings.JDBC_USER, "postgres");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1,
                com.neuronexus.streams.connectors.io.LoopbackConfig.create());
        env.fromData(rows, TypeInformation.of(Row.class))
                .sinkTo(JdbcSinks.upsert(settings, "test_rows", List.of("sku", "as_of"), Row.class));
        env.execute("jdbc-upsert-test");
    }
}
