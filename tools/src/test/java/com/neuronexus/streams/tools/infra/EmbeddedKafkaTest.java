package com.neuronexus.streams.tools.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

    @Test
    void roundTripsRecordsOnLoopbackAndCleansUp() throws Exception {
        Path logDir;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            assertTrue(kafka.bootstrapServers().startsWith("127.0.0.1:"), kafka.bootstrapServers());
            kafka.createTopics(List.of("infra.roundtrip"), 2);

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(kafka))) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("infra.roundtrip", "k" + i, "v" + i)).get();
                }
            }

            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(kafka))) {
                consumer.subscribe(List.of("infra.roundtrip"));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (values.size() < 10 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        assertEquals("k" + r.value().substring(1), r.key());
                        values.add(r.value());
                    }
                }
            }
            values.sort(null);
            assertEquals(List.of("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9"), values);

            // auto.create.topics.enable=false: producing to an unknown topic fails and does not create it
            Properties impatient = producerProps(kafka);
            impatient.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1500");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(impatient)) {
                assertThrows(Exception.class, () -> producer.send(new ProducerRecord<>("infra.typo", "k", "v")).get());
            }
            try (var admin = kafka.admin()) {
                assertFalse(admin.listTopics().names().get().contains("infra.typo"));
            }
            logDir = kafka.logDir();
            assertTrue(Files.exists(logDir.resolve("meta.properties")), "storage formatted in " + logDir);
        }
        assertFalse(Files.exists(logDir), "log dir deleted on close: " + logDir);
    }

    @Test
    void createTopicsIsIdempotent() {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(List.of("a.topic", "b.topic"), 1);
            kafka.createTopics(List.of("a.topic"), 1);
            ExecutionException unknown = assertThrows(ExecutionException.class, () -> {
                try (var admin = kafka.admin()) {
                    admin.describeTopics(List.of("never.created")).allTopicNames().get();
                }
            });
            assertTrue(unknown.getCause().getClass().getSimpleName().contains("UnknownTopic"), unknown.toString());
        }
    }

    private static Properties producerProps(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all"));
        return p;
    }

    private static Properties consumerProps(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "infra-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        return p;
    }
}
