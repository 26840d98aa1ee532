package com.neuronexus.streams.connectors.io;

import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.Event;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where a job's events come from and its results go. A job is written once against this interface;
 * {@code main()} wires Kafka + PostgreSQL ({@link KafkaTopicIo}), replay and tests wire JSON-lines files
 * ({@link FileTopicIo}) or in-memory collections.
 *
 * <p>{@link #read} hands back only good events: parsed, validated, with event-time timestamps and
 * watermarks. Malformed messages and events later than the allowed lateness are already on the topic's
 * dead-letter stream ({@code <topic>.dlq}) with their reason, and counted in the metrics
 * {@code nexus_dlq_malformed} / {@code nexus_dlq_late}.
 */
public interface TopicIo extends Serializable {

    <T extends Event> DataStream<T> read(StreamExecutionEnvironment env, Topic topic, Class<T> type);

    /**
     * Like {@link #read}, but the sources of all topics this job reads this way keep their watermarks within
     * {@code maxDrift} of each other: a source that gets further ahead in event time pauses until the others
     * catch up. For a job that holds one input in keyed state until another input's watermark passes it (the
     * ops detector scores a metric sample only when the request input's watermark has passed it too): while
     * catching up, the faster topic would otherwise be read days ahead and wait in state and timers. Results
     * do not change, only the order in which the topics are read. Wirings without live sources read as {@link #read}.
     */
    default <T extends Event> DataStream<T> readAligned(StreamExecutionEnvironment env, Topic topic, Class<T> type,
            Duration maxDrift) {
        return read(env, topic, type);
    }

    /**
     * Like {@link #read}, but no event is ever late: for consumers that act on each record as it comes and do
     * not use event time (alert delivery must not drop an incident record because another came first).
     * Malformed messages still go to the DLQ.
     */
    <T extends Event> DataStream<T> readEveryRecord(StreamExecutionEnvironment env, Topic topic, Class<T> type);

    /**
     * The dead letters (malformed and late) of a topic this job has already {@link #read}; they are written to
     * the DLQ regardless. For jobs that must also react to them, e.g. a signal for a late audit event.
     */
    DataStream<com.neuronexus.streams.core.events.DeadLetter> deadLetters(Topic topic);

    /**
     * Writes records to the topic and, when the topic has a table, upserts them there. The Kafka message
     * key is the record's {@link Topic#keyField()} value; record fields map to table columns by their
     * snake_case names.
     */
    <T> void write(DataStream<T> stream, Topic topic, Class<T> type);

    /**
     * Whether event time can stand still while the job runs (live: every input idle, a quiet partition). Only
     * then do processing-time guards have work to do; where it cannot (a replay from files), a guard fires only
     * when the run is slow, and would make the output depend on the machine's load.
     */
    default boolean watermarksCanStall() {
        return true;
    }
}
