package com.neuronexus.streams.tools.verifychain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.events.AuditEvent;
import com.neuronexus.streams.core.events.AuditOutcome;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.AuditCheckpoint;
import com.neuronexus.streams.core.outputs.AuditRecord;
import com.neuronexus.streams.operators.audit.AuditEncoding;
import com.neuronexus.streams.operators.audit.HashChain;
import com.neuronexus.streams.operators.audit.MerkleTree;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyChainTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private List<AuditRecord> rows;
    private Path chainFile;
    private Path checkpointFile;

    @BeforeEach
    void writeChain() throws Exception {
        HashChain chain = new HashChain("default");
        rows = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            AuditEvent e = new AuditEvent("e" + i, T0.plusMillis(i * 1500L), "default", "alice", "update", "order",
                    "o" + i, "10.0.0." + i, i % 3 == 0 ? AuditOutcome.DENIED : AuditOutcome.SUCCESS,
                    "{\"amount\":" + i + ".25,\"tags\":[\"a\",\"ü\"]}", null, null);
            rows.add(chain.append(e).record());
        }
        // a second chain, to show chains are verified independently
        HashChain other = new HashChain("pos");
        List<AuditRecord> pos = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            pos.add(other.append(new AuditEvent("p" + i, T0.plusSeconds(i), "pos", "till", "sale", null, null, null,
                    AuditOutcome.SUCCESS, null, null, null)).record());
        }
        List<AuditCheckpoint> cps = new ArrayList<>();
        for (int[] seg : new int[][] {{1, 4}, {5, 8}, {9, 10}}) {
            List<String> hashes = rows.subList(seg[0] - 1, seg[1]).stream().map(AuditRecord::rowHash).toList();
            AuditRecord head = rows.get(seg[1] - 1);
            cps.add(new AuditCheckpoint("default", seg[1], head.rowHash(), MerkleTree.rootHex(hashes), seg[0],
                    hashes.size(), head.ts()));
        }
        List<String> lines = new ArrayList<>();
        rows.forEach(r -> lines.add(Json.toText(r)));
        pos.forEach(r -> lines.add(Json.toText(r)));
        Collections.sort(lines); // as the platform's file sink orders lines: file order is not seq order
        chainFile = dir.resolve("audit.chain.jsonl");
        Files.write(chainFile, lines, StandardCharsets.UTF_8);
        checkpointFile = dir.resolve(VerifyChain.CHECKPOINTS_FILE);
        Files.write(checkpointFile, cps.stream().map(Json::toText).toList(), StandardCharsets.UTF_8);
    }

    private record Run(int exit, String out) {}

    private Run verify(String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--input", chainFile.toString()));
        args.addAll(List.of(extra));
        int exit = VerifyChain.run(args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8));
    }

    private void writeRows(List<AuditRecord> chainRows) throws Exception {
        Files.write(chainFile, chainRows.stream().map(Json::toText).toList(), StandardCharsets.UTF_8);
    }

    private static AuditRecord withSeq(AuditRecord r, long seq) {
        return new AuditRecord(r.chain(), seq, r.eventId(), r.ts(), r.actor(), r.action(), r.entity(), r.entityId(),
                r.ip(), r.outcome(), r.payload(), r.prevHash(), r.rowHash(), r.verified());
    }

    @Test
    void intactLogExitsZeroWithTheCount() {
        Run run = verify();
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().contains("intact: 13 rows and 3 checkpoints verified in 2 chain(s)"), run.out());
        Run one = verify("--chain", "default");
        assertEquals(0, one.exit());
        assertTrue(one.out().contains("10 rows and 3 checkpoints"), one.out());
    }

    @Test
    void everySingleByteChangeInAnyRowOrCheckpointIsCaught() throws Exception {
        // A short chain (rows 1..4 and their checkpoint) keeps the exhaustive loop fast.
        writeRows(rows.subList(0, 4));
        Files.write(checkpointFile, List.of(Files.readAllLines(checkpointFile).get(0)), StandardCharsets.UTF_8);
        assertEquals(0, verify().exit());
        for (Path file : List.of(chainFile, checkpointFile)) {
            byte[] original = Files.readAllBytes(file);
            for (int flip : new int[] {0x01, 0x20}) {
                // xor 0x01 at every byte; xor 0x20 (letter case, digit to control char) over the first lines
                int end = flip == 0x01 ? original.length : Math.min(original.length, 600);
                for (int i = 0; i < end; i++) {
                    byte[] changed = original.clone();
                    changed[i] ^= (byte) flip;
                    Files.write(file, changed);
                    Run run = verify();
                    if (run.exit() != 1) {
                        throw new AssertionError(file.getFileName() + ": byte " + i + " xor " + flip + " ('"
                                + (char) original[i] + "') was not caught: " + run.out());
                    }
                }
            }
            Files.write(file, original);
        }
        assertEquals(0, verify().exit());
    }

    @Test
    void deletedRowIsNamed() throws Exception {
        List<AuditRecord> t = new ArrayList<>(rows);
        t.remove(6);
        writeRows(t);
        Run run = verify("--chain", "default");
        assertEquals(1, run.exit());
        assertTrue(run.out().contains("DELETED at seq 7"), run.out());
    }

    @Test
    void insertedRowIsNamed() throws Exception {
        AuditRecord forged = new AuditRecord("default", 5, "x", T0.plusSeconds(7), "mallory", "grant", null, null,
                null, AuditOutcome.SUCCESS, null, rows.get(3).rowHash(), null, true);
        forged = new AuditRecord(forged.chain(), 5, forged.eventId(), forged.ts(), forged.actor(), forged.action(),
                null, null, null, forged.outcome(), null, forged.prevHash(), AuditEncoding.recompute(forged), true);
        List<AuditRecord> t = new ArrayList<>(rows);
        t.add(4, forged);
        writeRows(t);
        Run run = verify();
        assertEquals(1, run.exit());
        assertTrue(run.out().contains("INSERTED at seq 5"), run.out());
    }

    @Test
    void swappedRowsAreReordered() throws Exception {
        List<AuditRecord> t = new ArrayList<>(rows);
        t.set(2, withSeq(rows.get(3), 3));
        t.set(3, withSeq(rows.get(2), 4));
        writeRows(t);
        Run run = verify();
        assertEquals(1, run.exit());
        assertTrue(run.out().contains("REORDERED at seq 3"), run.out());
    }

    @Test
    void modifiedRowIsNamed() throws Exception {
        List<AuditRecord> t = new ArrayList<>(rows);
        AuditRecord r = rows.get(8);
        t.set(8, new AuditRecord(r.chain(), r.seq(), r.eventId(), r.ts(), r.actor(), "delete", r.entity(),
                r.entityId(), r.ip(), r.outcome(), r.payload(), r.prevHash(), r.rowHash(), r.verified()));
        writeRows(t);
        Run run = verify();
        assertEquals(1, run.exit());
        assertTrue(run.out().contains("MODIFIED at seq 9"), run.out());
    }

    @Test
    void truncatedTailIsCaughtByTheCheckpoints() throws Exception {
        writeRows(rows.subList(0, 9));
        Run run = verify();
        assertEquals(1, run.exit());
        assertTrue(run.out().contains("DELETED at seq 10"), run.out());
    }

    @Test
    void usageErrorsExitTwo() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8);
        assertEquals(2, VerifyChain.run(new String[0], ps, ps));
        assertEquals(2, VerifyChain.run(new String[] {"--input", dir.resolve("missing.jsonl").toString()}, ps, ps));
    }
}
