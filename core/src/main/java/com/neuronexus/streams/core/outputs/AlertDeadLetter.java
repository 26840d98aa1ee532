package com.neuronexus.streams.core.outputs;

import java.time.Instant;

/**
 * {@code ops.alerts.dlq} (topic only): an alert that an endpoint did not accept within the retry limit.
 * {@code body} is the exact payload that was sent, so an operator can re-post it; {@code alertKey} is the
 * stable de-duplication key of the incident state. {@code failedAt} is wall-clock time (diagnostics only).
 */
public record AlertDeadLetter(
        String endpoint,
        String format,
        String incidentId,
        String alertKey,
        String url,
        int attempts,
        int lastStatus,
        String lastError,
        String body,
        Instant incidentUpdatedAt,
        Instant failedAt) {}
