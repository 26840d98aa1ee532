package com.neuronexus.streams.connectors.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.connectors.serde.DecodeLimits;
import com.neuronexus.streams.connectors.serde.EventDecoders;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.HealthScore;
import com.neuronexus.streams.core.outputs.Incident;
import com.neuronexus.streams.core.outputs.Incident.Change;
import com.neuronexus.streams.core.outputs.Incident.Status;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** V40 matches the Incident and HealthScore records column for column, and incidents read back from their topic. */
class IncidentTablesTest {

    static final Instant OPENED = Instant.parse("2026-03-01T10:00:00Z");

    static Incident incident(Status status, Change change, int attempts, Instant updated) {
        String id = Incident.idFor("NO_NEGATIVE_STOCK:sku-1", OPENED);
        return new Incident(id, Incident.eventIdFor(id, status, change, attempts, 0, updated, false, null),
                "NO_NEGATIVE_STOCK:sku-1", "invariants", "NO_NEGATIVE_STOCK", "P1", status, change, attempts, 0, false,
                null, OPENED, updated, status == Status.RESOLVED ? updated : null, status == Status.RESOLVED,
                "{\"on_hand\":-3}", "{}");
    }

    @Test
    void incidentReadsBackThroughThePlatformDecoder() throws Exception {
        Incident original = incident(Status.AUTO_HEALING, Change.RECHECKED, 1, OPENED.plusSeconds(60));
        String json = Json.toText(original);
        assertTrue(json.contains("\"ts\":\"2026-03-01T10:01:00Z\""), json);
        Incident decoded = EventDecoders.forType(Incident.class, DecodeLimits.defaults())
                .decode(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(original, decoded);
    }

    @Test
    void upsertsIncidentsAndHealthScores() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
                Connection c = pg.getPostgresDatabase().getConnection()) {
            Migrations.apply(c, Migrations.load().stream().filter(m -> m.version() >= 40 && m.version() <= 49).toList());

            UpsertStatement<Incident> incidents = new UpsertStatement<>("incidents", Incident.class,
                    Topic.INCIDENTS.primaryKey());
            for (Incident i : new Incident[] {incident(Status.OPEN, Change.OPENED, 0, OPENED),
                    incident(Status.RESOLVED, Change.RESOLVED, 0, OPENED.plusSeconds(90))}) {
                try (PreparedStatement st = c.prepareStatement(incidents.sql())) {
                    incidents.accept(st, i);
                    st.executeUpdate();
                }
            }
            UpsertStatement<HealthScore> health = new UpsertStatement<>("health_scores", HealthScore.class,
                    Topic.HEALTH.primaryKey());
            try (PreparedStatement st = c.prepareStatement(health.sql())) {
                health.accept(st, new HealthScore(OPENED, 88.5, "B", "{\"integrity\":{\"points\":30}}", false, true,
                        "{\"deploy_allowed\":true}", 0));
                st.executeUpdate();
            }
            ResultSet rs = c.createStatement().executeQuery(
                    "SELECT count(*), max(status), bool_and(auto_healed), max(evidence->>'on_hand'), max(resolved_at) FROM incidents");
            rs.next();
            assertEquals(1, rs.getInt(1), "one row per incident: the latest state");
            assertEquals("RESOLVED", rs.getString(2));
            assertTrue(rs.getBoolean(3));
            assertEquals("-3", rs.getString(4));
            assertFalse(rs.getString(5) == null);
            ResultSet h = c.createStatement().executeQuery(
                    "SELECT grade, components->'integrity'->>'points', gates->>'deploy_allowed' FROM health_scores");
            h.next();
            assertEquals("B", h.getString(1));
            assertEquals("30", h.getString(2));
            assertEquals("true", h.getString(3));
        }
    }
}
