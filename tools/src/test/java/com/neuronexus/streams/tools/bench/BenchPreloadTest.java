package com.neuronexus.streams.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.connectors.serde.DecodeLimits;
import com.neuronexus.streams.connectors.serde.EventDecoder;
import com.neuronexus.streams.connectors.serde.EventDecoders;
import com.neuronexus.streams.connectors.serde.InvalidEventException;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.MetricSample;
import com.neuronexus.streams.core.events.RequestLatencyEvent;
import com.neuronexus.streams.tools.generator.GenerateCommand;
import com.neuronexus.streams.tools.infra.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchPreloadTest {
    /**
     * The bench loads N events by playing the workload again with shifted timestamps. Every cycle must be as
     * valid as the first: only the generator's deliberately malformed messages may be dead-lettered, the same
     * number per cycle. (The span once counted the generator's injected 1900 timestamp, and every cycle after
     * the first was stamped 118 years ahead and rejected as "too far in the future".)
     */
    @Test
    void everyCycleOfThePreloadIsAsValidAsTheFirst(@TempDir Path dir) throws Exception {
        Path workload = dir.resolve("workload");
        GenerateCommand.run(new String[] {"--out", workload.toString(), "--days", "1", "--skus", "5", "--seed", "3",
                "--start", "2018-01-01T00:00:00Z"});
        Set<Topic> inputs = Set.of(Topic.REQUEST_LATENCY, Topic.METRICS);
        long perCycle = 0;
        for (Topic t : inputs) {
            perCycle += Files.readAllLines(workload.resolve(t.topicName() + ".jsonl")).size();
        }
        long events = perCycle * 2 + perCycle / 2; // two and a half cycles
        Map<Topic, EventDecoder<?>> decoders = Map.of(
                Topic.REQUEST_LATENCY, EventDecoders.forType(RequestLatencyEvent.class, DecodeLimits.defaults()),
                Topic.METRICS, EventDecoders.forType(MetricSample.class, DecodeLimits.defaults()));
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(inputs.stream().map(t -> "p." + t.topicName()).toList(), 2);
            assertEquals(events, BenchCommand.preload(kafka.bootstrapServers(), "p.", workload, inputs, events));

            long valid = 0;
            long malformed = 0;
            long latest = Long.MIN_VALUE;
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka.bootstrapServers())) {
                for (Topic t : inputs) {
                    List<TopicPartition> parts = List.of(new TopicPartition("p." + t.topicName(), 0),
                            new TopicPartition("p." + t.topicName(), 1));
                    consumer.assign(parts);
                    consumer.seekToBeginning(parts);
                    long end = consumer.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
                    long read = 0;
                    while (read < end) {
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                            read++;
                            try {
                                latest = Math.max(latest, decoders.get(t).decode(r.value()).ts().toEpochMilli());
                                valid++;
                            } catch (InvalidEventException e) {
                                malformed++;
                            }
                        }
                    }
                }
            }
            assertEquals(events, valid + malformed);
            long malformedPerCycle = malformed * 2 / 5; // 2.5 cycles, the injections spread over a cycle
            assertTrue(malformed > 0, "the generator's malformed messages are loaded too");
            assertTrue(malformed < perCycle / 10, malformed + " of " + events + " are malformed (" + malformedPerCycle + " per cycle)");
            assertFalse(latest > java.time.Instant.parse("2018-01-10T00:00:00Z").toEpochMilli(),
                    "three cycles of one day stay within days of the start: " + java.time.Instant.ofEpochMilli(latest));
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
