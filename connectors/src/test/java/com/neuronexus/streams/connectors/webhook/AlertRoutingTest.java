package com.neuronexus.streams.connectors.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.AlertDeadLetter;
import com.neuronexus.streams.core.outputs.Incident;
import com.neuronexus.streams.core.outputs.Incident.Change;
import com.neuronexus.streams.core.outputs.Incident.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The whole alert path on a local MiniCluster, against real HTTP servers on 127.0.0.1. */
class AlertRoutingTest {

    static final String SECRET = "routing-secret";

    static Configuration loopbackOnly() {
        Configuration conf = new Configuration();
        conf.setString("jobmanager.bind-host", "127.0.0.1");
        conf.setString("taskmanager.bind-host", "127.0.0.1");
        conf.setString("taskmanager.host", "127.0.0.1");
        conf.setString("rest.bind-address", "127.0.0.1");
        conf.setString("rest.address", "127.0.0.1");
        return conf;
    }

    static List<Incident> incidents(int n) {
        List<Incident> out = new ArrayList<>();
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        for (int i = 0; i < n; i++) {
            Instant opened = t0.plusSeconds(i);
            String id = Incident.idFor("K:" + i, opened);
            out.add(new Incident(id, Incident.eventIdFor(id, Status.OPEN, Change.OPENED, 0, 0, opened, false, null), "K:" + i,
                    "test", "K", "P1", Status.OPEN, Change.OPENED, 0, 0, false, null, opened, opened, null, false,
                    "{\"i\":" + i + "}", "{}"));
            // A re-check is never sent; a resolve is.
            Instant later = opened.plusSeconds(30);
            out.add(new Incident(id, Incident.eventIdFor(id, Status.AUTO_HEALING, Change.RECHECKED, 1, 0, later, false, null),
                    "K:" + i, "test", "K", "P1", Status.AUTO_HEALING, Change.RECHECKED, 1, 0, false, null, opened,
                    later, null, false, "{\"i\":" + i + "}", "{}"));
        }
        return out;
    }

    @Test
    void deadEndpointGoesToTheDlqWhileTheOtherKeepsReceiving() throws Exception {
        int n = 20;
        try (TestWebhookServer healthy = new TestWebhookServer(2, SECRET);
                TestWebhookServer dead = new TestWebhookServer(-1, null)) {
            List<WebhookEndpoint> endpoints = WebhookEndpoint.parseList(
                    "good|json|P2|" + healthy.url() + ";down|slack|P4|" + dead.url());
            DeliveryConfig config = new DeliveryConfig(SECRET, "", 8, 2_000, 3, 5, 20, 3, 60_000);

            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, loopbackOnly());
            var stream = env.fromData(incidents(n)).setParallelism(1);
            List<AlertDeadLetter> dlq = new ArrayList<>();
            AlertRouting.deliver(stream, endpoints, config).executeAndCollect().forEachRemaining(dlq::add);

            Set<String> receivedIds = healthy.accepted.stream()
                    .map(r -> Json.readTree(r.body()).get("incident").get("incident_id").asText())
                    .collect(Collectors.toSet());
            assertEquals(n, receivedIds.size(), "every incident reached the healthy endpoint");
            assertEquals(0, healthy.badSignatures.get());
            assertTrue(dlq.stream().allMatch(d -> d.endpoint().equals("down")), "nothing of 'good' dead-lettered");
            assertEquals(n, dlq.size(), "every alert of the dead endpoint is in the DLQ");
            assertTrue(dlq.stream().anyMatch(d -> d.attempts() == 3 && d.lastStatus() == 503));
            assertTrue(dlq.stream().anyMatch(d -> d.attempts() == 0), "the open circuit spares the dead endpoint");
            assertTrue(dead.calls.get() < n * 3, "circuit breaker cut the calls: " + dead.calls.get());
            assertTrue(dlq.stream().allMatch(d -> d.body() != null && d.alertKey().endsWith(":OPENED:0:P1")));
        }
    }
}
