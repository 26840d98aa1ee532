package com.neuronexus.streams.connectors.kafka;

import com.neuronexus.streams.connectors.ingest.Ingested;
import com.neuronexus.streams.connectors.ingest.KafkaIngestDeserializer;
import com.neuronexus.streams.connectors.ingest.MessageDecoding;
import com.neuronexus.streams.core.events.Event;
import com.neuronexus.streams.core.settings.PlatformSettings;
import com.neuronexus.streams.core.settings.Settings;
import java.util.Properties;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Kafka sources and sinks built from the settings; the only place Kafka client properties are chosen. */
public final class KafkaFactories {
    private KafkaFactories() {}

    public static String topicName(Settings settings, String topic) {
        return settings.get(PlatformSettings.KAFKA_TOPIC_PREFIX) + topic;
    }

    /** A Kafka source; see {@link PauseSafeKafkaSource} for why it is not the built {@code KafkaSource} itself. */
    @SuppressWarnings("deprecation")
    public static <T extends Event> Source<Ingested<T>, ?, ?> source(
            Settings settings, String jobName, String topic, MessageDecoding<T> decoding, Class<T> type) {
        OffsetsInitializer start = switch (settings.get(PlatformSettings.KAFKA_STARTING_OFFSETS)) {
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
            case COMMITTED_OR_EARLIEST -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
        Properties consumer = new Properties();
        consumer.setProperty("bootstrap.servers", settings.get(PlatformSettings.KAFKA_BOOTSTRAP_SERVERS));
        consumer.setProperty("group.id", settings.get(PlatformSettings.KAFKA_GROUP_ID_PREFIX) + "-" + jobName);
        // With EXACTLY_ONCE upstream jobs, only committed records are facts.
        consumer.setProperty("isolation.level", "read_committed");
        consumer.setProperty("commit.offsets.on.checkpoint", "true");
        consumer.setProperty("partition.discovery.interval.ms", "60000");
        return PauseSafeKafkaSource.build(consumer, topicName(settings, topic), start,
                settings.get(PlatformSettings.KAFKA_BOUNDED) ? OffsetsInitializer.latest() : null,
                new KafkaIngestDeserializer<>(decoding, type));
    }

    public static <T> KafkaSink<T> sink(Settings settings, String jobName, String topic, JsonRecordSerializer<T> serializer) {
        PlatformSettings.Delivery delivery = settings.get(PlatformSettings.KAFKA_DELIVERY);
        Properties producer = new Properties();
        producer.setProperty("linger.ms", "5");
        producer.setProperty("compression.type", "lz4");
        // 64 KiB instead of the client's 16 KiB: a busy output (the ops job writes ~2.6 rows per input event)
        // filled a 16 KiB batch well within the linger, so each batch paid its set-up (an LZ4 frame with its
        // 64 KiB block buffer) for a few dozen rows. The linger still bounds the latency; memory is from the
        // producer's 32 MiB pool, taken only by partitions that have data waiting.
        producer.setProperty("batch.size", "65536");
        var builder = KafkaSink.<T>builder()
                .setBootstrapServers(settings.get(PlatformSettings.KAFKA_BOOTSTRAP_SERVERS))
                .setRecordSerializer(serializer)
                .setKafkaProducerConfig(producer);
        if (delivery == PlatformSettings.Delivery.EXACTLY_ONCE) {
            builder.setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                    .setTransactionalIdPrefix(settings.get(PlatformSettings.KAFKA_TRANSACTIONAL_ID_PREFIX) + "-" + jobName
                            + "-" + topic.replaceAll("[^A-Za-z0-9._-]", "_"))
                    // Must stay below the broker's transaction.max.timeout.ms or the job restart-loops.
                    .setProperty("transaction.timeout.ms",
                            String.valueOf(settings.get(PlatformSettings.KAFKA_TRANSACTION_TIMEOUT_MS)));
        } else {
            builder.setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE);
        }
        return builder.build();
    }
}
