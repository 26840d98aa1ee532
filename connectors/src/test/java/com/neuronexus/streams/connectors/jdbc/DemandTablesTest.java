package com.neuronexus.streams.connectors.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.outputs.Forecast;
import com.neuronexus.streams.core.outputs.ForecastAccuracy;
import com.neuronexus.streams.core.outputs.ReorderRecommendation;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** V10__demand.sql against real PostgreSQL: every record component is a column, upserts on the Topic keys. */
class DemandTablesTest {

    private static <T> void upsert(Connection c, Topic topic, Class<T> type, T row) throws Exception {
        UpsertStatement<T> upsert = new UpsertStatement<>(topic.table().orElseThrow(), type, topic.primaryKey());
        try (PreparedStatement ps = c.prepareStatement(upsert.sql())) {
            upsert.accept(ps, row);
            ps.executeUpdate();
        }
    }

    @Test
    void demandRowsUpsert() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
                Connection c = pg.getPostgresDatabase().getConnection()) {
            Migrations.apply(c, Migrations.load());
            Instant t = Instant.parse("2026-03-01T00:00:00Z");
            Forecast f = new Forecast("A", t, "DAY", 2, new double[] {1, 2}, new double[] {0, 0}, new double[] {3, 4},
                    0.95, 1.0, 5, 7.5, 40, "SES(alpha=0.3)", "smooth demand", "SMOOTH", 1.0, 0.1, 30, null, 12.5, 0.8, -0.1);
            upsert(c, Topic.FORECASTS, Forecast.class, f);
            upsert(c, Topic.FORECASTS, Forecast.class, f); // replay: same key, no duplicate
            upsert(c, Topic.RECOMMENDATIONS, ReorderRecommendation.class, new ReorderRecommendation("rec-1", "A", t,
                    "B", 0.95, 1.65, 1.5, 0.5, 5.0, 1.8, 9.3, 4, 0, 4, true, 50, "urgent", 1.5, false, "why", "STOCK"));
            upsert(c, Topic.RECOMMENDATIONS, ReorderRecommendation.class, new ReorderRecommendation("rec-2", "B", t,
                    null, null, null, null, null, null, null, null, 0, 0, 0, false, 0, "low", null, false, "waiting", "USAGE"));
            upsert(c, Topic.ACCURACY, ForecastAccuracy.class, new ForecastAccuracy("A", t, "DAY", 3.0, 10.0, 11.0, 0.9,
                    0.2, "[{\"step\":1,\"mape\":null}]", null, 0.2, 1.0, 0.9, false));
            try (Statement st = c.createStatement()) {
                ResultSet rs = st.executeQuery("SELECT count(*), max(points->>1) FROM forecasts");
                rs.next();
                assertEquals(1, rs.getInt(1));
                assertEquals("2.0", rs.getString(2));
                rs = st.executeQuery("SELECT count(*) FROM current_reorder_recommendations");
                rs.next();
                assertEquals(2, rs.getInt(1));
                rs = st.executeQuery("SELECT by_step->0->>'step' FROM forecast_accuracy");
                assertTrue(rs.next());
                assertEquals("1", rs.getString(1));
            }
        }
    }
}
