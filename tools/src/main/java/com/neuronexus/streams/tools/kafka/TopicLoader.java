package com.neuronexus.streams.tools.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.json.Json;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces {@code <topic>.jsonl} files into Kafka byte for byte (malformed lines included: they are part of
 * the workload), keyed by each message's key field when it parses.
 */
public final class TopicLoader implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;

    public TopicLoader(String bootstrapServers) {
        this.producer = new KafkaProducer<>(producerConfig(bootstrapServers), new ByteArraySerializer(), new ByteArraySerializer());
    }

    public static Properties producerConfig(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(2 * 1024 * 1024));
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return props;
    }

    /** Loads every input topic's file found in the directory; returns the count per topic. */
    public Map<String, Long> loadDirectory(Path dir) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Topic topic : Topic.inputs()) {
            Path file = dir.resolve(topic.fileName());
            if (Files.isRegularFile(file)) {
                counts.put(topic.topicName(), loadFile(topic, file));
            }
        }
        producer.flush();
        return counts;
    }

    public long loadFile(Topic topic, Path file) throws IOException {
        long count = 0;
        Future<?> last = null;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] line;
            while ((line = com.neuronexus.streams.connectors.file.ByteLines.readLine(in, Integer.MAX_VALUE - 1)) != null) {
                if (line.length == 0) {
                    continue;
                }
                last = send(topic, line);
                count++;
            }
        }
        producer.flush();
        if (last != null) {
            try {
                last.get();
            } catch (Exception e) {
                throw new IOException("producing " + topic.topicName() + " failed", e);
            }
        }
        return count;
    }

    public Future<?> send(Topic topic, byte[] value) {
        return send("", topic, value);
    }

    /** To {@code prefix + topic}: the kafka.topic-prefix setting lets several runs share one broker. */
    public Future<?> send(String prefix, Topic topic, byte[] value) {
        return producer.send(new ProducerRecord<>(prefix + topic.topicName(), keyOf(topic, value), value));
    }

    public Future<?> send(String topicName, byte[] key, byte[] value, Long timestamp) {
        return producer.send(new ProducerRecord<>(topicName, null, timestamp, key, value));
    }

    public void flush() {
        producer.flush();
    }

    static byte[] keyOf(Topic topic, byte[] value) {
        if (topic.keyField() == null) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(value);
            if (topic == Topic.LEDGER_EVENTS && node != null) {
                return ledgerKey(node);
            }
            JsonNode key = node == null ? null : node.get(topic.keyField());
            return key == null || key.isNull() ? null : key.asText().getBytes(StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null; // malformed: no key, it goes to the DLQ anyway
        }
    }

    /** ledger.events is keyed by the entity its type is about (DESIGN §3). */
    private static byte[] ledgerKey(JsonNode node) {
        String type = node.path("type").asText("");
        String field = switch (type) {
            case "SALE", "SALE_ITEM" -> "sale_id";
            case "PAYMENT" -> "payment_id";
            case "INVOICE" -> "invoice_no";
            case "CUSTOMER" -> "customer_id";
            default -> "sku";
        };
        JsonNode key = node.get(field);
        return key == null || key.isNull() ? null : key.asText().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
