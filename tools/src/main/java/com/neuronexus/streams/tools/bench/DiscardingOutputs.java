package com.neuronexus.streams.tools.bench;

import com.neuronexus.streams.connectors.io.TopicIo;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.DeadLetter;
import com.neuronexus.streams.core.events.Event;
import java.time.Duration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * A bench bound, not a wiring to run: a job's inputs read exactly as through {@code io} (validation and dead
 * letters included), every output record discarded before it is serialized. The ops job built on it does all its
 * analytics and writes nothing.
 */
final class DiscardingOutputs implements TopicIo {
    private final TopicIo io;

    DiscardingOutputs(TopicIo io) {
        this.io = io;
    }

    @Override
    public <T extends Event> DataStream<T> read(StreamExecutionEnvironment env, Topic topic, Class<T> type) {
        return io.read(env, topic, type);
    }

    @Override
    public <T extends Event> DataStream<T> readAligned(StreamExecutionEnvironment env, Topic topic, Class<T> type, Duration maxDrift) {
        return io.readAligned(env, topic, type, maxDrift);
    }

    @Override
    public <T extends Event> DataStream<T> readEveryRecord(StreamExecutionEnvironment env, Topic topic, Class<T> type) {
        return io.readEveryRecord(env, topic, type);
    }

    @Override
    public DataStream<DeadLetter> deadLetters(Topic topic) {
        return io.deadLetters(topic);
    }

    @Override
    public <T> void write(DataStream<T> stream, Topic topic, Class<T> type) {
        stream.sinkTo(new DiscardingSink<>()).name("discard " + topic.topicName()).uid("discard-" + topic.topicName());
    }
}
