package com.neuronexus.streams.tools.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.tools.infra.LocalFlink;
import com.neuronexus.streams.tools.infra.LocalStack;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the end-to-end tests read back from a running {@link LocalStack}: whole topics, a table's primary keys in
 * the same spelling as a record's, and waits that fail at once when a job fails or restarts.
 */
final class StackProbe implements AutoCloseable {
    interface Check {
        /** What is still missing, or null when done. */
        String missing() throws Exception;
    }

    private final LocalStack stack;
    /** One client for every read: a new one per read costs about a second. */
    private KafkaConsumer<byte[], byte[]> consumer;

    StackProbe(LocalStack stack) {
        this.stack = stack;
    }

    /** Every record of the topic now, from its first offset to its end offsets; no consumer group. */
    List<JsonNode> readTopic(String topic) {
        if (consumer == null) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        List<JsonNode> records = new ArrayList<>();
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("cannot read " + topic + " to its end offsets " + end);
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                records.add(Json.readTree(new String(r.value(), StandardCharsets.UTF_8)));
            }
        }
        return records;
    }

    /** A record's primary key as its table spells it. */
    static String recordKey(Topic topic, JsonNode n) {
        return topic.primaryKey().stream().map(c -> normalize(n.path(c).asText())).collect(Collectors.joining("|"));
    }

    static Set<String> recordKeys(Topic topic, List<JsonNode> records) {
        return records.stream().map(n -> recordKey(topic, n)).collect(Collectors.toCollection(TreeSet::new));
    }

    Set<String> tableKeys(Topic topic) throws Exception {
        Set<String> keys = new TreeSet<>();
        List<String> columns = topic.primaryKey();
        try (Connection c = connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + topic.table().get())) {
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    Object v = rs.getObject(i);
                    values.add(v instanceof java.sql.Timestamp t ? t.toInstant().toString()
                            : v instanceof OffsetDateTime o ? o.toInstant().toString() : normalize(String.valueOf(v)));
                }
                keys.add(String.join("|", values));
            }
        }
        return keys;
    }

    /** Null when the topic's records and the table's rows have the same primary keys, else both counts. */
    String topicAndTableDiffer(Topic topic) throws Exception {
        Set<String> inKafka = recordKeys(topic, readTopic(topic.topicName()));
        Set<String> inPostgres = tableKeys(topic);
        return inKafka.equals(inPostgres) ? null
                : topic.topicName() + " " + inKafka.size() + " keys, " + topic.table().get() + " " + inPostgres.size();
    }

    /** The topic's records and the table's rows have the same primary keys; returns those keys. */
    Set<String> assertTopicEqualsTable(Topic topic) throws Exception {
        Set<String> inTopic = recordKeys(topic, readTopic(topic.topicName()));
        org.junit.jupiter.api.Assertions.assertEquals(inTopic, tableKeys(topic), topic.topicName() + " vs " + topic.table().get());
        return inTopic;
    }

    /** Instants in one spelling, everything else as is. */
    static String normalize(String value) {
        try {
            return Instant.parse(value).toString();
        } catch (RuntimeException notAnInstant) {
            return value;
        }
    }

    Connection connect() throws Exception {
        return DriverManager.getConnection(stack.postgres().jdbcUrlWithoutCredentials(), stack.postgres().user(),
                stack.postgres().password());
    }

    /** Polls until the check finds nothing missing; a failed or restarted job ends the wait with its failure. */
    void await(String what, Duration wait, Check check) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        String missing;
        while ((missing = check.missing()) != null) {
            for (LocalFlink.JobSummary job : stack.flink().jobs()) {
                if (job.state().equals("FAILED") || job.restarts() > 0) {
                    throw new AssertionError(job.name() + " " + job.state() + " after " + job.restarts() + " restarts: "
                            + stack.flink().lastFailure(job.jobId()).orElse("?"));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not done within " + wait + ": " + what + "; missing: " + missing);
            }
            Thread.sleep(500);
        }
    }

    /** Closes the probe, then the stack it watched; either may be null when the set-up failed half way. */
    static void closeBoth(StackProbe probe, LocalStack stack) {
        if (probe != null) {
            probe.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
