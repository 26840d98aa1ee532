package com.neuronexus.streams.tools.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresTest {

    @Test
    void createsInsertsAndSelectsInTheNexusDatabaseOnLoopback() throws Exception {
        Path dataDir;
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            assertTrue(pg.jdbcUrlWithoutCredentials().startsWith("jdbc:postgresql://127.0.0.1:"), pg.jdbcUrl());
            assertTrue(pg.jdbcUrlWithoutCredentials().endsWith("/nexus"), pg.jdbcUrl());
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS infra_probe (id int PRIMARY KEY, body jsonb, at timestamptz)");
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO infra_probe VALUES (?, ?::jsonb, now()) "
                                + "ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body")) {
                    for (int i = 1; i <= 3; i++) {
                        ins.setInt(1, i);
                        ins.setString(2, "{\"n\":" + i + "}");
                        ins.executeUpdate();
                    }
                    ins.setInt(1, 2);
                    ins.setString(2, "{\"n\":22}");
                    ins.executeUpdate();
                }
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT id, body->>'n' FROM infra_probe ORDER BY id")) {
                    while (rs.next()) {
                        rows.add(rs.getInt(1) + "=" + rs.getString(2));
                    }
                }
                assertEquals(List.of("1=1", "2=22", "3=3"), rows);

                try (ResultSet rs = s.executeQuery(
                        "SELECT current_database(), current_user, current_setting('listen_addresses')")) {
                    assertTrue(rs.next());
                    assertEquals("nexus", rs.getString(1));
                    assertEquals("nexus", rs.getString(2));
                    assertEquals("127.0.0.1", rs.getString(3));
                }
                // the migrations are written for PostgreSQL 16: the embedded server must be that major version
                try (ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
                    assertTrue(rs.next());
                    assertEquals(16, rs.getInt(1));
                }
            }
            // the URL handed to tools carries its own credentials
            try (Connection c = java.sql.DriverManager.getConnection(pg.jdbcUrl());
                 ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM infra_probe")) {
                assertTrue(rs.next());
                assertEquals(3, rs.getInt(1));
            }
            dataDir = pg.dataDir();
        }
        assertFalse(Files.exists(dataDir), "data dir deleted on close: " + dataDir);
    }
}
