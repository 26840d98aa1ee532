package com.neuronexus.streams.jobs;

import com.neuronexus.streams.connectors.io.TopicIo;
import com.neuronexus.streams.core.settings.Settings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A job: wiring only. It takes its settings and its sources/sinks ({@link TopicIo}) in the constructor, so
 * {@code main()} wires Kafka and PostgreSQL while replay and tests wire files or memory, and the operators
 * in between are the same.
 */
public abstract class NexusJob {
    protected final Settings settings;
    protected final TopicIo io;

    protected NexusJob(Settings settings, TopicIo io) {
        this.settings = settings;
        this.io = io;
    }

    /** Short name used by {@code ./nexus replay NAME}, consumer group ids and transactional ids. */
    public abstract String shortName();

    /** Adds this job's sources, operators and sinks to the environment. */
    public abstract void build(StreamExecutionEnvironment env);
}
