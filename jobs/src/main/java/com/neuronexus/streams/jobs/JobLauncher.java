package com.neuronexus.streams.jobs;

import com.neuronexus.streams.connectors.io.KafkaTopicIo;
import com.neuronexus.streams.connectors.io.TopicIo;
import com.neuronexus.streams.core.settings.PlatformSettings;
import com.neuronexus.streams.core.settings.Settings;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every job's {@code main()} does: resolve settings (arguments, {@code NEXUS_*} environment, the
 * cluster's {@code nexus.*} configuration, defaults), wire Kafka + PostgreSQL, and execute. Submitted from
 * the dashboard, a job gets no program arguments (FLINK-39310), so the other layers must suffice.
 */
public final class JobLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(JobLauncher.class);

    /** Builds a job from its settings and its sources/sinks. */
    @FunctionalInterface
    public interface JobFactory {
        NexusJob create(Settings settings, TopicIo io);
    }

    private JobLauncher() {}

    public static void run(String[] args, String shortName, JobFactory factory) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Settings settings = Settings.fromEnvironment(args, flinkConfiguration(env.getConfiguration()));
        LOG.info("Starting nexus-{} with settings:\n{}", shortName, settings.describe());
        configure(env, settings);
        NexusJob job = factory.create(settings, new KafkaTopicIo(settings, shortName));
        job.build(env);
        env.execute("nexus-" + shortName);
    }

    /**
     * Environment setup in one place: parallelism, and the watermark interval and buffer timeout that bound how
     * long an event-time result waits; checkpointing and the state backend come from the cluster.
     */
    public static void configure(StreamExecutionEnvironment env, Settings settings) {
        int parallelism = settings.get(PlatformSettings.JOB_PARALLELISM);
        if (parallelism > 0) {
            env.setParallelism(parallelism);
        }
        env.getConfig().setAutoWatermarkInterval(settings.get(PlatformSettings.JOB_WATERMARK_INTERVAL_MS));
        env.setBufferTimeout(settings.get(PlatformSettings.JOB_BUFFER_TIMEOUT_MS));
    }

    /** The cluster's configuration as strings: what the client or JobManager loaded, plus FLINK_CONF_DIR. */
    static Map<String, String> flinkConfiguration(ReadableConfig config) {
        Map<String, String> entries = new HashMap<>();
        String confDir = System.getenv("FLINK_CONF_DIR");
        if (confDir != null) {
            try {
                entries.putAll(GlobalConfiguration.loadConfiguration(confDir).toMap());
            } catch (RuntimeException e) {
                LOG.warn("Could not read the Flink configuration in {}: {}", confDir, e.getMessage());
            }
        }
        if (config instanceof Configuration configuration) {
            entries.putAll(configuration.toMap());
        }
        return entries;
    }
}
