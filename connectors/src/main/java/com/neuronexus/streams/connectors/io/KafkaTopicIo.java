package com.neuronexus.streams.connectors.io;

import com.neuronexus.streams.connectors.ingest.EventTimeWatermarks;
import com.neuronexus.streams.connectors.ingest.Ingested;
import com.neuronexus.streams.connectors.jdbc.JdbcSinks;
import com.neuronexus.streams.connectors.kafka.JsonRecordSerializer;
import com.neuronexus.streams.connectors.kafka.KafkaFactories;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.DeadLetter;
import com.neuronexus.streams.core.events.Event;
import com.neuronexus.streams.core.settings.PlatformSettings;
import com.neuronexus.streams.core.settings.Settings;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The production wiring: Kafka topics in and out, and PostgreSQL upserts for topics that have a table. */
public final class KafkaTopicIo extends TopicIoSupport {
    private static final long serialVersionUID = 1L;

    private final String jobName;

    public KafkaTopicIo(Settings settings, String jobName) {
        super(settings);
        this.jobName = jobName;
    }

    /**
     * How often the sources of an aligned group report their watermarks and are paused or resumed. A reader runs at
     * most the group's drift ahead of the slowest as last reported, so a catch-up advances at most one drift of event
     * time per update: at 200 ms the ops job's 6 h drift held the bench's sparse workload (~860 events per hour of
     * event time) to ~26k events/s; at 50 ms it ran as fast as unaligned (docs/ops.md, "Session 8"). An update is a
     * small message from each reader to the coordinator and back.
     */
    private static final Duration ALIGNMENT_UPDATE = Duration.ofMillis(50);

    @Override
    protected <T extends Event> DataStream<Ingested<T>> source(StreamExecutionEnvironment env, Topic topic, Class<T> type) {
        return source(env, topic, type, EventTimeWatermarks.live(settings));
    }

    @Override
    protected <T extends Event> DataStream<Ingested<T>> alignedSource(StreamExecutionEnvironment env, Topic topic, Class<T> type,
            Duration maxDrift) {
        // One group per job: its aligned sources only (pausing is per Kafka split, which the source supports).
        return source(env, topic, type,
                EventTimeWatermarks.<T>live(settings).withWatermarkAlignment("aligned-" + jobName, maxDrift, ALIGNMENT_UPDATE));
    }

    private <T extends Event> DataStream<Ingested<T>> source(StreamExecutionEnvironment env, Topic topic, Class<T> type,
            WatermarkStrategy<Ingested<T>> watermarks) {
        return env.fromSource(
                        KafkaFactories.source(settings, jobName, topic.topicName(), decoding(topic, type), type),
                        watermarks, "kafka " + topic.topicName())
                .uid(topic.topicName() + "-source");
    }

    @Override
    protected void writeDeadLetters(DataStream<DeadLetter> deadLetters, Topic topic) {
        String dlq = topic.deadLetterTopic();
        deadLetters.sinkTo(KafkaFactories.sink(settings, jobName, dlq,
                        new JsonRecordSerializer<>(KafkaFactories.topicName(settings, dlq), DeadLetter.class, null)))
                .name("kafka " + dlq)
                .uid(dlq + "-kafka-sink");
    }

    @Override
    public <T> void write(DataStream<T> stream, Topic topic, Class<T> type) {
        claim("write", topic);
        String name = topic.topicName();
        stream.sinkTo(KafkaFactories.sink(settings, jobName, name,
                        new JsonRecordSerializer<>(KafkaFactories.topicName(settings, name), type, topic.keyField())))
                .name("kafka " + name)
                .uid(name + "-kafka-sink");
        if (topic.table().isPresent() && settings.get(PlatformSettings.JDBC_ENABLED)) {
            stream.sinkTo(JdbcSinks.upsert(settings, topic, type))
                    .name("postgres " + topic.table().get())
                    .uid(name + "-jdbc-sink");
        }
    }
}
