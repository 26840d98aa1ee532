package com.neuronexus.streams.connectors.ingest;

import com.neuronexus.streams.core.events.Event;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Kafka record -> {@link Ingested}; never throws, so a poison message cannot restart-loop the job. */
public final class KafkaIngestDeserializer<T extends Event> implements KafkaRecordDeserializationSchema<Ingested<T>> {
    private static final long serialVersionUID = 1L;

    private final MessageDecoding<T> decoding;
    private final Class<T> type;

    public KafkaIngestDeserializer(MessageDecoding<T> decoding, Class<T> type) {
        this.decoding = decoding;
        this.type = type;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Ingested<T>> out) {
        Instant ingestedAt = record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : null;
        out.collect(decoding.decode(record.value(), record.partition(), record.offset(), ingestedAt));
    }

    @Override
    public TypeInformation<Ingested<T>> getProducedType() {
        return Ingested.typeInfo(type);
    }
}
