package com.neuronexus.streams.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.connectors.io.FileTopicIo;
import com.neuronexus.streams.core.events.AuditEvent;
import com.neuronexus.streams.core.events.AuditOutcome;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.AuditCheckpoint;
import com.neuronexus.streams.core.outputs.AuditRecord;
import com.neuronexus.streams.core.outputs.SecurityBlock;
import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.operators.audit.ChainVerifier;
import com.neuronexus.streams.operators.audit.HashChain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AuditJob on a MiniCluster over JSON-lines files: sealing, checkpoints, tamper and brute-force signals. */
class AuditJobTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static <T> List<T> read(Path file, Class<T> type) throws Exception {
        List<T> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(Json.MAPPER.readValue(line, type));
        }
        return out;
    }

    private static void run(Path in, Path out) throws Exception {
        Settings settings = Settings.load(new String[] {"--events.max-out-of-orderness-ms", "1000",
                "--audit.checkpoint.every-events", "4"}, Map.of(), Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, Replay.loopbackOnly());
        new AuditJob(settings, new FileTopicIo(settings, in, out)).build(env);
        env.execute("audit-test");
    }

    @Test
    void sealsVerifiesCheckpointsAndBlocksAndRunsRepeatExactly(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        // chain "default": 10 sealed events, one of them out of order within the bound
        for (int i = 1; i <= 10; i++) {
            int s = i == 3 ? 4 : i == 4 ? 3 : i;
            lines.add("{\"event_id\":\"d" + s + "\",\"ts\":\"" + T0.plusSeconds(s) + "\",\"actor\":\"alice\","
                    + "\"action\":\"update\",\"entity\":\"order\",\"entity_id\":\"o" + s + "\",\"outcome\":\"SUCCESS\","
                    + "\"payload\":{\"z\":1,\"a\":[true,null,\"x\"]}}");
        }
        // chain "pos": pre-chained by the producer; the third event was altered after chaining
        HashChain producer = new HashChain("pos");
        for (int i = 1; i <= 4; i++) {
            AuditEvent e = new AuditEvent("p" + i, T0.plusSeconds(20 + i), "pos", "till-1", "sale", null, null, null,
                    AuditOutcome.SUCCESS, null, null, null);
            AuditRecord r = producer.append(e).record();
            String actor = i == 3 ? "till-9" : r.actor();
            lines.add("{\"event_id\":\"" + r.eventId() + "\",\"ts\":\"" + r.ts() + "\",\"chain\":\"pos\",\"actor\":\""
                    + actor + "\",\"action\":\"sale\",\"outcome\":\"SUCCESS\",\"prev_hash\":\"" + r.prevHash()
                    + "\",\"row_hash\":\"" + r.rowHash() + "\"}");
        }
        // chain "auth": five failed logins of bob from one IP
        for (int i = 1; i <= 5; i++) {
            lines.add("{\"event_id\":\"f" + i + "\",\"ts\":\"" + T0.plusSeconds(30 + i) + "\",\"chain\":\"auth\","
                    + "\"actor\":\"bob\",\"action\":\"login\",\"ip\":\"10.0.0.7\",\"outcome\":\"FAILURE\"}");
        }
        // a late event: 20 s behind the newest event, beyond the 1 s bound
        lines.add("{\"event_id\":\"late\",\"ts\":\"" + T0.plusSeconds(15) + "\",\"actor\":\"alice\","
                + "\"action\":\"update\",\"outcome\":\"SUCCESS\"}");
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.write(in.resolve("audit.events.jsonl"), lines, StandardCharsets.UTF_8);

        Path out = dir.resolve("out1");
        run(in, out);

        List<AuditRecord> rows = read(out.resolve("audit.chain.jsonl"), AuditRecord.class);
        List<AuditCheckpoint> cps = read(out.resolve("audit.checkpoints.jsonl"), AuditCheckpoint.class);
        List<AuditRecord> main = rows.stream().filter(r -> r.chain().equals("default"))
                .sorted(Comparator.comparingLong(AuditRecord::seq)).toList();
        assertEquals(10, main.size());
        assertEquals("d3", main.get(2).eventId(), "sealed in event-time order");
        ChainVerifier.Result result = ChainVerifier.verify("default", main,
                cps.stream().filter(c -> c.chain().equals("default")).toList());
        assertTrue(result.intact(), String.valueOf(result.damage()));
        assertTrue(result.verifiedCheckpoints() >= 2, "count checkpoints at 4 and 8, time checkpoint at the end");
        assertEquals(10, cps.stream().filter(c -> c.chain().equals("default")).mapToLong(AuditCheckpoint::seq).max().orElse(0),
                "the end of input closes the open segment");

        List<AuditRecord> pos = rows.stream().filter(r -> r.chain().equals("pos"))
                .sorted(Comparator.comparingLong(AuditRecord::seq)).toList();
        assertEquals(List.of(true, true, false, true), pos.stream().map(AuditRecord::verified).toList());

        List<SecurityBlock> blocks = read(out.resolve("security.blocks.jsonl"), SecurityBlock.class);
        assertEquals(List.of("10.0.0.7", "bob"), blocks.stream().map(SecurityBlock::subject).sorted().toList());

        List<Signal> signals = read(out.resolve("ops.signals.jsonl"), Signal.class);
        Signal tampered = signals.stream().filter(s -> s.kind().equals("AUDIT_CHAIN_TAMPERED")).findFirst().orElseThrow();
        assertEquals("P1", tampered.priority());
        assertEquals(3, Json.readTree(tampered.evidence()).get("first_bad_seq").asLong());
        assertEquals(2, signals.stream().filter(s -> s.kind().equals("BRUTE_FORCE")
                && s.state() == Signal.SignalState.OBSERVED).count());
        Signal late = signals.stream().filter(s -> s.kind().equals("AUDIT_EVENT_LATE")).findFirst().orElseThrow();
        assertEquals("P2", late.priority());
        assertEquals("late", Json.readTree(late.evidence()).get("event_id").asText());
        assertFalse(rows.stream().anyMatch(r -> r.eventId().equals("late")), "the late event is on the DLQ, not sealed");

        Path again = dir.resolve("out2");
        run(in, again);
        for (String file : List.of("audit.chain.jsonl", "audit.checkpoints.jsonl", "security.blocks.jsonl",
                "ops.signals.jsonl")) {
            assertArrayEquals(Files.readAllBytes(out.resolve(file)), Files.readAllBytes(again.resolve(file)), file);
        }
    }
}
