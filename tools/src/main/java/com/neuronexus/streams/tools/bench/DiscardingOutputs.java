package com.neuronexus.streams.tools.bench;

import com.neuronexus.streams.connectors.io.TopicIo;
import com.neuronexus.streams.core.Topic;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * A bench bound, not a wiring to run: a job's inputs read exactly as through {@code io} (validation and dead
 * letters included), every output record discarded before it is serialized. The ops job built on it does all its
 * analytics and writes nothing.
 */
final class DiscardingOutputs extends ForwardingTopicIo {
    private static final long serialVersionUID = 1L;

    DiscardingOutputs(TopicIo io) {
        super(io);
    }

    @Override
    public <T> void write(DataStream<T> stream, Topic topic, Class<T> type) {
        stream.sinkTo(new DiscardingSink<>()).name("discard " + topic.topicName()).uid("discard-" + topic.topicName());
    }
}
