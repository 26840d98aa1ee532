package com.neuronexus.streams.connectors.webhook;

import com.neuronexus.streams.core.outputs.AlertDeadLetter;
import com.neuronexus.streams.core.outputs.Incident;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Async I/O around {@link WebhookSender} for one endpoint: emits nothing for a delivered alert and an
 * {@link AlertDeadLetter} for one that failed every attempt (or timed out as a whole). It never fails the job.
 */
public class WebhookAsyncFunction extends RichAsyncFunction<Incident, AlertDeadLetter> {
    private static final long serialVersionUID = 1L;

    private final WebhookEndpoint endpoint;
    private final DeliveryConfig config;
    private transient WebhookSender sender;
    private transient Counter delivered;
    private transient Counter deadLettered;

    public WebhookAsyncFunction(WebhookEndpoint endpoint, DeliveryConfig config) {
        this.endpoint = endpoint;
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        sender = new WebhookSender(config, WebhookSender.newClient(config));
        var group = getRuntimeContext().getMetricGroup().addGroup("endpoint", endpoint.name());
        delivered = group.counter("nexus_alerts_delivered");
        deadLettered = group.counter("nexus_alerts_dead_lettered");
    }

    @Override
    public void asyncInvoke(Incident incident, ResultFuture<AlertDeadLetter> resultFuture) {
        WebhookRequest request;
        try {
            request = AlertPayloads.request(incident, endpoint, config.secret(), config.routingKey());
        } catch (RuntimeException e) {
            // An incident we cannot format (odd evidence): dead-letter it, never fail the job.
            deadLettered.inc();
            resultFuture.complete(List.of(new AlertDeadLetter(endpoint.name(), endpoint.format().name(),
                    incident.incidentId(), incident.alertKey(), endpoint.url(), 0, 0, "format: " + e, null,
                    incident.updatedAt(), Instant.now())));
            return;
        }
        sender.send(request).whenComplete((outcome, error) -> {
            if (error == null && outcome.delivered()) {
                delivered.inc();
                resultFuture.complete(Collections.emptyList());
                return;
            }
            deadLettered.inc();
            resultFuture.complete(List.of(deadLetter(request,
                    outcome == null ? 0 : outcome.attempts(),
                    outcome == null ? 0 : outcome.lastStatus(),
                    outcome == null ? String.valueOf(error) : outcome.lastError())));
        });
    }

    /** The whole delivery took longer than its budget: dead-letter it (the default would fail the job). */
    @Override
    public void timeout(Incident incident, ResultFuture<AlertDeadLetter> resultFuture) {
        deadLettered.inc();
        String error = "delivery exceeded " + config.deliveryBudgetMs() + " ms";
        WebhookRequest request;
        try {
            request = AlertPayloads.request(incident, endpoint, config.secret(), config.routingKey());
        } catch (RuntimeException e) {
            resultFuture.complete(List.of(new AlertDeadLetter(endpoint.name(), endpoint.format().name(),
                    incident.incidentId(), incident.alertKey(), endpoint.url(), -1, 0, error, null,
                    incident.updatedAt(), Instant.now())));
            return;
        }
        resultFuture.complete(List.of(deadLetter(request, -1, 0, error)));
    }

    private AlertDeadLetter deadLetter(WebhookRequest request, int attempts, int status, String error) {
        return new AlertDeadLetter(endpoint.name(), endpoint.format().name(), request.incidentId(),
                request.alertKey(), endpoint.url(), attempts, status, error, request.body(),
                request.incidentUpdatedAt(), Instant.now());
    }
}
