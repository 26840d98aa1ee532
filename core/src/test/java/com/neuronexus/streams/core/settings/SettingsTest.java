package com.neuronexus.streams.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void argumentsBeatEnvironmentBeatFlinkConfigurationBeatDefaults() {
        Map<String, String> flink = Map.of("nexus.jdbc.batch-size", "10", "nexus.jdbc.max-retries", "7",
                "nexus.kafka.group-id-prefix", "from-flink", "state.backend.type", "rocksdb");
        Map<String, String> env = Map.of("NEXUS_JDBC_BATCH_SIZE", "20", "NEXUS_KAFKA_GROUP_ID_PREFIX", "from-env", "PATH", "/bin");
        Settings s = Settings.load(new String[] {"--kafka.group-id-prefix", "from-args"}, env, flink);
        assertEquals("from-args", s.get(PlatformSettings.KAFKA_GROUP_ID_PREFIX));
        assertEquals(20, s.get(PlatformSettings.JDBC_BATCH_SIZE));
        assertEquals(7, s.get(PlatformSettings.JDBC_MAX_RETRIES));
        assertEquals(200L, s.get(PlatformSettings.JDBC_BATCH_INTERVAL_MS));
        assertEquals("argument --kafka.group-id-prefix", s.origin(PlatformSettings.KAFKA_GROUP_ID_PREFIX));
        assertEquals("environment NEXUS_JDBC_BATCH_SIZE", s.origin(PlatformSettings.JDBC_BATCH_SIZE));
    }

    @Test
    void equalsFormAndEnumsAreAccepted() {
        Settings s = Settings.load(new String[] {"--kafka.delivery=exactly-once"}, Map.of(), Map.of());
        assertEquals(PlatformSettings.Delivery.EXACTLY_ONCE, s.get(PlatformSettings.KAFKA_DELIVERY));
    }

    @Test
    void unknownKeysAreErrorsInEveryLayerWithASuggestion() {
        var fromArgs = assertThrows(SettingsException.class,
                () -> Settings.load(new String[] {"--jdbc.batchsize", "5"}, Map.of(), Map.of()));
        assertTrue(fromArgs.getMessage().contains("unknown setting --jdbc.batchsize"), fromArgs.getMessage());
        assertTrue(fromArgs.getMessage().contains("did you mean jdbc.batch-size"), fromArgs.getMessage());
        var fromEnv = assertThrows(SettingsException.class,
                () -> Settings.load(new String[0], Map.of("NEXUS_JDBC_URLL", "x"), Map.of()));
        assertTrue(fromEnv.getMessage().contains("NEXUS_JDBC_URLL"), fromEnv.getMessage());
        var fromFlink = assertThrows(SettingsException.class,
                () -> Settings.load(new String[0], Map.of(), Map.of("nexus.nope", "1")));
        assertTrue(fromFlink.getMessage().contains("nexus.nope"), fromFlink.getMessage());
    }

    @Test
    void badValuesAreErrorsThatNameTheKeyAndOrigin() {
        var e = assertThrows(SettingsException.class,
                () -> Settings.load(new String[0], Map.of("NEXUS_JDBC_BATCH_SIZE", "many"), Map.of()));
        assertTrue(e.getMessage().contains("jdbc.batch-size from environment NEXUS_JDBC_BATCH_SIZE"), e.getMessage());
        var bad = assertThrows(SettingsException.class,
                () -> Settings.load(new String[] {"--kafka.delivery", "sometimes"}, Map.of(), Map.of()));
        assertTrue(bad.getMessage().contains("AT_LEAST_ONCE"), bad.getMessage());
        assertThrows(SettingsException.class, () -> Settings.load(new String[] {"positional"}, Map.of(), Map.of()));
        assertThrows(SettingsException.class, () -> Settings.load(new String[] {"--jdbc.url"}, Map.of(), Map.of()));
    }

    @Test
    void secretsAreNeverShown() {
        Settings s = Settings.load(new String[0], Map.of("NEXUS_JDBC_PASSWORD", "hunter2"), Map.of());
        assertEquals("hunter2", s.get(PlatformSettings.JDBC_PASSWORD));
        assertFalse(s.describe().contains("hunter2"));
        assertFalse(s.toString().contains("hunter2"));
        var e = assertThrows(SettingsException.class,
                () -> Settings.load(new String[0], Map.of("NEXUS_JDBC_PASSWORD", "hunter2", "NEXUS_X", "1"), Map.of()));
        assertFalse(e.getMessage().contains("hunter2"));
    }

    @Test
    void launcherVariablesAreNotSettings() {
        Settings.load(new String[0], Map.of("NEXUS_HOME", "/opt/nexus", "NEXUS_JAVA_OPTS", "-Xmx1g"), Map.of());
    }
}
