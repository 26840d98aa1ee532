package com.neuronexus.streams.connectors.webhook;

import java.time.Instant;

/**
 * One alert ready to post: the exact body and the headers that go with it. {@code signature} is the hex
 * HMAC-SHA256 of the body (json format with a secret), else null.
 */
public record WebhookRequest(String endpoint, WebhookFormat format, String url, String body, String signature,
        String alertKey, String incidentId, Instant incidentUpdatedAt) {

    public static final String SIGNATURE_HEADER = "X-Nexus-Signature";
    public static final String DEDUP_HEADER = "X-Nexus-Dedup-Key";
}
