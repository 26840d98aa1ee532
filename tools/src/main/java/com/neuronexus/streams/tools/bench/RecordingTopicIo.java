package com.neuronexus.streams.tools.bench;

import com.neuronexus.streams.connectors.io.TopicIo;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.DeadLetter;
import com.neuronexus.streams.core.events.Event;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Passes everything to the real wiring and notes which topics a job reads and writes. */
public final class RecordingTopicIo implements TopicIo {
    private static final long serialVersionUID = 1L;

    private final TopicIo delegate;
    public final Set<Topic> reads = new LinkedHashSet<>();
    public final Set<Topic> writes = new LinkedHashSet<>();
    /** The topics read with watermark alignment ({@link TopicIo#readAligned}), also in {@link #reads}. */
    public final Set<Topic> alignedReads = new LinkedHashSet<>();

    public RecordingTopicIo(TopicIo delegate) {
        this.delegate = delegate;
    }

    @Override
    public <T extends Event> DataStream<T> read(StreamExecutionEnvironment env, Topic topic, Class<T> type) {
        reads.add(topic);
        return delegate.read(env, topic, type);
    }

    @Override
    public <T extends Event> DataStream<T> readAligned(StreamExecutionEnvironment env, Topic topic, Class<T> type,
            java.time.Duration maxDrift) {
        reads.add(topic);
        alignedReads.add(topic);
        return delegate.readAligned(env, topic, type, maxDrift);
    }

    @Override
    public <T extends Event> DataStream<T> readEveryRecord(StreamExecutionEnvironment env, Topic topic, Class<T> type) {
        reads.add(topic);
        return delegate.readEveryRecord(env, topic, type);
    }

    @Override
    public DataStream<DeadLetter> deadLetters(Topic topic) {
        return delegate.deadLetters(topic);
    }

    @Override
    public <T> void write(DataStream<T> stream, Topic topic, Class<T> type) {
        writes.add(topic);
        delegate.write(stream, topic, type);
    }
}
