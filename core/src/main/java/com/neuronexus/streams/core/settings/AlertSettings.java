package com.neuronexus.streams.core.settings;

import java.util.List;

/** Settings of the alert capability: webhook endpoints and delivery. */
public final class AlertSettings {
    private AlertSettings() {}

    public static final SettingKey<String> ENDPOINTS = SettingKey.string(
            "alert.endpoints", "",
            "Webhook endpoints, ';'-separated entries 'name|format|min-priority|url' with format json, slack or pagerduty, e.g. ops|json|P2|https://hooks.example/x.");
    public static final SettingKey<String> SECRET = SettingKey.secret(
            "alert.secret", "", "Shared secret of the X-Nexus-Signature header (hex HMAC-SHA256 of the body) on json endpoints. Never printed.");
    public static final SettingKey<String> PAGERDUTY_ROUTING_KEY = SettingKey.secret(
            "alert.pagerduty-routing-key", "", "PagerDuty Events v2 routing (integration) key for pagerduty endpoints. Never printed.");
    public static final SettingKey<Integer> MAX_IN_FLIGHT = SettingKey.integer(
            "alert.max-in-flight", 100, "Requests in flight per endpoint and subtask (Async I/O capacity).");
    public static final SettingKey<Long> REQUEST_TIMEOUT_MS = SettingKey.longValue(
            "alert.request-timeout-ms", 5_000L, "Timeout of one HTTP request.");
    public static final SettingKey<Integer> MAX_ATTEMPTS = SettingKey.integer(
            "alert.max-attempts", 5, "Attempts per alert before it goes to ops.alerts.dlq.");
    public static final SettingKey<Long> BACKOFF_INITIAL_MS = SettingKey.longValue(
            "alert.backoff-initial-ms", 200L, "First retry delay; doubles per retry, with full jitter.");
    public static final SettingKey<Long> BACKOFF_MAX_MS = SettingKey.longValue(
            "alert.backoff-max-ms", 10_000L, "Largest retry delay.");

    public static final SettingKey<Integer> BREAKER_FAILURES = SettingKey.integer(
            "alert.breaker-failures", 5, "Alerts in a row that exhaust their retries before an endpoint's circuit opens.");
    public static final SettingKey<Long> BREAKER_OPEN_MS = SettingKey.longValue(
            "alert.breaker-open-ms", 30_000L, "While an endpoint's circuit is open its alerts go straight to ops.alerts.dlq.");

    public static List<SettingKey<?>> keys() {
        return List.of(ENDPOINTS, SECRET, PAGERDUTY_ROUTING_KEY, MAX_IN_FLIGHT, REQUEST_TIMEOUT_MS, MAX_ATTEMPTS,
                BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, BREAKER_FAILURES, BREAKER_OPEN_MS);
    }
}
