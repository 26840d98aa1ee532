package com.neuronexus.streams.tools.bench;

import com.neuronexus.streams.connectors.io.TopicIo;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.Event;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Passes everything to the real wiring and notes which topics a job reads and writes. */
public final class RecordingTopicIo extends ForwardingTopicIo {
    private static final long serialVersionUID = 1L;

    public final Set<Topic> reads = new LinkedHashSet<>();
    public final Set<Topic> writes = new LinkedHashSet<>();
    /** The topics read with watermark alignment ({@link TopicIo#readAligned}), also in {@link #reads}. */
    public final Set<Topic> alignedReads = new LinkedHashSet<>();

    public RecordingTopicIo(TopicIo delegate) {
        super(delegate);
    }

    @Override
    public <T extends Event> DataStream<T> read(StreamExecutionEnvironment env, Topic topic, Class<T> type) {
        reads.add(topic);
        return super.read(env, topic, type);
    }

    @Override
    public <T extends Event> DataStream<T> readAligned(StreamExecutionEnvironment env, Topic topic, Class<T> type,
            java.time.Duration maxDrift) {
        reads.add(topic);
        alignedReads.add(topic);
        return super.readAligned(env, topic, type, maxDrift);
    }

    @Override
    public <T extends Event> DataStream<T> readEveryRecord(StreamExecutionEnvironment env, Topic topic, Class<T> type) {
        reads.add(topic);
        return super.readEveryRecord(env, topic, type);
    }

    @Override
    public <T> void write(DataStream<T> stream, Topic topic, Class<T> type) {
        writes.add(topic);
        super.write(stream, topic, type);
    }
}
