package com.neuronexus.streams.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.connectors.kafka.PauseSafeKafkaSource.PauseSafeSplitReader;
import com.neuronexus.streams.tools.infra.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.kafka.source.metrics.KafkaSourceReaderMetrics;
import org.apache.flink.connector.kafka.source.reader.KafkaPartitionSplitReader;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FLINK-39728 on a real broker, without the timing: a split reader is asked to pause (or resume) a split after its
 * own {@code fetch()} has reported the split finished and unassigned its partition. That is the order of events
 * behind the ops job's "No current assignment for partition" failures in bounded runs with watermark alignment:
 * the source operator's pause/resume request was issued before the finish reached it.
 */
class KafkaSplitReaderPauseRaceTest {
    private static final String TOPIC = "race.input";
    private static final TopicPartition BOUNDED = new TopicPartition(TOPIC, 0);
    private static final TopicPartition LIVE = new TopicPartition(TOPIC, 1);
    private static final int BOUNDED_RECORDS = 5;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(List.of(TOPIC), 2);
        produce(BOUNDED, BOUNDED_RECORDS);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /**
     * The upstream bug in the pinned connector (5.0.0-2.2). When this fails, the connector has the fix: delete
     * {@code PauseSafeKafkaSource} and this test.
     */
    @Test
    void plainReaderFailsToPauseASplitItHasFinished() throws Exception {
        try (var reader = new ClosingReader<>(
                new KafkaPartitionSplitReader(props("plain"), context(), metrics()))) {
            KafkaPartitionSplit bounded = new KafkaPartitionSplit(BOUNDED, KafkaPartitionSplit.EARLIEST_OFFSET,
                    BOUNDED_RECORDS);
            reader.get().handleSplitsChanges(new SplitsAddition<>(List.of(bounded)));
            assertEquals(BOUNDED_RECORDS, fetchUntilFinished(reader.get(), bounded).get(BOUNDED.toString()));

            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> reader.get().pauseOrResumeSplits(List.of(bounded), List.of()));
            assertTrue(e.getMessage().contains("No current assignment for partition " + BOUNDED), e.getMessage());
            assertThrows(IllegalStateException.class,
                    () -> reader.get().pauseOrResumeSplits(List.of(), List.of(bounded)));
        }
    }

    @Test
    void patchedReaderSkipsTheFinishedSplitAndStillPausesAndResumesTheLiveOne() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (var reader = new ClosingReader<>(new PauseSafeSplitReader(props("patched"), context(), metrics()))) {
            KafkaPartitionSplit bounded = new KafkaPartitionSplit(BOUNDED, KafkaPartitionSplit.EARLIEST_OFFSET,
                    BOUNDED_RECORDS);
            KafkaPartitionSplit live = new KafkaPartitionSplit(LIVE, KafkaPartitionSplit.EARLIEST_OFFSET);
            reader.get().handleSplitsChanges(new SplitsAddition<>(List.of(bounded, live)));
            assertEquals(BOUNDED_RECORDS, fetchUntilFinished(reader.get(), bounded).get(BOUNDED.toString()));

            reader.get().pauseOrResumeSplits(List.of(bounded, live), List.of());

            // The live split is paused: records produced to it now are not fetched (the poll would wait its
            // full 10 s, so it is woken after 1.5 s, which returns an empty fetch).
            produce(LIVE, 3);
            timer.schedule(reader.get()::wakeUp, 1500, TimeUnit.MILLISECONDS);
            RecordsWithSplitIds<ConsumerRecord<byte[], byte[]>> whilePaused = reader.get().fetch();
            assertNull(whilePaused.nextSplit(), "a paused split delivered records");

            reader.get().pauseOrResumeSplits(List.of(), List.of(bounded, live));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int liveRecords = 0;
            while (liveRecords < 3 && System.nanoTime() < deadline) {
                liveRecords += drain(reader.get().fetch(), new ArrayList<>()).getOrDefault(LIVE.toString(), 0);
            }
            assertEquals(3, liveRecords, "the resumed live split delivers its records");
        } finally {
            timer.shutdownNow();
        }
    }

    /** Fetches until the reader reports the split finished; returns the records seen per split id. */
    private static Map<String, Integer> fetchUntilFinished(KafkaPartitionSplitReader reader, KafkaPartitionSplit split)
            throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        List<String> finished = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!finished.contains(split.splitId())) {
            assertTrue(System.nanoTime() < deadline, "split " + split + " not finished within 30 s");
            drain(reader.fetch(), finished).forEach((id, n) -> counts.merge(id, n, Integer::sum));
        }
        return counts;
    }

    private static Map<String, Integer> drain(RecordsWithSplitIds<ConsumerRecord<byte[], byte[]>> records,
            List<String> finished) {
        Map<String, Integer> counts = new HashMap<>();
        for (String id = records.nextSplit(); id != null; id = records.nextSplit()) {
            while (records.nextRecordFromSplit() != null) {
                counts.merge(id, 1, Integer::sum);
            }
        }
        finished.addAll(records.finishedSplits());
        records.recycle();
        return counts;
    }

    private static void produce(TopicPartition tp, int count) throws Exception {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), "k" + i, "v" + i)).get();
            }
        }
    }

    private static Properties props(String group) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        p.setProperty("group.id", "race-" + group);
        p.setProperty("client.id.prefix", "race-" + group);
        p.setProperty("key.deserializer", ByteArrayDeserializer.class.getName());
        p.setProperty("value.deserializer", ByteArrayDeserializer.class.getName());
        p.setProperty("enable.auto.commit", "false");
        return p;
    }

    private static KafkaSourceReaderMetrics metrics() {
        return new KafkaSourceReaderMetrics(UnregisteredMetricsGroup.createSourceReaderMetricGroup());
    }

    private static SourceReaderContext context() {
        return new SourceReaderContext() {
            @Override
            public SourceReaderMetricGroup metricGroup() {
                return UnregisteredMetricsGroup.createSourceReaderMetricGroup();
            }

            @Override
            public Configuration getConfiguration() {
                return new Configuration();
            }

            @Override
            public String getLocalHostName() {
                return "127.0.0.1";
            }

            @Override
            public int getIndexOfSubtask() {
                return 0;
            }

            @Override
            public void sendSplitRequest() {}

            @Override
            public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {}

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return SimpleUserCodeClassLoader.create(KafkaSplitReaderPauseRaceTest.class.getClassLoader());
            }
        };
    }

    /** Closes the reader (and so its consumer) when the test ends, whatever happened. */
    private record ClosingReader<R extends KafkaPartitionSplitReader>(R get) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            get.close();
        }
    }
}
