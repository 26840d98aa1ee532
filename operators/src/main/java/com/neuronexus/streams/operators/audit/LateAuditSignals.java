package com.neuronexus.streams.operators.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.neuronexus.streams.core.events.AuditEvent;
import com.neuronexus.streams.core.events.DeadLetter;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A late audit event is never dropped silently: the platform puts it on {@code audit.events.dlq}, and this
 * turns each such dead letter into a P2 AUDIT_EVENT_LATE signal for its chain, so someone re-appends it.
 */
public final class LateAuditSignals {
    private LateAuditSignals() {}

    /** The signal for a late dead letter; null for any other dead letter (malformed ones have their own metric). */
    public static Signal fromDeadLetter(DeadLetter dead) {
        if (dead == null || !DeadLetter.REASON_LATE.equals(dead.reason())) {
            return null;
        }
        String chain = AuditEvent.DEFAULT_CHAIN;
        String eventId = null;
        Instant ts = dead.ingestedAt() == null ? Instant.EPOCH : dead.ingestedAt();
        try {
            JsonNode node = Json.readTree(dead.raw());
            if (node.hasNonNull("chain")) {
                chain = node.get("chain").asText();
            }
            if (node.hasNonNull("event_id")) {
                eventId = node.get("event_id").asText();
            }
            if (node.hasNonNull("ts")) {
                JsonNode t = node.get("ts");
                ts = t.isNumber() ? Instant.ofEpochMilli(t.asLong()) : Instant.parse(t.asText());
            }
        } catch (RuntimeException truncatedOrOdd) {
            // The raw text may be cut at the DLQ limit; the signal still names the DLQ position.
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("chain", chain);
        evidence.put("event_id", eventId);
        evidence.put("dlq_topic", dead.topic() + ".dlq");
        evidence.put("partition", dead.partition());
        evidence.put("offset", dead.offset());
        evidence.put("action", "re-append the event: it was not sealed into the chain");
        return Signal.of(AuditChainFunction.SOURCE, AuditChainFunction.LATE, chain, "P2",
                Signal.SignalState.OBSERVED, ts, Json.object(evidence));
    }
}
