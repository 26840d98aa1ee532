package com.neuronexus.streams.tools.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.junit.jupiter.api.Test;

/** flink-conf/config.yaml as Flink itself parses it, and the JVM flags the launcher shares with it. */
class FlinkClusterConfigTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    private static Configuration load() {
        return GlobalConfiguration.loadConfiguration(REPO.resolve("flink-conf").toString());
    }

    @Test
    void statebackendCheckpointsAndRestartsAreWhatTheDesignAsks() {
        Configuration c = load();
        assertEquals("rocksdb", c.get(StateBackendOptions.STATE_BACKEND));
        assertTrue(c.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS));
        // DemandJob's day close reads every SKU's state on a timer (docs/demand.md, day close benchmark).
        assertEquals("true", c.toMap().get("state.backend.rocksdb.use-bloom-filter"));
        assertEquals(Duration.ofSeconds(10), c.get(CheckpointingOptions.CHECKPOINTING_INTERVAL));
        assertEquals("file:///var/lib/flink/checkpoints", c.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY));
        assertEquals("exponential-delay", c.get(RestartStrategyOptions.RESTART_STRATEGY));
        assertEquals(Duration.ofMinutes(1), c.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF));
        assertEquals("org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
                c.toMap().get("metrics.reporter.prom.factory.class"));
        assertEquals("true", c.toMap().get("web.submit.enable"));
    }

    @Test
    void inProcessClustersRunRocksDbTunedAsTheClusterConfig() {
        Map<String, String> file = load().toMap();
        ClusterRocksDbOptions.OPTIONS.forEach((key, value) -> assertEquals(file.get(key), value, key));
        Set<String> tuned = file.keySet().stream().filter(k -> k.startsWith("state.backend.rocksdb."))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(tuned, new TreeSet<>(ClusterRocksDbOptions.OPTIONS.keySet()), "every RocksDB option of the file");
    }

    @Test
    void taskManagerMemoryAddsUp() {
        var spec = TaskExecutorProcessUtils.processSpecFromConfig(load());
        assertEquals(MemorySize.parse("4096m"), spec.getTotalProcessMemorySize());
        assertTrue(spec.getManagedMemorySize().compareTo(MemorySize.parse("1g")) > 0, "room for RocksDB");
    }

    @Test
    void clusterAndLauncherUseFlinksJava17ModuleFlags() throws Exception {
        Set<String> cluster = flags(load().get(CoreOptions.FLINK_JVM_OPTIONS));
        assertTrue(cluster.contains("--add-opens=java.base/java.util=ALL-UNNAMED"), cluster.toString());
        assertEquals(20, cluster.size(), cluster.toString());

        String launcher = Files.readString(REPO.resolve("nexus"));
        assertEquals(cluster, flags(launcher));
        assertTrue(launcher.contains("--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"));
        assertTrue(Files.readString(REPO.resolve("flink-conf/config.yaml"))
                .contains("# --- nexus settings (generated) ---"), "marker for the generated nexus.* block");
    }

    private static Set<String> flags(String text) {
        return Arrays.stream(text.split("\\s+"))
                .filter(t -> t.startsWith("--add-opens=") || t.startsWith("--add-exports="))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
