package com.neuronexus.streams.connectors.webhook;

import com.neuronexus.streams.core.outputs.AlertDeadLetter;
import com.neuronexus.streams.core.outputs.Incident;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Incidents to webhooks: one filter and one Async I/O operator per endpoint, each with its own bounded queue
 * ({@link DeliveryConfig#maxInFlight()}), timeout and circuit breaker, so a slow or dead endpoint only fills its
 * own queue. Returns the alerts that could not be delivered (for {@code ops.alerts.dlq}). At least one endpoint
 * is required.
 */
public final class AlertRouting {

    private AlertRouting() {}

    public static DataStream<AlertDeadLetter> deliver(DataStream<Incident> incidents, List<WebhookEndpoint> endpoints,
            DeliveryConfig config) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no alert endpoints: set alert.endpoints (name|format|min-priority|url;...)");
        }
        DataStream<AlertDeadLetter> deadLetters = null;
        for (WebhookEndpoint endpoint : endpoints) {
            DataStream<Incident> wanted = incidents.filter(endpoint::wants)
                    .name("alert filter " + endpoint.name())
                    .uid("alert-filter-" + endpoint.uidPart());
            DataStream<AlertDeadLetter> failed = AsyncDataStream.unorderedWait(wanted,
                            new WebhookAsyncFunction(endpoint, config), config.deliveryBudgetMs(),
                            TimeUnit.MILLISECONDS, config.maxInFlight())
                    .name("webhook " + endpoint.name() + " (" + endpoint.format() + ")")
                    .uid("alert-webhook-" + endpoint.uidPart());
            deadLetters = deadLetters == null ? failed : deadLetters.union(failed);
        }
        return deadLetters;
    }
}
