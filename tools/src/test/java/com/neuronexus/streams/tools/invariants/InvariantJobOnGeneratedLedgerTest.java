package com.neuronexus.streams.tools.invariants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.neuronexus.streams.connectors.io.FileTopicIo;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.jobs.InvariantJob;
import com.neuronexus.streams.jobs.Replay;
import com.neuronexus.streams.tools.generator.GenerateCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance: every ledger violation the generator injects is detected by InvariantJob, and nothing
 * else is (its manifest lists the injections). Four days rotate through all seven invariants.
 */
class InvariantJobOnGeneratedLedgerTest {

    private static List<JsonNode> lines(Path file) throws Exception {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(Json::readTree).toList();
    }

    @Test
    void detectsExactlyTheInjectedLedgerViolations(@TempDir Path dir) throws Exception {
        Path workload = dir.resolve("workload");
        assertEquals(0, GenerateCommand.run(new String[] {"--out", workload.toString(), "--days", "4", "--skus", "40"}));

        Settings settings = Settings.defaults();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, Replay.loopbackOnly());
        Path out = dir.resolve("out");
        new InvariantJob(settings, new FileTopicIo(settings, workload, out)).build(env);
        env.execute("invariants-on-generated-ledger");

        JsonNode manifest = Json.MAPPER.readTree(workload.resolve("manifest.json").toFile());
        List<JsonNode> injections = StreamSupport.stream(manifest.get("injections").spliterator(), false)
                .filter(i -> i.get("topic").asText().equals("ledger.events")).toList();
        Set<String> injected = new TreeSet<>();
        injections.forEach(i -> injected.add(i.get("kind").asText() + " " + i.get("entity").asText()));
        assertEquals(7, injected.stream().map(s -> s.split(" ")[0]).distinct().count(), "all seven invariants injected");

        List<JsonNode> signals = lines(out.resolve("ops.signals.jsonl"));
        Set<String> observed = new TreeSet<>();
        signals.stream().filter(s -> s.get("state").asText().equals("OBSERVED"))
                .forEach(s -> observed.add(s.get("kind").asText() + " " + s.get("evidence").get("entity").asText()));
        assertEquals(injected, observed, "every injection detected, no false positives");

        // Clears: the negative stock injections recover at their manifest end; nothing else clears but the
        // duplicate invoices, whose retention the end of input ends.
        for (JsonNode s : signals) {
            if (!s.get("state").asText().equals("CLEARED")) {
                continue;
            }
            String kind = s.get("kind").asText();
            assertTrue(kind.equals("NO_NEGATIVE_STOCK") || kind.equals("NO_DUPLICATE_INVOICES"), s.toString());
            if (kind.equals("NO_NEGATIVE_STOCK")) {
                String entity = s.get("evidence").get("entity").asText();
                JsonNode injection = injections.stream()
                        .filter(i -> i.get("entity").asText().equals(entity)).findFirst().orElseThrow();
                assertEquals(injection.get("end").asText(), s.get("ts").asText(), entity);
            }
        }

        long orphans = injections.stream().filter(i -> i.get("kind").asText().equals("NO_ORPHANED_SALE_ITEMS")).count();
        assertEquals(orphans, lines(out.resolve("ledger.corrections.jsonl")).size(), "one delete per orphaned item");
        assertEquals(manifest.get("topics").get("ledger.events").get("malformed").asLong(),
                lines(out.resolve("ledger.events.dlq.jsonl")).size(), "only the malformed lines are dead letters");
    }
}
