package com.neuronexus.streams.connectors.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.Incident;
import com.neuronexus.streams.core.outputs.Incident.Change;
import com.neuronexus.streams.core.outputs.Incident.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertPayloadsTest {

    static Incident incident(Status status, Change change, String priority) {
        Instant opened = Instant.parse("2026-03-01T10:00:00Z");
        String id = Incident.idFor("NO_NEGATIVE_STOCK:sku-1", opened);
        Instant updated = opened.plusSeconds(60);
        return new Incident(id, Incident.eventIdFor(id, status, change, 1, 0, updated,
                status == Status.ESCALATED, status == Status.ESCALATED ? "attempts" : null), "NO_NEGATIVE_STOCK:sku-1",
                "invariants", "NO_NEGATIVE_STOCK", priority, status, change, 1, 0, status == Status.ESCALATED,
                status == Status.ESCALATED ? "attempts" : null, opened, updated,
                status == Status.RESOLVED ? updated : null, status == Status.RESOLVED, "{\"on_hand\":-3}", "{}");
    }

    final WebhookEndpoint json = new WebhookEndpoint("ops", WebhookFormat.JSON, "P3", "http://127.0.0.1:1/x");
    final WebhookEndpoint pd = new WebhookEndpoint("pager", WebhookFormat.PAGERDUTY, "P1", "https://events.pagerduty.com/v2/enqueue");
    final WebhookEndpoint slack = new WebhookEndpoint("chat", WebhookFormat.SLACK, "P4", "https://hooks.slack.com/services/T/B/X");

    @Test
    void jsonIsSignedAndCarriesTheIncident() {
        Incident inc = incident(Status.OPEN, Change.OPENED, "P1");
        WebhookRequest r = AlertPayloads.request(inc, json, "s3cret", null);
        assertEquals(AlertPayloads.hmacSha256Hex("s3cret", r.body()), r.signature());
        var body = Json.readTree(r.body());
        assertEquals(inc.incidentId(), body.get("incident").get("incident_id").asText());
        assertEquals(-3, body.get("incident").get("evidence").get("on_hand").asInt());
        assertEquals(inc.alertKey(), body.get("alert_key").asText());
        assertEquals(r.body(), AlertPayloads.request(inc, json, "s3cret", null).body(), "same incident, same bytes");
        assertNull(AlertPayloads.request(inc, json, "", null).signature(), "no secret, no signature");
        // RFC 4231 test case 2
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                AlertPayloads.hmacSha256Hex("Jefe", "what do ya want for nothing?"));
    }

    @Test
    void pagerDutyTriggersAndResolvesOnTheIncidentId() {
        var trigger = Json.readTree(AlertPayloads.request(incident(Status.ESCALATED, Change.ESCALATED, "P1"), pd,
                null, "rk").body());
        assertEquals("trigger", trigger.get("event_action").asText());
        assertEquals("rk", trigger.get("routing_key").asText());
        assertEquals("critical", trigger.get("payload").get("severity").asText());
        var resolve = Json.readTree(AlertPayloads.request(incident(Status.RESOLVED, Change.RESOLVED, "P1"), pd,
                null, "rk").body());
        assertEquals("resolve", resolve.get("event_action").asText());
        assertEquals(trigger.get("dedup_key").asText(), resolve.get("dedup_key").asText());
        assertFalse(resolve.has("payload"));
    }

    @Test
    void slackHasText() {
        var body = Json.readTree(AlertPayloads.request(incident(Status.RESOLVED, Change.RESOLVED, "P2"), slack,
                "ignored", null).body());
        assertTrue(body.get("text").asText().contains("auto-healed"));
        assertNull(AlertPayloads.request(incident(Status.OPEN, Change.OPENED, "P2"), slack, "x", null).signature());
    }

    @Test
    void endpointsFilterByPriorityAndSkipRechecks() {
        assertTrue(pd.wants(incident(Status.OPEN, Change.OPENED, "P1")));
        assertFalse(pd.wants(incident(Status.OPEN, Change.OPENED, "P2")));
        assertFalse(json.wants(incident(Status.AUTO_HEALING, Change.RECHECKED, "P1")));
        assertTrue(json.wants(incident(Status.OPEN, Change.REOPENED, "P3")));
        assertFalse(json.wants(incident(Status.OPEN, Change.OPENED, "P4")));
    }

    @Test
    void parsesTheEndpointList() {
        List<WebhookEndpoint> list = WebhookEndpoint.parseList(
                " ops|json|p3|http://127.0.0.1:8080/a ; pager|pagerduty|P1|https://events.pagerduty.com/v2/enqueue;");
        assertEquals(2, list.size());
        assertEquals("P3", list.get(0).minPriority());
        assertEquals(WebhookFormat.PAGERDUTY, list.get(1).format());
        assertTrue(WebhookEndpoint.parseList(" ").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> WebhookEndpoint.parseList("a|json|P9|http://h/x"));
        assertThrows(IllegalArgumentException.class, () -> WebhookEndpoint.parseList("a|xml|P1|http://h/x"));
        assertThrows(IllegalArgumentException.class, () -> WebhookEndpoint.parseList("a|json|P1|ftp://h/x"));
        assertThrows(IllegalArgumentException.class, () -> WebhookEndpoint.parseList("a|json|P1"));
        assertThrows(IllegalArgumentException.class,
                () -> WebhookEndpoint.parseList("a|json|P1|http://h/x;a|slack|P1|http://h/y"));
    }

    @Test
    void configNeverShowsSecrets() {
        DeliveryConfig c = new DeliveryConfig("s3cret", "rk-123", 10, 1000, 3, 10, 100, 3, 1000);
        assertFalse(c.toString().contains("s3cret"));
        assertFalse(c.toString().contains("rk-123"));
    }
}
