package com.neuronexus.streams.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.neuronexus.streams.connectors.io.FileTopicIo;
import com.neuronexus.streams.connectors.webhook.AlertPayloads;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.settings.AlertSettings;
import com.neuronexus.streams.core.settings.Settings;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IncidentJob's output fed to AlertJob: every notifiable incident state reaches the webhooks once it is accepted. */
class AlertJobTest {

    @Test
    void incidentsOfTheIncidentJobReachTheWebhooks(@TempDir Path dir) throws Exception {
        Path in = IncidentJobTest.scenario(dir);
        Path incidentsOut = dir.resolve("incidents-out");
        IncidentJobTest.run(in, incidentsOut, 1);
        Path alertsIn = Files.createDirectories(dir.resolve("alerts-in"));
        Files.copy(incidentsOut.resolve("ops.incidents.jsonl"), alertsIn.resolve("ops.incidents.jsonl"));

        String secret = "job-secret";
        List<String> jsonBodies = new CopyOnWriteArrayList<>();
        List<String> pagerBodies = new CopyOnWriteArrayList<>();
        AtomicInteger badSignatures = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/json", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status;
            if (calls.incrementAndGet() == 1) {
                status = 500; // the first call fails: the retry must deliver it
            } else if (!AlertPayloads.hmacSha256Hex(secret, body).equals(exchange.getRequestHeaders().getFirst("X-Nexus-Signature"))) {
                badSignatures.incrementAndGet();
                status = 401;
            } else {
                jsonBodies.add(body);
                status = 200;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.createContext("/pd", exchange -> {
            pagerBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Settings settings = Settings.load(new String[0], Map.of(), Map.of())
                    .with(AlertSettings.ENDPOINTS, "ops|json|P4|" + base + "/json;pager|pagerduty|P1|" + base + "/pd")
                    .with(AlertSettings.SECRET, secret)
                    .with(AlertSettings.PAGERDUTY_ROUTING_KEY, "rk")
                    .with(AlertSettings.BACKOFF_INITIAL_MS, 10L);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, Replay.loopbackOnly());
            Path out = dir.resolve("alerts-out");
            new AlertJob(settings, new FileTopicIo(settings, alertsIn, out)).build(env);
            env.execute("alerts-test");

            // A: opened, resolved, reopened, resolved; B, C, E: opened, escalated; D: opened. Re-checks are not sent.
            // At least once: a call that times out on a loaded machine is sent again with the same body and key.
            assertTrue(jsonBodies.size() >= 11, jsonBodies.toString());
            assertEquals(11, jsonBodies.stream().map(b -> Json.readTree(b).get("alert_key").asText()).distinct().count());
            assertEquals(11, jsonBodies.stream().distinct().count(), "a repeated alert is the same request");
            assertEquals(0, badSignatures.get());
            // P1 only: B and E, each triggered on open and again on escalation, on the incident id.
            assertTrue(pagerBodies.size() >= 4, pagerBodies.toString());
            assertEquals(4, pagerBodies.stream().distinct().count(), pagerBodies.toString());
            List<JsonNode> pd = pagerBodies.stream().distinct().map(Json::readTree).toList();
            assertTrue(pd.stream().allMatch(n -> n.get("event_action").asText().equals("trigger")));
            assertEquals(2, pd.stream().map(n -> n.get("dedup_key").asText()).distinct().count());
            assertTrue(Files.readAllLines(out.resolve("ops.alerts.dlq.jsonl")).isEmpty());
            assertTrue(Files.readAllLines(alertsIn.resolve("ops.incidents.jsonl")).size() > 11);
        } finally {
            server.stop(0);
        }
    }
}
