package com.neuronexus.streams.connectors.io;

import com.neuronexus.streams.connectors.ingest.IngestRouter;
import com.neuronexus.streams.connectors.ingest.Ingested;
import com.neuronexus.streams.connectors.ingest.MessageDecoding;
import com.neuronexus.streams.connectors.serde.DecodeLimits;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.DeadLetter;
import com.neuronexus.streams.core.events.Event;
import com.neuronexus.streams.core.settings.PlatformSettings;
import com.neuronexus.streams.core.settings.Settings;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** What both TopicIo implementations share: decoding, routing to the DLQ, and one read/write per topic. */
abstract class TopicIoSupport implements TopicIo {
    private static final long serialVersionUID = 1L;

    /** An allowed lateness no event time can exceed (ts + this never reaches a watermark). */
    private static final long NEVER_LATE = Long.MAX_VALUE / 4;

    protected final Settings settings;
    private final Set<String> used = new HashSet<>();
    private final transient java.util.Map<Topic, DataStream<DeadLetter>> deadLetterStreams = new java.util.EnumMap<>(Topic.class);

    TopicIoSupport(Settings settings) {
        this.settings = settings;
    }

    protected <T extends Event> MessageDecoding<T> decoding(Topic topic, Class<T> type) {
        return new MessageDecoding<>(topic.topicName(), type, DecodeLimits.from(settings),
                settings.get(PlatformSettings.DLQ_RAW_MAX_BYTES));
    }

    /** Good events on; dead letters (malformed or late) to the caller's DLQ writer. */
    protected <T extends Event> DataStream<T> route(DataStream<Ingested<T>> ingested, Topic topic, Class<T> type,
            boolean lateness) {
        long allowedLateness = lateness ? settings.get(PlatformSettings.EVENTS_ALLOWED_LATENESS_MS) : NEVER_LATE;
        SingleOutputStreamOperator<T> events = ingested
                .process(new IngestRouter<T>(topic.topicName(), allowedLateness,
                        settings.get(PlatformSettings.DLQ_RAW_MAX_BYTES)))
                .returns(TypeInformation.of(type))
                .name("validate " + topic.topicName())
                .uid(topic.topicName() + "-ingest");
        DataStream<DeadLetter> deadLetters = events.getSideOutput(IngestRouter.DEAD_LETTERS);
        deadLetterStreams.put(topic, deadLetters);
        writeDeadLetters(deadLetters, topic);
        return events;
    }

    @Override
    public DataStream<DeadLetter> deadLetters(Topic topic) {
        DataStream<DeadLetter> stream = deadLetterStreams.get(topic);
        if (stream == null) {
            throw new IllegalStateException("read " + topic.topicName() + " before asking for its dead letters");
        }
        return stream;
    }

    @Override
    public <T extends Event> DataStream<T> read(StreamExecutionEnvironment env, Topic topic, Class<T> type) {
        claim("read", topic);
        return route(source(env, topic, type), topic, type, true);
    }

    @Override
    public <T extends Event> DataStream<T> readAligned(StreamExecutionEnvironment env, Topic topic, Class<T> type,
            java.time.Duration maxDrift) {
        claim("read", topic);
        return route(alignedSource(env, topic, type, maxDrift), topic, type, true);
    }

    @Override
    public <T extends Event> DataStream<T> readEveryRecord(StreamExecutionEnvironment env, Topic topic, Class<T> type) {
        claim("read", topic);
        return route(source(env, topic, type), topic, type, false);
    }

    /** The topic's messages decoded, with event-time timestamps and watermarks. */
    protected abstract <T extends Event> DataStream<Ingested<T>> source(StreamExecutionEnvironment env, Topic topic, Class<T> type);

    /** {@link #source} with watermark alignment, where the wiring has it (see {@link TopicIo#readAligned}). */
    protected <T extends Event> DataStream<Ingested<T>> alignedSource(StreamExecutionEnvironment env, Topic topic, Class<T> type,
            java.time.Duration maxDrift) {
        return source(env, topic, type);
    }

    protected abstract void writeDeadLetters(DataStream<DeadLetter> deadLetters, Topic topic);

    /** A job reads and writes each topic once (union first), so uids and output files stay unique. */
    protected void claim(String direction, Topic topic) {
        if (!used.add(direction + ":" + topic.topicName())) {
            throw new IllegalStateException("the job " + direction + "s " + topic.topicName()
                    + " twice; union the streams and " + direction + " once");
        }
    }
}
