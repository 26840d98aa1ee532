package com.neuronexus.streams.jobs;

import com.neuronexus.streams.connectors.io.FileTopicIo;
import com.neuronexus.streams.core.settings.Settings;
import java.nio.file.Path;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs a job bounded over {@code <topic>.jsonl} files with the same operators as live, writing one
 * {@code <topic>.jsonl} per output and DLQ topic. Streaming mode on purpose: event-time timers fire as in
 * production, and the end of input (a final watermark) closes every open bucket and window.
 */
public final class Replay {
    private Replay() {}

    public static void run(String jobName, Settings settings, Path input, Path output, int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, loopbackOnly());
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        NexusJob job = JobCatalog.byName(jobName).create(settings, new FileTopicIo(settings, input, output));
        job.build(env);
        env.execute("nexus-replay-" + jobName);
    }

    /** A MiniCluster binds every interface unless told otherwise (STACK.md). */
    public static Configuration loopbackOnly() {
        return com.neuronexus.streams.connectors.io.LoopbackConfig.create();
    }
}
