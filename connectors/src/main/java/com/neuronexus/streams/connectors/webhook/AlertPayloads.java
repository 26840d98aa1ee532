package com.neuronexus.streams.connectors.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.Incident;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Turns an incident state into the body an endpoint expects. Pure functions: same incident, same bytes. */
public final class AlertPayloads {

    private AlertPayloads() {}

    public static WebhookRequest request(Incident incident, WebhookEndpoint endpoint, String secret, String routingKey) {
        String body = switch (endpoint.format()) {
            case JSON -> json(incident);
            case SLACK -> slack(incident);
            case PAGERDUTY -> pagerDuty(incident, routingKey);
        };
        String signature = endpoint.format() == WebhookFormat.JSON && secret != null && !secret.isEmpty()
                ? hmacSha256Hex(secret, body)
                : null;
        return new WebhookRequest(endpoint.name(), endpoint.format(), endpoint.url(), body, signature,
                incident.alertKey(), incident.incidentId(), incident.updatedAt());
    }

    /** Generic JSON: the alert key, what happened, and the whole incident state. */
    static String json(Incident incident) {
        ObjectNode root = Json.newObject();
        root.put("alert_key", incident.alertKey());
        root.put("event", String.valueOf(incident.lastChange()));
        root.put("summary", summary(incident));
        root.set("incident", Json.readTree(Json.toText(incident)));
        return Json.canonical(root);
    }

    static String slack(Incident incident) {
        ObjectNode root = Json.newObject();
        String icon = switch (incident.status()) {
            case RESOLVED -> ":white_check_mark:";
            case ESCALATED -> ":rotating_light:";
            default -> ":warning:";
        };
        root.put("text", icon + " " + summary(incident) + "\n`" + incident.incidentId() + "` attempts "
                + incident.attempts() + ", opened " + incident.openedAt()
                + (incident.resolvedAt() != null ? ", resolved " + incident.resolvedAt()
                        + (incident.autoHealed() ? " (auto-healed)" : "") : ""));
        return Json.canonical(root);
    }

    /** PagerDuty Events v2: one PagerDuty incident per our incident (dedup_key), resolved when ours is. */
    static String pagerDuty(Incident incident, String routingKey) {
        ObjectNode root = Json.newObject();
        root.put("routing_key", routingKey == null ? "" : routingKey);
        root.put("dedup_key", incident.incidentId());
        if (incident.status() == Incident.Status.RESOLVED) {
            root.put("event_action", "resolve");
            return Json.canonical(root);
        }
        root.put("event_action", "trigger");
        ObjectNode payload = root.putObject("payload");
        payload.put("summary", truncate(summary(incident), 1024));
        payload.put("source", incident.source() == null ? "neuronexus-streams" : incident.source());
        payload.put("severity", severity(incident.priority()));
        payload.put("timestamp", incident.updatedAt().toString());
        payload.put("component", incident.kind());
        payload.put("class", incident.kind());
        ObjectNode details = payload.putObject("custom_details");
        details.put("incident_id", incident.incidentId());
        details.put("status", String.valueOf(incident.status()));
        details.put("attempts", incident.attempts());
        details.put("reopen_count", incident.reopenCount());
        details.put("alert_key", incident.alertKey());
        details.set("evidence", Json.readTree(incident.evidence() == null ? "{}" : incident.evidence()));
        return Json.canonical(root);
    }

    static String severity(String priority) {
        return switch (priority == null ? "" : priority) {
            case "P1" -> "critical";
            case "P2" -> "error";
            case "P3" -> "warning";
            default -> "info";
        };
    }

    static String summary(Incident incident) {
        return "[" + incident.priority() + "] " + incident.status() + " " + incident.dedupKey()
                + (incident.escalationReason() != null && incident.escalated()
                        ? " (escalated by " + incident.escalationReason() + ")" : "");
    }

    /** Hex HMAC-SHA256 of the UTF-8 body: what {@code X-Nexus-Signature} carries. */
    public static String hmacSha256Hex(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
