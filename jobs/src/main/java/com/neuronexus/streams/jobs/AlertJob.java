package com.neuronexus.streams.jobs;

import com.neuronexus.streams.connectors.io.TopicIo;
import com.neuronexus.streams.connectors.webhook.AlertRouting;
import com.neuronexus.streams.connectors.webhook.DeliveryConfig;
import com.neuronexus.streams.connectors.webhook.WebhookEndpoint;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.outputs.AlertDeadLetter;
import com.neuronexus.streams.core.outputs.Incident;
import com.neuronexus.streams.core.settings.AlertSettings;
import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.core.settings.SettingsException;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Incident states to webhooks ({@code alert.endpoints}): each endpoint has its own Async I/O operator,
 * retries and circuit breaker; alerts that fail every attempt go to {@code ops.alerts.dlq}.
 * At-least-once: a receiver de-duplicates on {@code X-Nexus-Dedup-Key} (PagerDuty on dedup_key = incident id).
 */
public class AlertJob extends NexusJob {

    public static void main(String[] args) throws Exception {
        JobLauncher.run(args, "alerts", AlertJob::new);
    }

    public AlertJob(Settings settings, TopicIo io) {
        super(settings, io);
    }

    @Override
    public String shortName() {
        return "alerts";
    }

    public static DeliveryConfig deliveryConfig(Settings settings) {
        return new DeliveryConfig(settings.get(AlertSettings.SECRET), settings.get(AlertSettings.PAGERDUTY_ROUTING_KEY),
                settings.get(AlertSettings.MAX_IN_FLIGHT), settings.get(AlertSettings.REQUEST_TIMEOUT_MS),
                settings.get(AlertSettings.MAX_ATTEMPTS), settings.get(AlertSettings.BACKOFF_INITIAL_MS),
                settings.get(AlertSettings.BACKOFF_MAX_MS), settings.get(AlertSettings.BREAKER_FAILURES),
                settings.get(AlertSettings.BREAKER_OPEN_MS));
    }

    public static List<WebhookEndpoint> endpoints(Settings settings) {
        try {
            List<WebhookEndpoint> endpoints = WebhookEndpoint.parseList(settings.get(AlertSettings.ENDPOINTS));
            if (endpoints.isEmpty()) {
                throw new SettingsException("alert.endpoints is empty: the alert job needs at least one endpoint "
                        + "(name|format|min-priority|url, ';'-separated)");
            }
            return endpoints;
        } catch (IllegalArgumentException e) {
            throw new SettingsException("alert.endpoints: " + e.getMessage());
        }
    }

    @Override
    public void build(StreamExecutionEnvironment env) {
        List<WebhookEndpoint> endpoints = endpoints(settings);
        var incidents = io.readEveryRecord(env, Topic.INCIDENTS, Incident.class);
        var deadLetters = AlertRouting.deliver(incidents, endpoints, deliveryConfig(settings));
        io.write(deadLetters, Topic.ALERTS_DLQ, AlertDeadLetter.class);
    }
}
