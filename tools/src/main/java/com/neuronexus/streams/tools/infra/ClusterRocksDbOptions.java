package com.neuronexus.streams.tools.infra;

import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * The RocksDB tuning of {@code flink-conf/config.yaml}, for the in-process clusters (sandbox, bench, end-to-end
 * tests). Without it they run RocksDB on Flink's defaults (no bloom filters, Snappy on every level) and measure
 * an engine no operator runs: a point lookup of an absent key (a new event id, a pane that does not exist)
 * then probes every level-0 file. {@code FlinkClusterConfigTest} keeps these equal to the file.
 */
public final class ClusterRocksDbOptions {
    private ClusterRocksDbOptions() {}

    public static final Map<String, String> OPTIONS = Map.of(
            "state.backend.rocksdb.use-bloom-filter", "true",
            "state.backend.rocksdb.compression.per.level", "NO_COMPRESSION;NO_COMPRESSION;LZ4_COMPRESSION");

    /** Adds the options to {@code config}; they only take effect with the RocksDB state backend. */
    public static void applyTo(Configuration config) {
        OPTIONS.forEach(config::setString);
    }
}
