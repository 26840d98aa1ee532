package com.neuronexus.streams.connectors.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies the versioned SQL files under {@code db/migration/} ({@code V<n>__<what>.sql}) in version order,
 * each once, each in its own transaction, under an advisory lock so two starters can't race. A file that
 * changed after it was applied is an error: migrations are append-only.
 */
public final class Migrations {
    private static final String LOCATION = "db/migration";
    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");
    private static final long LOCK_ID = 0x4e455855534d4947L; // "NEXUSMIG"

    public record Migration(int version, String name, String sql) {
        String checksum() {
            return com.neuronexus.streams.core.ids.ContentIds.sha256Hex(sql).substring(0, 16);
        }
    }

    public record Result(List<Integer> applied, List<Integer> alreadyPresent) {}

    private Migrations() {}

    public static Result apply(String jdbcUrl, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null && !password.isEmpty()) {
            props.setProperty("password", password);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl, props)) {
            return apply(connection, load());
        }
    }

    public static Result apply(Connection connection, List<Migration> migrations) throws SQLException {
        List<Integer> applied = new ArrayList<>();
        List<Integer> present = new ArrayList<>();
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS nexus_schema_migrations ("
                    + "version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, "
                    + "applied_at timestamptz NOT NULL DEFAULT now())");
            st.execute("SELECT pg_advisory_lock(" + LOCK_ID + ")");
        }
        try {
            Map<Integer, String> done = new HashMap<>();
            try (Statement st = connection.createStatement();
                    ResultSet rs = st.executeQuery("SELECT version, checksum FROM nexus_schema_migrations")) {
                while (rs.next()) {
                    done.put(rs.getInt(1), rs.getString(2));
                }
            }
            for (Migration m : migrations) {
                String checksum = done.get(m.version());
                if (checksum != null) {
                    if (!checksum.equals(m.checksum())) {
                        throw new SQLException("migration V" + m.version() + "__" + m.name()
                                + " changed after it was applied; add a new migration instead");
                    }
                    present.add(m.version());
                    continue;
                }
                connection.setAutoCommit(false);
                try (Statement st = connection.createStatement();
                        PreparedStatement record = connection.prepareStatement(
                                "INSERT INTO nexus_schema_migrations (version, name, checksum) VALUES (?, ?, ?)")) {
                    st.execute(m.sql());
                    record.setInt(1, m.version());
                    record.setString(2, m.name());
                    record.setString(3, m.checksum());
                    record.executeUpdate();
                    connection.commit();
                    applied.add(m.version());
                } catch (SQLException e) {
                    connection.rollback();
                    throw new SQLException("migration V" + m.version() + "__" + m.name() + " failed: " + e.getMessage(), e);
                } finally {
                    connection.setAutoCommit(true);
                }
            }
        } finally {
            try (Statement st = connection.createStatement()) {
                st.execute("SELECT pg_advisory_unlock(" + LOCK_ID + ")");
            }
        }
        return new Result(applied, present);
    }

    /** Every migration on the classpath, in version order. */
    public static List<Migration> load() {
        List<String> names = new ArrayList<>();
        try {
            Enumeration<URL> roots = Migrations.class.getClassLoader().getResources(LOCATION);
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                if (root.getProtocol().equals("jar")) {
                    JarURLConnection jar = (JarURLConnection) root.openConnection();
                    jar.setUseCaches(false);
                    try (JarFile file = jar.getJarFile()) {
                        for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                            String entry = e.nextElement().getName();
                            if (entry.startsWith(LOCATION + "/") && entry.endsWith(".sql")) {
                                names.add(entry.substring(LOCATION.length() + 1));
                            }
                        }
                    }
                } else {
                    try (var files = Files.list(Path.of(root.toURI()))) {
                        files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).forEach(names::add);
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list " + LOCATION, e);
        }
        List<Migration> migrations = new ArrayList<>();
        Map<Integer, String> seen = new HashMap<>();
        for (String name : names.stream().distinct().toList()) {
            Matcher m = FILE_NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalStateException("migration file " + name + " is not named V<n>__<what>.sql");
            }
            int version = Integer.parseInt(m.group(1));
            if (seen.put(version, name) != null) {
                throw new IllegalStateException("two migrations with version " + version + ": " + name + ", " + seen.get(version));
            }
            migrations.add(new Migration(version, m.group(2), read(LOCATION + "/" + name)));
        }
        migrations.sort(java.util.Comparator.comparingInt(Migration::version));
        return migrations;
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
