package com.neuronexus.streams.connectors.webhook;

import java.io.Serializable;

/**
 * How alerts are delivered. {@link #toString()} masks the secrets: this record travels inside Flink functions
 * and must never show up in a log.
 *
 * @param secret            HMAC key of {@code X-Nexus-Signature} (json endpoints)
 * @param routingKey        PagerDuty Events v2 routing key
 * @param maxInFlight       Async I/O capacity per endpoint and subtask
 * @param requestTimeoutMs  one HTTP request
 * @param maxAttempts       attempts before the alert goes to the DLQ
 * @param backoffInitialMs  first retry delay (doubles per retry, full jitter)
 * @param backoffMaxMs      cap of one retry delay
 * @param breakerFailures   consecutive dead-lettered alerts after which the endpoint's circuit opens
 * @param breakerOpenMs     while open, alerts to the endpoint go to the DLQ without a request
 */
public record DeliveryConfig(String secret, String routingKey, int maxInFlight, long requestTimeoutMs,
        int maxAttempts, long backoffInitialMs, long backoffMaxMs, int breakerFailures, long breakerOpenMs)
        implements Serializable {

    public DeliveryConfig {
        if (maxInFlight < 1 || requestTimeoutMs < 1 || maxAttempts < 1 || backoffInitialMs < 0
                || backoffMaxMs < backoffInitialMs || breakerFailures < 1 || breakerOpenMs < 0) {
            throw new IllegalArgumentException("bad alert delivery settings: " + this);
        }
    }

    /**
     * Upper bound of one alert's whole delivery (all attempts and waits) plus slack; the Async I/O timeout.
     * Beyond it the alert is dead-lettered rather than failing the job.
     */
    public long deliveryBudgetMs() {
        long waits = 0;
        for (int i = 1; i < maxAttempts; i++) {
            waits += Math.min(backoffMaxMs, backoffInitialMs << Math.min(i - 1, 30));
        }
        return maxAttempts * requestTimeoutMs + waits + 5_000L;
    }

    @Override
    public String toString() {
        return "DeliveryConfig[secret=" + (secret == null || secret.isEmpty() ? "" : "******")
                + ", routingKey=" + (routingKey == null || routingKey.isEmpty() ? "" : "******")
                + ", maxInFlight=" + maxInFlight + ", requestTimeoutMs=" + requestTimeoutMs
                + ", maxAttempts=" + maxAttempts + ", backoffInitialMs=" + backoffInitialMs
                + ", backoffMaxMs=" + backoffMaxMs + ", breakerFailures=" + breakerFailures
                + ", breakerOpenMs=" + breakerOpenMs + "]";
    }
}
