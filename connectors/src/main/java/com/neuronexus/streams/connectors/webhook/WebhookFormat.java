package com.neuronexus.streams.connectors.webhook;

import java.util.Locale;

/** Payload dialects an alert endpoint speaks. */
public enum WebhookFormat {
    /** Our own JSON: the incident state, signed with {@code X-Nexus-Signature}. */
    JSON,
    /** Slack incoming webhook: {@code {"text": ...}}. */
    SLACK,
    /** PagerDuty Events API v2: trigger on open/reopen/escalate, resolve on resolve, dedup_key = incident id. */
    PAGERDUTY;

    public static WebhookFormat parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        return switch (t) {
            case "JSON", "GENERIC" -> JSON;
            case "SLACK" -> SLACK;
            case "PAGERDUTY", "PD" -> PAGERDUTY;
            default -> throw new IllegalArgumentException("unknown webhook format '" + text
                    + "' (expected json, slack or pagerduty)");
        };
    }
}
