package com.neuronexus.streams.connectors.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.outputs.Incident;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WebhookSenderTest {

    static final String SECRET = "test-secret";
    final DeliveryConfig config = new DeliveryConfig(SECRET, "", 10, 2_000, 4, 10, 50, 2, 60_000);

    static WebhookRequest request(String url, Incident incident) {
        return AlertPayloads.request(incident, new WebhookEndpoint("t", WebhookFormat.JSON, "P4", url), SECRET, null);
    }

    static Incident opened() {
        return AlertPayloadsTest.incident(Incident.Status.OPEN, Incident.Change.OPENED, "P1");
    }

    @Test
    void retriesUntilDeliveredWithAValidSignature() throws Exception {
        try (TestWebhookServer server = new TestWebhookServer(2, SECRET)) {
            WebhookSender sender = new WebhookSender(config, WebhookSender.newClient(config));
            WebhookSender.Outcome outcome = sender.send(request(server.url(), opened())).get(10, TimeUnit.SECONDS);
            assertTrue(outcome.delivered());
            assertEquals(3, outcome.attempts());
            assertEquals(3, server.calls.get());
            assertEquals(1, server.accepted.size());
            assertEquals(0, server.badSignatures.get());
            assertEquals(opened().alertKey(), server.accepted.get(0).dedupKey());
        }
    }

    @Test
    void wrongSecretIsRefusedAndNotRetried() throws Exception {
        try (TestWebhookServer server = new TestWebhookServer(0, "other-secret")) {
            WebhookSender sender = new WebhookSender(config, WebhookSender.newClient(config));
            WebhookSender.Outcome outcome = sender.send(request(server.url(), opened())).get(10, TimeUnit.SECONDS);
            assertFalse(outcome.delivered());
            assertEquals(401, outcome.lastStatus());
            assertEquals(1, server.calls.get(), "a 4xx is not retried");
            assertEquals(1, server.badSignatures.get());
        }
    }

    @Test
    void givesUpAfterTheRetryLimitThenTheCircuitOpensAndCloses() throws Exception {
        try (TestWebhookServer server = new TestWebhookServer(-1, SECRET)) {
            AtomicLong now = new AtomicLong(1_000);
            WebhookSender sender = new WebhookSender(config, WebhookSender.newClient(config), now::get);
            for (int i = 0; i < 2; i++) {
                WebhookSender.Outcome o = sender.send(request(server.url(), opened())).get(10, TimeUnit.SECONDS);
                assertFalse(o.delivered());
                assertEquals(4, o.attempts());
                assertEquals(503, o.lastStatus());
            }
            assertEquals(8, server.calls.get());
            WebhookSender.Outcome refused = sender.send(request(server.url(), opened())).get(10, TimeUnit.SECONDS);
            assertEquals(0, refused.attempts(), "circuit open: no request at all");
            assertEquals(8, server.calls.get());

            now.addAndGet(60_001);
            WebhookSender.Outcome probe = sender.send(request(server.url(), opened())).get(10, TimeUnit.SECONDS);
            assertEquals(4, probe.attempts(), "after the open period one alert probes the endpoint");
        }
        try (TestWebhookServer healthy = new TestWebhookServer(0, SECRET)) {
            AtomicLong now = new AtomicLong(0);
            WebhookSender sender = new WebhookSender(config, WebhookSender.newClient(config), now::get);
            String deadUrl = "http://127.0.0.1:1/hook";
            sender.send(request(deadUrl, opened())).get(10, TimeUnit.SECONDS);
            sender.send(request(deadUrl, opened())).get(10, TimeUnit.SECONDS);
            now.addAndGet(60_001);
            assertTrue(sender.send(request(healthy.url(), opened())).get(10, TimeUnit.SECONDS).delivered());
            assertEquals(1, sender.send(request(healthy.url(), opened())).get(10, TimeUnit.SECONDS).attempts(),
                    "a delivered probe closes the circuit");
        }
    }

    @Test
    void backoffIsBoundedAndJittered() {
        WebhookSender sender = new WebhookSender(new DeliveryConfig("", "", 1, 100, 10, 100, 1_000, 1, 0), null);
        long max = 0;
        for (int i = 0; i < 200; i++) {
            long b = sender.backoffMs(8);
            assertTrue(b >= 0 && b <= 1_000);
            max = Math.max(max, b);
            assertTrue(sender.backoffMs(1) <= 100);
        }
        assertTrue(max > 100, "jitter spreads up to the cap");
    }
}
