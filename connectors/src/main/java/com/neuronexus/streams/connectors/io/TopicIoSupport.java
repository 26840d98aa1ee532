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

/** What both TopicIo implementations share: decoding, routing to the DLQ, and one read/write per topic. */
abstract class TopicIoSupport implements TopicIo {
    private static final long serialVersionUID = 1L;

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
    protected <T extends Event> DataStream<T> route(DataStream<Ingested<T>> ingested, Topic topic, Class<T> type) {
        SingleOutputStreamOperator<T> events = ingested
                .process(new IngestRouter<T>(topic.topicName(), settings.get(PlatformSettings.EVENTS_ALLOWED_LATENESS_MS),
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

    protected abstract void writeDeadLetters(DataStream<DeadLetter> deadLetters, Topic topic);

    /** A job reads and writes each topic once (union first), so uids and output files stay unique. */
    protected void claim(String direction, Topic topic) {
        if (!used.add(direction + ":" + topic.topicName())) {
            throw new IllegalStateException("the job " + direction + "s " + topic.topicName()
                    + " twice; union the streams and " + direction + " once");
        }
    }
}
