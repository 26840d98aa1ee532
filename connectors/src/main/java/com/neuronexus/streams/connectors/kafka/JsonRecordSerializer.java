package com.neuronexus.streams.connectors.kafka;

import com.neuronexus.streams.connectors.records.RecordColumns;
import com.neuronexus.streams.core.json.Json;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One record type -> one topic: the value is the record's JSON, the key the value of its key field (DESIGN
 * §4), the Kafka timestamp the record's event time.
 */
public final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final Class<T> type;
    private final String keyField;
    private transient RecordColumns.Column keyColumn;

    public JsonRecordSerializer(String topic, Class<T> type, String keyField) {
        this.topic = topic;
        this.type = type;
        this.keyField = keyField;
        if (keyField != null && type.isRecord()) {
            RecordColumns.of(type).column(keyField); // fail at wiring time, not at the first record
        }
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        byte[] key = null;
        if (keyField != null && type.isRecord()) {
            if (keyColumn == null) {
                keyColumn = RecordColumns.of(type).column(keyField);
            }
            Object k = keyColumn.read(element);
            key = k == null ? null : String.valueOf(k).getBytes(StandardCharsets.UTF_8);
        }
        Long ts = timestamp != null && timestamp >= 0 ? timestamp : null;
        return new ProducerRecord<>(topic, null, ts, key, Json.toBytes(element));
    }
}
