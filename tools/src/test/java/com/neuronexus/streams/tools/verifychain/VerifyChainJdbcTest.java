package com.neuronexus.streams.tools.verifychain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.connectors.jdbc.Migrations;
import com.neuronexus.streams.connectors.jdbc.UpsertStatement;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.AuditEvent;
import com.neuronexus.streams.core.events.AuditOutcome;
import com.neuronexus.streams.core.outputs.AuditCheckpoint;
import com.neuronexus.streams.core.outputs.AuditRecord;
import com.neuronexus.streams.core.outputs.SecurityBlock;
import com.neuronexus.streams.operators.audit.HashChain;
import com.neuronexus.streams.operators.audit.MerkleTree;
import com.neuronexus.streams.tools.infra.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** verify-chain against real PostgreSQL: the V30 tables, the platform's upsert statements, jsonb payloads. */
class VerifyChainJdbcTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static <T> void upsert(Connection c, Topic topic, Class<T> type, List<T> records) throws Exception {
        UpsertStatement<T> upsert = new UpsertStatement<>(topic.table().orElseThrow(), type, topic.primaryKey());
        try (PreparedStatement st = c.prepareStatement(upsert.sql())) {
            for (T r : records) {
                upsert.accept(st, r);
                st.executeUpdate();
            }
        }
    }

    private static String[] run(EmbeddedPostgres pg, String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--jdbc-url", pg.jdbcUrlWithoutCredentials(),
                "--jdbc-user", pg.user(), "--jdbc-password", pg.password()));
        args.addAll(List.of(extra));
        int exit = VerifyChain.run(args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(exit), out.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void verifiesTheTablesAndNamesTheFirstDamage() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            Migrations.apply(pg.jdbcUrlWithoutCredentials(), pg.user(), pg.password());
            HashChain chain = new HashChain("default");
            List<AuditRecord> rows = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                rows.add(chain.append(new AuditEvent("e" + i, T0.plusMillis(i * 1001L), "default", "alice", "update",
                        "order", "o" + i, i % 2 == 0 ? null : "10.0.0.1", AuditOutcome.SUCCESS,
                        "{\"items\":[{\"qty\":2,\"sku\":\"A-1\"}],\"long_key_first\":\"ü\",\"z\":0.5}", null, null))
                        .record());
            }
            List<String> hashes = rows.stream().map(AuditRecord::rowHash).toList();
            AuditCheckpoint cp = new AuditCheckpoint("default", 8, rows.get(7).rowHash(), MerkleTree.rootHex(hashes),
                    1, 8, rows.get(7).ts());
            try (Connection c = pg.connect()) {
                upsert(c, Topic.AUDIT_CHAIN, AuditRecord.class, rows);
                upsert(c, Topic.AUDIT_CHECKPOINTS, AuditCheckpoint.class, List.of(cp));
                upsert(c, Topic.SECURITY_BLOCKS, SecurityBlock.class, List.of(new SecurityBlock("bob", "ACTOR", T0,
                        T0.plusSeconds(900), "5 failed logins for actor bob within 15 min", 5)));
            }
            String[] intact = run(pg);
            assertEquals("0", intact[0], intact[1]);
            assertTrue(intact[1].contains("intact: 8 rows and 1 checkpoints verified"), intact[1]);

            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE audit_log SET payload = jsonb_set(payload, '{z}', '0.75') WHERE seq = 5");
            }
            String[] modified = run(pg, "--chain", "default");
            assertEquals("1", modified[0], modified[1]);
            assertTrue(modified[1].contains("MODIFIED at seq 5"), modified[1]);

            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE audit_log SET payload = jsonb_set(payload, '{z}', '0.5') WHERE seq = 5");
                s.executeUpdate("DELETE FROM audit_log WHERE seq >= 7");
            }
            String[] truncated = run(pg);
            assertEquals("1", truncated[0], truncated[1]);
            assertTrue(truncated[1].contains("DELETED at seq 7"), truncated[1]);
        }
    }
}
