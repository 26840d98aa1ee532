package com.neuronexus.streams.tools.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.settings.PlatformSettings;
import com.neuronexus.streams.core.settings.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class LocalStackTest {

    @Test
    void startsEverythingOnLoopbackWithEveryContractTopicAndMatchingSettings() throws Exception {
        var options = LocalStack.Options.defaults()
                .withStateBackend(LocalFlink.StateBackend.HASHMAP, Duration.ofSeconds(5));
        try (LocalStack stack = LocalStack.start(options)) {
            try (var admin = stack.kafka().admin()) {
                var topics = admin.listTopics().names().get();
                assertTrue(topics.containsAll(Topic.allTopicNames()), topics.toString());
                assertTrue(topics.contains("inventory.usage.dlq"), topics.toString());
                assertEquals(2, admin.describeTopics(java.util.List.of("ops.metrics")).allTopicNames().get()
                        .get("ops.metrics").partitions().size());
            }

            Settings settings = stack.settings(Settings.defaults());
            assertEquals(stack.kafka().bootstrapServers(), settings.get(PlatformSettings.KAFKA_BOOTSTRAP_SERVERS));
            try (var c = DriverManager.getConnection(settings.get(PlatformSettings.JDBC_URL),
                    settings.get(PlatformSettings.JDBC_USER), settings.get(PlatformSettings.JDBC_PASSWORD));
                 var rs = c.createStatement().executeQuery("SELECT current_database()")) {
                assertTrue(rs.next());
                assertEquals("nexus", rs.getString(1));
            }

            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            stack.printWhereToLook(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            String where = buffer.toString(StandardCharsets.UTF_8);
            assertTrue(where.contains(stack.flink().dashboardUrl()), where);
            assertTrue(where.contains(stack.kafka().bootstrapServers()), where);
            assertFalse(where.contains("password"), "no secrets in the banner: " + where);

            if (ListeningSockets.supported()) {
                assertEquals(java.util.List.of(), ListeningSockets.nonLoopback());
                var ports = new HashSet<Integer>();
                ListeningSockets.ofThisJvm().forEach(l -> ports.add(l.port()));
                assertTrue(ports.contains(stack.flink().restPort()));
            }
        }
    }
}
