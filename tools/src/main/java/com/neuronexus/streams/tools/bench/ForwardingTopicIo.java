package com.neuronexus.streams.tools.bench;

import com.neuronexus.streams.connectors.io.TopicIo;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.DeadLetter;
import com.neuronexus.streams.core.events.Event;
import java.time.Duration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Passes everything to another wiring; a subclass changes only what it is for. */
public abstract class ForwardingTopicIo implements TopicIo {
    private static final long serialVersionUID = 1L;

    private final TopicIo delegate;

    protected ForwardingTopicIo(TopicIo delegate) {
        this.delegate = delegate;
    }

    @Override
    public <T extends Event> DataStream<T> read(StreamExecutionEnvironment env, Topic topic, Class<T> type) {
        return delegate.read(env, topic, type);
    }

    @Override
    public <T extends Event> DataStream<T> readAligned(StreamExecutionEnvironment env, Topic topic, Class<T> type,
            Duration maxDrift) {
        return delegate.readAligned(env, topic, type, maxDrift);
    }

    @Override
    public <T extends Event> DataStream<T> readEveryRecord(StreamExecutionEnvironment env, Topic topic, Class<T> type) {
        return delegate.readEveryRecord(env, topic, type);
    }

    @Override
    public DataStream<DeadLetter> deadLetters(Topic topic) {
        return delegate.deadLetters(topic);
    }

    @Override
    public <T> void write(DataStream<T> stream, Topic topic, Class<T> type) {
        delegate.write(stream, topic, type);
    }

    @Override
    public boolean watermarksCanStall() {
        return delegate.watermarksCanStall();
    }
}
