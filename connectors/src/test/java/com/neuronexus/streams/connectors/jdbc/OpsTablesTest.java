package com.neuronexus.streams.connectors.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.outputs.AnomalyWindow;
import com.neuronexus.streams.core.outputs.LatencyWindow;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** V20__ops.sql on real PostgreSQL: the ops records upsert into their tables on the Topic primary keys. */
class OpsTablesTest {

    private static <T> void upsert(Connection c, Topic topic, Class<T> type, T row) throws Exception {
        UpsertStatement<T> upsert = new UpsertStatement<>(topic.table().orElseThrow(), type, topic.primaryKey());
        try (PreparedStatement ps = c.prepareStatement(upsert.sql())) {
            upsert.accept(ps, row);
            ps.executeUpdate();
        }
    }

    private static long count(Statement st, String sql) throws Exception {
        ResultSet rs = st.executeQuery(sql);
        rs.next();
        return rs.getLong(1);
    }

    @Test
    void tumblingAndSlidingRowsCoexistAndAnAnomalyWindowIsUpdatedInPlace() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
                Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            Migrations.apply(c, Migrations.load());
            Instant t = Instant.parse("2026-03-01T10:00:00Z");
            LatencyWindow tumbling = new LatencyWindow("api", "/a", t, t.plusSeconds(10), 10, LatencyWindow.TUMBLING,
                    40, 2, 1, 0.05, 4, 51, 50, 90, 120, 130);
            LatencyWindow sliding = new LatencyWindow("api", "/a", t, t.plusSeconds(60), 60, LatencyWindow.SLIDING,
                    240, 3, 4, 0.0125, 4, 52, 50, 95, 125, 140);
            upsert(c, Topic.LATENCY_WINDOWS, LatencyWindow.class, tumbling);
            upsert(c, Topic.LATENCY_WINDOWS, LatencyWindow.class, sliding);
            upsert(c, Topic.LATENCY_WINDOWS, LatencyWindow.class, tumbling); // replay
            assertEquals(2, count(st, "SELECT count(*) FROM latency_windows"));
            assertEquals(240, count(st, "SELECT request_count FROM latency_windows WHERE window_kind = 'SLIDING'"));

            AnomalyWindow open = new AnomalyWindow("cpu", t, null, AnomalyWindow.OPEN, 1, 0.9, t, 80, 40, "HIGH", 0.9,
                    "robust-ewma-mad-v1");
            AnomalyWindow closed = new AnomalyWindow("cpu", t, t.plusSeconds(30), AnomalyWindow.CLOSED, 3, 0.95,
                    t.plusSeconds(10), 85, 40, "HIGH", 0.1, "robust-ewma-mad-v1");
            upsert(c, Topic.ANOMALIES, AnomalyWindow.class, open);
            ResultSet rs = st.executeQuery("SELECT window_end, status FROM anomaly_windows");
            rs.next();
            assertNull(rs.getTimestamp(1));
            upsert(c, Topic.ANOMALIES, AnomalyWindow.class, closed);
            assertEquals(1, count(st, "SELECT count(*) FROM anomaly_windows"));
            assertEquals(3, count(st, "SELECT samples FROM anomaly_windows WHERE status = 'CLOSED' AND window_end IS NOT NULL"));
        }
    }
}
