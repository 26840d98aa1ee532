package com.neuronexus.streams.tools.e2e;

import com.neuronexus.streams.tools.bench.RecordingTopicIo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.neuronexus.streams.connectors.io.KafkaTopicIo;
import com.neuronexus.streams.connectors.jdbc.Migrations;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.settings.PlatformSettings;
import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.jobs.AuditJob;
import com.neuronexus.streams.jobs.JobCatalog;
import com.neuronexus.streams.jobs.NexusJob;
import com.neuronexus.streams.jobs.Replay;
import com.neuronexus.streams.operators.audit.AuditChainFunction;
import com.neuronexus.streams.tools.generator.GenerateCommand;
import com.neuronexus.streams.tools.infra.LocalFlink;
import com.neuronexus.streams.tools.infra.LocalStack;
import com.neuronexus.streams.tools.kafka.TopicLoader;
import com.neuronexus.streams.tools.verifychain.VerifyChain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole platform on 127.0.0.1: a generated workload loaded into a real Kafka broker, the jobs of
 * {@link #JOBS} running on a local Flink cluster with checkpoints, outputs in Kafka and PostgreSQL.
 *
 * <ul>
 *   <li>every output topic that has a table agrees with the table on the primary keys;</li>
 *   <li>every malformed line the generator's manifest lists is in {@code <topic>.dlq};</li>
 *   <li>the audit chain in PostgreSQL verifies, except the record the generator tampered with;</li>
 *   <li>live output equals a file replay of the same workload;</li>
 *   <li>an audit job stopped with a savepoint mid-input and restored continues its chains without a gap or a
 *       duplicate, ending equal to the uninterrupted replay.</li>
 * </ul>
 *
 * <p>The workload gets one extra audit event per partition of audit.events, each on a chain of its own a day
 * after the workload ends: they carry the watermark past every generated event, whichever partition goes idle
 * first, so a live run emits everything a bounded replay emits and the comparison is exact rather than "a
 * prefix of".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformEndToEndTest {

    /**
     * The jobs under test, by catalog name; what they read and write is discovered while they are built, and
     * every check below (DLQs of their generated inputs, topic == table of their outputs) follows. "demand",
     * "ops" and "invariants" also run here, but 3 days of generated latency traffic make ~95,000 latency
     * windows, well past this test's time budget on 2 cores: demand and ops have their own end-to-end tests on
     * smaller workloads ({@link DemandEndToEndTest}, {@link OpsEndToEndTest}).
     */
    static final List<String> JOBS = List.of("audit", "incidents");

    static final Duration WAIT = Duration.ofSeconds(90);
    static final Duration AUDIT_WATERMARK_INTERVAL = Duration.ofSeconds(3);
    /** Prefix of the sentinel chains, one per partition of audit.events (see the class comment). */
    static final String SENTINEL_CHAIN = "e2e-watermark";
    static final int AUDIT_PARTITIONS = 2;
    static final String RECOVERY_PREFIX = "recovery.";

    private Path tmp;

    private Path workload;
    private JsonNode manifest;
    private LocalStack stack;
    private Settings settings;
    private final Set<Topic> reads = new LinkedHashSet<>();
    private final Set<Topic> writes = new LinkedHashSet<>();
    private final List<JobClient> liveJobs = new ArrayList<>();
    /** The uninterrupted file replay of the audit job: audit.chain records, sentinel chain left out. */
    private List<JsonNode> replayedChain;
    /** Reads output topics for the assertions (one client: a new one per read costs about a second). */
    private StackProbe probe;

    @BeforeAll
    void runTheWorkloadLive(@TempDir Path dir) throws Exception {
        tmp = dir;
        workload = tmp.resolve("workload");
        assertEquals(0, GenerateCommand.run(new String[] {"--out", workload.toString(), "--days", "3", "--skus", "20",
                "--seed", "7", "--start", "2026-01-05T00:00:00Z"}));
        manifest = Json.MAPPER.readTree(workload.resolve("manifest.json").toFile());
        appendWatermarkSentinel();
        phase("generated");

        Settings base = Settings.defaults()
                .with(PlatformSettings.KAFKA_STARTING_OFFSETS, PlatformSettings.StartingOffsets.EARLIEST)
                .with(PlatformSettings.KAFKA_GROUP_ID_PREFIX, "e2e")
                // all input arrives at once: partitions that ran dry must stop holding the watermark soon
                .with(PlatformSettings.EVENTS_IDLENESS_MS, 1_000L)
                .with(PlatformSettings.JDBC_BATCH_INTERVAL_MS, 100L)
                // one health score per event-time hour instead of per 10 s: 3 days make ~80 rows, not ~26,000
                .with(com.neuronexus.streams.core.settings.IncidentSettings.HEALTH_INTERVAL_MS, 3_600_000L);

        Path replayOut = tmp.resolve("replay");
        Replay.run("audit", base, workload, replayOut, 1);
        replayedChain = chainRecords(Files.readAllLines(replayOut.resolve(Topic.AUDIT_CHAIN.topicName() + ".jsonl"))
                .stream().map(Json::readTree).toList());
        assertFalse(replayedChain.isEmpty(), "the replay sealed no audit record");
        phase("replayed");

        stack = LocalStack.start(new LocalStack.Options(0, 0, 0, -1, 2, 8, 1,
                LocalFlink.StateBackend.ROCKSDB, Duration.ofSeconds(2), true));

        probe = new StackProbe(stack);
        Migrations.apply(stack.postgres().jdbcUrlWithoutCredentials(), stack.postgres().user(), stack.postgres().password());
        settings = stack.settings(base);
        phase("stack started");

        // Built first (that is how the inputs they read are found), started only once those inputs are loaded.
        Map<String, StreamExecutionEnvironment> built = new LinkedHashMap<>();
        for (String name : JOBS) {
            RecordingTopicIo io = new RecordingTopicIo(new KafkaTopicIo(settings, name));
            NexusJob job = JobCatalog.byName(name).create(settings, io);
            StreamExecutionEnvironment env = stack.flink().environment();
            job.build(env);
            built.put(name, env);
            reads.addAll(io.reads);
            writes.addAll(io.writes);
        }
        try (TopicLoader loader = new TopicLoader(stack.kafka().bootstrapServers())) {
            for (Topic topic : generatedInputs()) {
                loader.loadFile(topic, workload.resolve(topic.fileName()));
            }
        }
        phase("input loaded");
        for (Map.Entry<String, StreamExecutionEnvironment> job : built.entrySet()) {
            if (job.getKey().equals("audit")) {
                firstWatermarkAfterEveryPartition(job.getValue());
            }
            JobClient client = stack.flink().submit(job.getValue(), "e2e-" + job.getKey());
            liveJobs.add(client);
            stack.flink().awaitRunning(client.getJobID(), Duration.ofSeconds(60));
        }
        phase("jobs running");

        int expected = replayedChain.size();
        probe.await("live audit.chain, audit_log, incidents and the DLQs complete", WAIT, () -> {
            int inTopic = chainRecords(probe.readTopic(Topic.AUDIT_CHAIN.topicName())).size();
            long inTable = count("SELECT count(*) FROM audit_log WHERE chain NOT LIKE '" + SENTINEL_CHAIN + "%'");
            if (inTopic < expected || inTable < expected) {
                return "audit.chain " + inTopic + ", audit_log " + inTable + " of " + expected;
            }
            String missingLetters = EndToEndStack.missingDeadLetters(probe, manifest, generatedInputs());
            if (missingLetters != null) {
                return missingLetters;
            }
            for (Topic topic : tableTopics()) {
                String differ = probe.topicAndTableDiffer(topic);
                if (differ != null) {
                    return differ;
                }
            }
            Set<String> observed = observedSignalKeys();
            Set<String> incidents = strings("SELECT dedup_key FROM incidents");
            return !observed.isEmpty() && incidents.containsAll(observed) ? null
                    : "signals " + observed + " but incidents " + incidents;
        });
        phase("live outputs complete");
    }

    private final long started = System.nanoTime();

    /**
     * The Kafka source adds a partition to its watermark only once it has read a record of it, so a watermark
     * emitted after one partition's first records and before the other's runs ahead of the other's, and its first
     * events are dead-lettered as late, for good: live, 1,290 of the replay's 1,353 audit records were sealed
     * once, 63 events 00:50 behind a watermark at 08:28. Jobs therefore start on input that is already in Kafka
     * (each fetch holds both partitions), and the audit job, whose chains are compared with the replay, emits its
     * first watermark seconds after it starts, when both partitions have long been read from.
     */
    static void firstWatermarkAfterEveryPartition(StreamExecutionEnvironment env) {
        env.getConfig().setAutoWatermarkInterval(AUDIT_WATERMARK_INTERVAL.toMillis());
    }

    /** Where the time goes, for whoever has to keep this test fast. */
    private void phase(String what) {
        System.out.printf("e2e: %-28s at %5.1f s%n", what, (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    void stop() {
        StackProbe.closeBoth(probe, stack);
    }

    @Test
    void outputsAgreeInKafkaAndPostgresAndMalformedInputIsInTheDeadLetterTopics() throws Exception {
        assertTrue(reads.contains(Topic.AUDIT_EVENTS) && writes.contains(Topic.AUDIT_CHAIN)
                && writes.contains(Topic.INCIDENTS), "jobs wired as expected: reads " + reads + ", writes " + writes);

        // Kafka and PostgreSQL hold the same rows of every output that has a table.
        for (Topic topic : tableTopics()) {
            probe.assertTopicEqualsTable(topic);
        }
        List<JsonNode> chain = chainRecords(probe.readTopic(Topic.AUDIT_CHAIN.topicName()));
        assertEquals(replayedChain.size(), chain.size(), "audit.chain records");
        assertEquals(chain.size(), count("SELECT count(*) FROM audit_log WHERE chain NOT LIKE '" + SENTINEL_CHAIN + "%'"));
        Set<String> linksInTopic = chain.stream().map(n -> n.path("chain").asText() + "|" + n.path("seq").asLong() + "|"
                + n.path("prev_hash").asText() + "|" + n.path("row_hash").asText()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(linksInTopic, strings("SELECT chain || '|' || seq || '|' || prev_hash || '|' || row_hash FROM audit_log"
                + " WHERE chain NOT LIKE '" + SENTINEL_CHAIN + "%'"), "audit.chain and audit_log hold the same links");
        Set<String> incidentIds = probe.readTopic(Topic.INCIDENTS.topicName()).stream()
                .map(n -> n.path("incident_id").asText()).collect(Collectors.toCollection(TreeSet::new));
        assertFalse(incidentIds.isEmpty(), "no incident opened");
        assertEquals(incidentIds, strings("SELECT incident_id FROM incidents"));

        // Every malformed line of every generated topic a job reads is in its DLQ, with where and why.
        EndToEndStack.assertMalformedLinesDeadLettered(probe, manifest, workload, generatedInputs());

        // The chain in PostgreSQL verifies, except where the generator tampered with it.
        JsonNode tamper = injection("TAMPERED_RECORD");
        String tamperedChain = tamper.path("entity").asText();
        assertEquals(Set.of(tamperedChain + "|" + tamper.path("expected").path("position_in_chain").asText() + "|"
                        + tamper.path("expected").path("event_id").asText()),
                strings("SELECT chain || '|' || seq || '|' || event_id FROM audit_log WHERE NOT verified"));
        Set<String> chains = strings("SELECT DISTINCT chain FROM audit_log");
        assertTrue(chains.size() >= 2, chains.toString());
        for (String name : chains) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = VerifyChain.run(new String[] {"--jdbc-url", stack.postgres().jdbcUrlWithoutCredentials(),
                    "--jdbc-user", stack.postgres().user(), "--jdbc-password", stack.postgres().password(), "--chain", name},
                    new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            String report = out.toString(StandardCharsets.UTF_8);
            if (name.equals(tamperedChain)) {
                assertEquals(1, exit, report);
                assertTrue(report.contains("chain " + name + ": DAMAGED") && report.contains("at seq 1:"), report);
            } else {
                assertEquals(0, exit, report);
            }
        }
        // Every signal a detector raised became an incident; the tampering a P1 one.
        Set<String> observed = observedSignalKeys();
        assertTrue(strings("SELECT dedup_key FROM incidents").containsAll(observed), observed.toString());
        assertEquals(Set.of("P1"), strings("SELECT priority FROM incidents WHERE kind = '"
                + AuditChainFunction.TAMPERED + "'"));
    }

    @Test
    void liveOutputEqualsTheReplayFromFiles() {
        List<JsonNode> live = chainRecords(probe.readTopic(Topic.AUDIT_CHAIN.topicName()));
        assertEquals(live.size(), new HashSet<>(live).size(), "duplicate audit.chain records");
        assertEquals(bySeq(replayedChain), bySeq(live));
    }

    @Test
    void anAuditJobStoppedWithASavepointAndRestoredContinuesItsChains() throws Exception {
        for (JobClient client : liveJobs) {
            client.cancel().get(30, TimeUnit.SECONDS); // frees the cores; their outputs are already checked
        }
        // A topic set of its own, Kafka only: the live run's topics and tables stay as they are.
        Settings recovery = settings.with(PlatformSettings.KAFKA_TOPIC_PREFIX, RECOVERY_PREFIX)
                .with(PlatformSettings.KAFKA_GROUP_ID_PREFIX, "e2e-recovery")
                .with(PlatformSettings.JDBC_ENABLED, false);
        stack.kafka().createTopics(Topic.allTopicNames().stream().map(t -> RECOVERY_PREFIX + t).toList(), 2);
        String input = RECOVERY_PREFIX + Topic.AUDIT_EVENTS.topicName();
        String output = RECOVERY_PREFIX + Topic.AUDIT_CHAIN.topicName();
        List<String> lines = Files.readAllLines(workload.resolve(Topic.AUDIT_EVENTS.fileName()), StandardCharsets.UTF_8);
        int half = lines.size() / 2;

        load(input, lines.subList(0, half));
        JobClient first = submitAudit(recovery, new Configuration());
        probe.await("a quarter of the chain sealed before the stop", WAIT, () -> {
            int sealed = chainRecords(probe.readTopic(output)).size();
            return sealed >= replayedChain.size() / 4 ? null : sealed + " sealed";
        });
        phase("recovery: stopping");
        Path savepoints = Files.createDirectories(tmp.resolve("savepoints"));
        String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        List<JsonNode> beforeStop = chainRecords(probe.readTopic(output));
        assertTrue(beforeStop.size() < replayedChain.size(), "the stop came too late to test anything");

        load(input, lines.subList(half, lines.size()));
        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        JobClient second = submitAudit(recovery, restore);
        probe.await("the restored job finishes the chains", WAIT, () -> {
            int sealed = chainRecords(probe.readTopic(output)).size();
            return sealed >= replayedChain.size() ? null : sealed + " of " + replayedChain.size() + " sealed";
        });
        second.cancel().get(30, TimeUnit.SECONDS);
        phase("recovery: restored job done");

        List<JsonNode> all = chainRecords(probe.readTopic(output));
        Map<String, List<Long>> seqs = new TreeMap<>();
        for (JsonNode n : all) {
            seqs.computeIfAbsent(n.path("chain").asText(), c -> new ArrayList<>()).add(n.path("seq").asLong());
        }
        seqs.forEach((chain, list) -> {
            List<Long> sorted = list.stream().sorted().toList();
            for (int i = 0; i < sorted.size(); i++) {
                assertEquals(i + 1L, sorted.get(i), "chain " + chain + ": gap or duplicate at position " + (i + 1));
            }
        });
        assertEquals(bySeq(replayedChain), bySeq(all), "recovered chain differs from the uninterrupted replay");
        assertTrue(all.containsAll(beforeStop));
    }

    // ---------------------------------------------------------------------------------------------------------

    private JobClient submitAudit(Settings jobSettings, Configuration overrides) {
        StreamExecutionEnvironment env = stack.flink().environment(overrides);
        new AuditJob(jobSettings, new KafkaTopicIo(jobSettings, "audit")).build(env);
        firstWatermarkAfterEveryPartition(env);
        JobClient client = stack.flink().submit(env, "e2e-audit-recovery");
        stack.flink().awaitRunning(client.getJobID(), Duration.ofSeconds(60));
        return client;
    }

    private void load(String topic, List<String> lines) throws Exception {
        try (TopicLoader loader = new TopicLoader(stack.kafka().bootstrapServers())) {
            for (String line : lines) {
                if (!line.isEmpty()) {
                    byte[] key = null;
                    try {
                        JsonNode chain = Json.readTree(line).get("chain");
                        key = chain == null ? null : chain.asText().getBytes(StandardCharsets.UTF_8);
                    } catch (RuntimeException malformed) {
                        // no key: it goes to the DLQ anyway
                    }
                    loader.send(topic, key, line.getBytes(StandardCharsets.UTF_8), null);
                }
            }
            loader.flush();
        }
    }

    /**
     * One valid audit event on a chain of its own, a day after the workload ends, for every partition of
     * audit.events (chains are the message key; the keys are picked with Kafka's default partitioner): see the
     * class comment. With one sentinel, whenever its partition went idle before the other one, every partition
     * was idle with the other's watermark still short of its own last events, and those were never sealed.
     */
    private void appendWatermarkSentinel() throws Exception {
        StringBuilder lines = new StringBuilder();
        List<String> chains = keysForEveryPartition(SENTINEL_CHAIN, AUDIT_PARTITIONS);
        for (int i = 0; i < chains.size(); i++) {
            ObjectNode event = Json.newObject();
            event.put("event_id", "e2e-watermark-" + i);
            event.put("ts", Instant.parse(manifest.path("end").asText()).plus(Duration.ofDays(1)).toString());
            event.put("chain", chains.get(i));
            event.put("actor", "e2e");
            event.put("action", "watermark");
            event.put("outcome", "SUCCESS");
            lines.append(Json.toText(event)).append('\n');
        }
        Files.writeString(workload.resolve(Topic.AUDIT_EVENTS.fileName()), lines.toString(),
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /**
     * Message keys {@code prefix-0}, {@code prefix-1}, … one for each of {@code partitions} partitions, as Kafka's
     * default partitioner places a keyed record: a sentinel per partition carries every partition's watermark.
     */
    static List<String> keysForEveryPartition(String prefix, int partitions) {
        Map<Integer, String> byPartition = new TreeMap<>();
        for (int i = 0; byPartition.size() < partitions; i++) {
            String key = prefix + "-" + i;
            int partition = org.apache.kafka.common.utils.Utils.toPositive(
                    org.apache.kafka.common.utils.Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
            byPartition.putIfAbsent(partition, key);
        }
        return List.copyOf(byPartition.values());
    }

    private Set<String> observedSignalKeys() {
        return probe.readTopic(Topic.SIGNALS.topicName()).stream().filter(n -> n.path("state").asText().equals("OBSERVED"))
                .map(n -> n.path("dedup_key").asText()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The generator topics some job under test reads. */
    private List<Topic> generatedInputs() {
        return reads.stream().filter(t -> t.isInput() && Files.isRegularFile(workload.resolve(t.fileName()))).toList();
    }

    /** Outputs of the jobs under test that also go to a table. */
    private List<Topic> tableTopics() {
        return writes.stream().filter(t -> t.table().isPresent()).toList();
    }

    private static List<JsonNode> chainRecords(List<JsonNode> records) {
        return records.stream().filter(n -> !n.path("chain").asText().startsWith(SENTINEL_CHAIN)).toList();
    }

    /** chain|seq -> record: equal maps mean the same records, each once, in the same place of the same chain. */
    private static Map<String, JsonNode> bySeq(List<JsonNode> records) {
        Map<String, JsonNode> map = new TreeMap<>();
        for (JsonNode n : records) {
            map.put(n.path("chain").asText() + "|" + n.path("seq").asLong(), n);
        }
        return map;
    }

    private JsonNode injection(String kind) {
        for (JsonNode i : manifest.path("injections")) {
            if (kind.equals(i.path("kind").asText())) {
                return i;
            }
        }
        throw new AssertionError("the manifest lists no " + kind);
    }

    private long count(String sql) throws Exception {
        try (Connection c = probe.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Set<String> strings(String sql) throws Exception {
        Set<String> values = new TreeSet<>();
        try (Connection c = probe.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
