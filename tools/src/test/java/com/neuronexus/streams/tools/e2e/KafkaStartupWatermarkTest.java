package com.neuronexus.streams.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.connectors.io.KafkaTopicIo;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.DeadLetter;
import com.neuronexus.streams.core.events.RequestLatencyEvent;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.settings.PlatformSettings;
import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.tools.infra.EmbeddedKafka;
import com.neuronexus.streams.tools.infra.LocalFlink;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live Kafka source reading a topic whose partitions start producing at different times: one reader (parallelism
 * 1) owns every partition, so only the per-partition watermarks inside that reader stand between a partition read
 * late and the dead-letter queue.
 *
 * <ul>
 *   <li>A partition that has produced nothing yet holds the watermark back: its older events, produced after the
 *       other partitions' whole backlog has been read, are on time, not dead-lettered as {@code late}.</li>
 *   <li>The same after a restore from a savepoint: the restored partitions hold the watermark of the restarted
 *       job until they produce (Flink registers restored splits before the first record, FLINK-32828).</li>
 *   <li>A partition's idleness counts from its reader's first record: when the consumer delivers nothing for longer
 *       than the idleness, the partition read first does not get to set the watermark alone.</li>
 *   <li>That hold is bounded by {@code events.idleness-ms}: a partition that stays empty goes idle and the
 *       watermark moves on without it; an event it carries after that, older than the watermark, is late.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaStartupWatermarkTest {

    /** Old enough that no partition ever counts as caught up (those follow the wall clock instead of going idle). */
    private static final Instant T0 = Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private static final int BACKLOG = 3_000;

    /** Per test (keyed by topic prefix): what the job saw. Static: the MiniCluster runs in this JVM. */
    private static final Map<String, AtomicLong> GOOD = new ConcurrentHashMap<>();
    private static final Map<String, AtomicLong> LATE = new ConcurrentHashMap<>();
    private static final Map<String, AtomicLong> WATERMARK = new ConcurrentHashMap<>();

    private EmbeddedKafka kafka;
    private LocalFlink flink;

    @BeforeAll
    void start() {
        kafka = EmbeddedKafka.start();
        flink = LocalFlink.builder().parallelism(1).slotsPerTaskManager(2).checkpointInterval(null).start();
    }

    @AfterAll
    void stop() {
        if (flink != null) {
            flink.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aPartitionThatHasNotProducedYetHoldsTheWatermarkSoItsOlderEventsAreNotLate() throws Exception {
        String prefix = "hold.";
        // A long idleness: this test is about the start-up hold, not about how fast a machine reaches the producer.
        Settings settings = settings(prefix).with(PlatformSettings.EVENTS_IDLENESS_MS, 60_000L);
        String topic = prefix + Topic.REQUEST_LATENCY.topicName();
        kafka.createTopics(List.of(topic), 3);
        kafka.createTopics(List.of(prefix + Topic.REQUEST_LATENCY.deadLetterTopic()), 1);
        // Partitions 0 and 1: a backlog one minute newer than what partition 2 will carry.
        produce(topic, 0, T0.plusSeconds(60), BACKLOG);
        produce(topic, 1, T0.plusSeconds(60), BACKLOG);

        JobClient job = flink.submit(job(flink.environment(), settings, prefix), "startup-hold");
        try {
            flink.awaitRunning(job.getJobID(), Duration.ofSeconds(60));
            await(() -> counter(GOOD, prefix).get() == 2L * BACKLOG, Duration.ofSeconds(60), "the backlog of partitions 0 and 1");
            // Several watermark periods with everything read: partition 2 has produced nothing, so nothing is promised.
            Thread.sleep(1_000);
            assertEquals(Long.MIN_VALUE, counter(WATERMARK, prefix).get(),
                    "partition 2 has produced nothing yet, so it holds the watermark");

            produce(topic, 2, T0, BACKLOG);
            await(() -> counter(GOOD, prefix).get() + counter(LATE, prefix).get() == 3L * BACKLOG, Duration.ofSeconds(60),
                    "every event routed");
            assertEquals(0, counter(LATE, prefix).get(), "events of the partition read last are on time");
            assertEquals(3L * BACKLOG, counter(GOOD, prefix).get());
            // The minimum of the three partitions' watermarks: partition 2's, now that it has produced.
            long expected = T0.plusMillis(BACKLOG - 1).toEpochMilli() - 500 - 1;
            await(() -> counter(WATERMARK, prefix).get() == expected, Duration.ofSeconds(30),
                    "the watermark moves once partition 2 has produced, to partition 2's own");
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void partitionsSilentWhileTheReaderHasDeliveredNothingAreNotIdleOnceItDelivers() throws Exception {
        String prefix = "silent.";
        // The default idleness: every partition is silent for longer than that before anything is read.
        Settings settings = settings(prefix);
        long idleness = settings.get(PlatformSettings.EVENTS_IDLENESS_MS);
        String topic = prefix + Topic.REQUEST_LATENCY.topicName();
        kafka.createTopics(List.of(topic), 2);
        kafka.createTopics(List.of(prefix + Topic.REQUEST_LATENCY.deadLetterTopic()), 1);

        JobClient job = flink.submit(job(flink.environment(), settings, prefix), "startup-silent");
        try {
            flink.awaitRunning(job.getJobID(), Duration.ofSeconds(60));
            // Nothing to read for longer than the idleness: the reader cannot tell an empty partition from a consumer
            // that has not fetched yet (a broker slow to answer, a loaded machine), which is what this stands for.
            Thread.sleep(idleness + 2_000);
            produce(topic, 0, T0.plusSeconds(60), BACKLOG);
            await(() -> counter(GOOD, prefix).get() == BACKLOG, Duration.ofSeconds(60), "the backlog of partition 0");
            Thread.sleep(1_000);
            assertEquals(Long.MIN_VALUE, counter(WATERMARK, prefix).get(),
                    "partition 1 has produced nothing since the reader delivered its first event: it holds the watermark");

            produce(topic, 1, T0, BACKLOG);
            await(() -> counter(GOOD, prefix).get() + counter(LATE, prefix).get() == 2L * BACKLOG, Duration.ofSeconds(60),
                    "every event routed");
            assertEquals(0, counter(LATE, prefix).get(), "partition 1's older events, read after partition 0's, are on time");
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void afterARestoreTheRestoredPartitionsHoldTheWatermarkUntilTheyProduce(@TempDir Path savepoints) throws Exception {
        String prefix = "restore.";
        Settings settings = settings(prefix).with(PlatformSettings.EVENTS_IDLENESS_MS, 60_000L);
        String topic = prefix + Topic.REQUEST_LATENCY.topicName();
        kafka.createTopics(List.of(topic), 3);
        kafka.createTopics(List.of(prefix + Topic.REQUEST_LATENCY.deadLetterTopic()), 1);
        for (int partition = 0; partition < 3; partition++) {
            produce(topic, partition, T0, 100);
        }
        JobClient first = flink.submit(job(flink.environment(), settings, prefix), "restore-first");
        flink.awaitRunning(first.getJobID(), Duration.ofSeconds(60));
        await(() -> counter(GOOD, prefix).get() == 300, Duration.ofSeconds(60), "the first run reads all three partitions");
        String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(60, TimeUnit.SECONDS);

        // The restart: partitions 0 and 1 have a newer backlog; partition 2 has nothing new yet.
        GOOD.get(prefix).set(0);
        LATE.get(prefix).set(0);
        WATERMARK.get(prefix).set(Long.MIN_VALUE);
        produce(topic, 0, T0.plusSeconds(60), BACKLOG);
        produce(topic, 1, T0.plusSeconds(60), BACKLOG);
        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        JobClient second = flink.submit(job(flink.environment(restore), settings, prefix), "restore-second");
        try {
            flink.awaitRunning(second.getJobID(), Duration.ofSeconds(60));
            await(() -> counter(GOOD, prefix).get() == 2L * BACKLOG, Duration.ofSeconds(60), "the new backlog of partitions 0 and 1");
            Thread.sleep(1_000);
            assertEquals(Long.MIN_VALUE, counter(WATERMARK, prefix).get(),
                    "the restored partition 2 has produced nothing since the restart, so it holds the watermark");

            produce(topic, 2, T0.plusSeconds(1), BACKLOG);
            await(() -> counter(GOOD, prefix).get() + counter(LATE, prefix).get() == 3L * BACKLOG, Duration.ofSeconds(60),
                    "every event routed");
            assertEquals(0, counter(LATE, prefix).get(), "events of the partition read last after the restore are on time");
        } finally {
            second.cancel().get();
        }
    }

    @Test
    void aPartitionThatStaysEmptyStopsHoldingAfterTheIdlenessAndLaterOlderEventsOnItAreLate() throws Exception {
        String prefix = "idle.";
        Settings settings = settings(prefix).with(PlatformSettings.EVENTS_IDLENESS_MS, 1_000L);
        String topic = prefix + Topic.REQUEST_LATENCY.topicName();
        kafka.createTopics(List.of(topic), 2);
        kafka.createTopics(List.of(prefix + Topic.REQUEST_LATENCY.deadLetterTopic()), 1);
        produce(topic, 0, T0.plusSeconds(60), BACKLOG);

        JobClient job = flink.submit(job(flink.environment(), settings, prefix), "startup-idle");
        try {
            flink.awaitRunning(job.getJobID(), Duration.ofSeconds(60));
            long released = T0.plusSeconds(60).plusMillis(BACKLOG - 1).toEpochMilli() - 500 - 1;
            await(() -> counter(WATERMARK, prefix).get() == released, Duration.ofSeconds(60),
                    "the empty partition 1 went idle, the watermark follows partition 0");
            assertEquals(BACKLOG, counter(GOOD, prefix).get());
            // Partition 0 goes idle too: nothing moves the watermark past its newest 500 ms of events any more
            // (docs/watermarks.md, "All partitions idle at the end of a backlog of old events").
            Thread.sleep(3_000);
            assertEquals(released, counter(WATERMARK, prefix).get());

            produce(topic, 1, T0, 10);
            await(() -> counter(LATE, prefix).get() == 10, Duration.ofSeconds(30),
                    "events behind the watermark after the idleness are late, as documented");
            assertEquals(BACKLOG, counter(GOOD, prefix).get());
        } finally {
            job.cancel().get();
        }
    }

    private Settings settings(String prefix) {
        GOOD.put(prefix, new AtomicLong());
        LATE.put(prefix, new AtomicLong());
        WATERMARK.put(prefix, new AtomicLong(Long.MIN_VALUE));
        return Settings.defaults()
                .with(PlatformSettings.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                .with(PlatformSettings.KAFKA_TOPIC_PREFIX, prefix)
                .with(PlatformSettings.KAFKA_STARTING_OFFSETS, PlatformSettings.StartingOffsets.EARLIEST)
                .with(PlatformSettings.JDBC_ENABLED, false);
    }

    /** The production read path (KafkaTopicIo: live watermarks, IngestRouter), with probes instead of outputs. */
    private static StreamExecutionEnvironment job(StreamExecutionEnvironment env, Settings settings, String prefix) {
        env.getConfig().setAutoWatermarkInterval(settings.get(PlatformSettings.JOB_WATERMARK_INTERVAL_MS));
        KafkaTopicIo io = new KafkaTopicIo(settings, "startup-" + prefix.replace(".", ""));
        DataStream<RequestLatencyEvent> events = io.read(env, Topic.REQUEST_LATENCY, RequestLatencyEvent.class);
        events.transform("probe", Types.VOID, new Probe(prefix)).uid("probe");
        io.deadLetters(Topic.REQUEST_LATENCY).process(new CountLate(prefix)).returns(Types.VOID).name("late").uid("late");
        return env;
    }

    /** Counts good events and records the watermark the operators after the ingest router see. */
    static final class Probe extends AbstractStreamOperator<Void> implements OneInputStreamOperator<RequestLatencyEvent, Void> {
        private final String prefix;

        Probe(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public void processElement(StreamRecord<RequestLatencyEvent> element) {
            GOOD.get(prefix).incrementAndGet();
        }

        @Override
        public void processWatermark(Watermark mark) throws Exception {
            WATERMARK.get(prefix).set(mark.getTimestamp());
            super.processWatermark(mark);
        }
    }

    static final class CountLate extends ProcessFunction<DeadLetter, Void> {
        private final String prefix;

        CountLate(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public void processElement(DeadLetter letter, Context ctx, Collector<Void> out) {
            if (DeadLetter.REASON_LATE.equals(letter.reason())) {
                LATE.get(prefix).incrementAndGet();
            }
        }
    }

    /** {@code count} events on one partition, 1 ms apart from {@code first}. */
    private void produce(String topic, int partition, Instant first, int count) throws Exception {
        Properties p = new Properties();
        p.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < count; i++) {
                Instant ts = first.plusMillis(i);
                var event = new RequestLatencyEvent("p" + partition + "-" + i, ts, "svc-" + partition, "/r", "GET", 200, 12.5);
                producer.send(new ProducerRecord<>(topic, partition, ts.toEpochMilli(), null, Json.toBytes(event)));
            }
            producer.flush();
        }
    }

    private static AtomicLong counter(Map<String, AtomicLong> map, String prefix) {
        return map.get(prefix);
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + " (good=" + GOOD + ", late=" + LATE
                        + ", watermark=" + WATERMARK + ")");
            }
            Thread.sleep(50);
        }
    }
}
