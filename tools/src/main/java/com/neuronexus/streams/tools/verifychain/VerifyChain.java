package com.neuronexus.streams.tools.verifychain;

import com.neuronexus.streams.core.events.AuditOutcome;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.AuditCheckpoint;
import com.neuronexus.streams.core.outputs.AuditRecord;
import com.neuronexus.streams.operators.audit.ChainVerifier;
import com.neuronexus.streams.operators.audit.Damage;
import com.neuronexus.streams.operators.audit.DamageKind;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * {@code ./nexus verify-chain (--jdbc-url URL [--jdbc-user U --jdbc-password P] | --input FILE.jsonl) [--chain NAME]}.
 * Recomputes every link of every chain (or of one chain) and every checkpoint's head hash and Merkle root.
 * Checkpoints come from the {@code audit_checkpoints} table, or from {@code audit.checkpoints.jsonl} next to the
 * input file. With a file, every line must also be exactly the canonical JSON of the record it holds, so a
 * changed byte that the JSON parser would forgive (a key's spelling, an equivalent timestamp) is still caught.
 *
 * <p>Exit 0 and the count verified when intact; exit 1 naming the chain, the first bad seq and the kind of
 * damage; exit 2 for usage or I/O errors.
 */
public final class VerifyChain {
    public static final String CHECKPOINTS_FILE = "audit.checkpoints.jsonl";

    private VerifyChain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Thrown for damage found while reading (a line that is not a canonical record). */
    private static final class Unreadable extends Exception {
        final String chain;
        final Damage damage;

        Unreadable(String chain, Damage damage) {
            super(damage.toString());
            this.chain = chain;
            this.damage = damage;
        }
    }

    private record Data(Map<String, List<AuditRecord>> rows, Map<String, List<AuditCheckpoint>> checkpoints) {}

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String jdbcUrl = null;
        String user = null;
        String password = null;
        String input = null;
        String chain = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--jdbc-url" -> jdbcUrl = value;
                case "--jdbc-user" -> user = value;
                case "--jdbc-password" -> password = value;
                case "--input" -> input = value;
                case "--chain" -> chain = value;
                default -> {
                    err.println("unknown argument '" + a + "'");
                    return usage(err);
                }
            }
            if (value == null) {
                return usage(err);
            }
            i++;
        }
        if ((jdbcUrl == null) == (input == null)) {
            return usage(err);
        }
        Data data;
        try {
            data = input != null ? readFiles(Path.of(input), chain) : readJdbc(jdbcUrl, user, password, chain);
        } catch (Unreadable u) {
            out.println("chain " + u.chain + ": DAMAGED: " + u.damage);
            return 1;
        } catch (IOException | SQLException e) {
            err.println("verify-chain: cannot read the audit log: " + e.getMessage());
            return 2;
        }
        if (chain != null) {
            data.rows().putIfAbsent(chain, new ArrayList<>());
        }
        for (String name : data.checkpoints().keySet()) {
            data.rows().putIfAbsent(name, new ArrayList<>());
        }
        long rows = 0;
        long checkpoints = 0;
        for (var entry : data.rows().entrySet()) {
            List<AuditRecord> chainRows = entry.getValue();
            chainRows.sort(Comparator.comparingLong(AuditRecord::seq)); // stable: repeated seqs keep their order
            ChainVerifier.Result result = ChainVerifier.verify(entry.getKey(), chainRows,
                    data.checkpoints().getOrDefault(entry.getKey(), List.of()));
            if (!result.intact()) {
                out.println("chain " + entry.getKey() + ": DAMAGED: " + result.damage());
                return 1;
            }
            out.println("chain " + entry.getKey() + ": " + result.verifiedRows() + " rows and "
                    + result.verifiedCheckpoints() + " checkpoints verified");
            rows += result.verifiedRows();
            checkpoints += result.verifiedCheckpoints();
        }
        out.println("intact: " + rows + " rows and " + checkpoints + " checkpoints verified in "
                + data.rows().size() + " chain(s)");
        return 0;
    }

    private static int usage(PrintStream err) {
        err.println("usage: verify-chain (--jdbc-url URL [--jdbc-user U --jdbc-password P] | --input FILE.jsonl)"
                + " [--chain NAME]");
        return 2;
    }

    private static Data readFiles(Path input, String onlyChain) throws IOException, Unreadable {
        Map<String, List<AuditRecord>> rows = new TreeMap<>();
        for (Line<AuditRecord> line : readCanonical(input, AuditRecord.class)) {
            if (onlyChain == null || onlyChain.equals(line.value().chain())) {
                rows.computeIfAbsent(line.value().chain(), c -> new ArrayList<>()).add(line.value());
            }
        }
        Map<String, List<AuditCheckpoint>> checkpoints = new TreeMap<>();
        Path parent = input.toAbsolutePath().getParent();
        Path checkpointFile = parent == null ? Path.of(CHECKPOINTS_FILE) : parent.resolve(CHECKPOINTS_FILE);
        if (Files.exists(checkpointFile) && !checkpointFile.equals(input.toAbsolutePath())) {
            for (Line<AuditCheckpoint> line : readCanonical(checkpointFile, AuditCheckpoint.class)) {
                if (onlyChain == null || onlyChain.equals(line.value().chain())) {
                    checkpoints.computeIfAbsent(line.value().chain(), c -> new ArrayList<>()).add(line.value());
                }
            }
        }
        return new Data(rows, checkpoints);
    }

    private record Line<T>(int number, T value) {}

    /** Every non-empty line must parse and be byte-identical to the canonical JSON of what it parsed to. */
    private static <T> List<Line<T>> readCanonical(Path file, Class<T> type) throws IOException, Unreadable {
        // Decoding with replacement: a byte that breaks UTF-8 becomes U+FFFD and fails the canonical check.
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        List<Line<T>> out = new ArrayList<>();
        String lastChain = "?";
        long lastSeq = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() && i == lines.length - 1) {
                break; // the newline that ends the file
            }
            T value;
            try {
                value = Json.MAPPER.readValue(line, type);
            } catch (IOException | RuntimeException e) {
                throw new Unreadable(lastChain, new Damage(DamageKind.MODIFIED, lastSeq + 1, null,
                        file.getFileName() + " line " + (i + 1) + " is not a valid record (" + firstLine(e) + ")"));
            }
            String chain = value instanceof AuditRecord r ? r.chain() : ((AuditCheckpoint) value).chain();
            long seq = value instanceof AuditRecord r ? r.seq() : ((AuditCheckpoint) value).seq();
            if (!Json.toText(value).equals(line)) {
                throw new Unreadable(chain, new Damage(DamageKind.MODIFIED, seq, null, file.getFileName() + " line "
                        + (i + 1) + " is not the canonical form of the record it holds (bytes were changed)"));
            }
            lastChain = chain;
            lastSeq = seq;
            out.add(new Line<>(i + 1, value));
        }
        return out;
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static Data readJdbc(String url, String user, String password, String onlyChain) throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        Map<String, List<AuditRecord>> rows = new TreeMap<>();
        Map<String, List<AuditCheckpoint>> checkpoints = new TreeMap<>();
        String where = onlyChain == null ? "" : " WHERE chain = ?";
        try (Connection c = DriverManager.getConnection(url, props)) {
            try (PreparedStatement st = c.prepareStatement("SELECT chain, seq, event_id, ts, actor, action, entity, "
                    + "entity_id, ip, outcome, payload::text, prev_hash, row_hash, verified FROM audit_log" + where
                    + " ORDER BY chain, seq")) {
                if (onlyChain != null) {
                    st.setString(1, onlyChain);
                }
                st.setFetchSize(10_000);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        String payload = rs.getString(11);
                        String outcome = rs.getString(10);
                        AuditRecord r = new AuditRecord(rs.getString(1), rs.getLong(2), rs.getString(3),
                                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getString(6),
                                rs.getString(7), rs.getString(8), rs.getString(9),
                                outcome == null ? null : outcomeOrNull(outcome),
                                // jsonb re-formats objects; the hash is over the canonical text (docs/audit.md).
                                payload == null ? null : Json.canonical(Json.readTree(payload)),
                                rs.getString(12), rs.getString(13), rs.getBoolean(14));
                        rows.computeIfAbsent(r.chain(), k -> new ArrayList<>()).add(r);
                    }
                }
            }
            try (PreparedStatement st = c.prepareStatement("SELECT chain, seq, head_hash, merkle_root, first_seq, count, ts"
                    + " FROM audit_checkpoints" + where + " ORDER BY chain, seq")) {
                if (onlyChain != null) {
                    st.setString(1, onlyChain);
                }
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        AuditCheckpoint cp = new AuditCheckpoint(rs.getString(1), rs.getLong(2), rs.getString(3),
                                rs.getString(4), rs.getLong(5), rs.getLong(6),
                                rs.getObject(7, OffsetDateTime.class).toInstant());
                        checkpoints.computeIfAbsent(cp.chain(), k -> new ArrayList<>()).add(cp);
                    }
                }
            }
        }
        return new Data(rows, checkpoints);
    }

    /** An outcome edited to an unknown word must still fail verification, not the tool: hash it as absent. */
    private static AuditOutcome outcomeOrNull(String text) {
        try {
            return AuditOutcome.valueOf(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
