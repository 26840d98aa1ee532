package com.neuronexus.streams.connectors.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Posts alerts to ONE endpoint, without blocking: retries with exponential backoff and full jitter up to
 * {@link DeliveryConfig#maxAttempts()}, then reports failure (the caller dead-letters it). A client error
 * (4xx other than 408/429) is not retried: the same body would be refused again.
 *
 * <p>A circuit breaker keeps a dead endpoint cheap: after {@link DeliveryConfig#breakerFailures()} alerts in a
 * row exhausted their retries, alerts fail at once for {@link DeliveryConfig#breakerOpenMs()}; then one alert is
 * tried normally and closes the circuit if it gets through. So a dead endpoint never holds its Async I/O queue
 * full, and never backs pressure up into the stream that feeds the other endpoints.
 */
public final class WebhookSender {

    /** How one alert ended. {@code attempts} is 0 when the open circuit refused it without a request. */
    public record Outcome(boolean delivered, int attempts, int lastStatus, String lastError) {}

    private final DeliveryConfig config;
    private final HttpClient client;
    private final LongSupplier clock;
    private final Object lock = new Object();
    private int consecutiveFailures;
    private long openUntil;
    private boolean probing;

    public WebhookSender(DeliveryConfig config, HttpClient client) {
        this(config, client, System::currentTimeMillis);
    }

    WebhookSender(DeliveryConfig config, HttpClient client, LongSupplier clock) {
        this.config = config;
        this.client = client;
        this.clock = clock;
    }

    public static HttpClient newClient(DeliveryConfig config) {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(config.requestTimeoutMs()))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public CompletableFuture<Outcome> send(WebhookRequest request) {
        synchronized (lock) {
            long now = clock.getAsLong();
            if (now < openUntil || probing) {
                return CompletableFuture.completedFuture(new Outcome(false, 0, 0, "circuit open after "
                        + consecutiveFailures + " failed alerts"));
            }
            if (consecutiveFailures >= config.breakerFailures()) {
                probing = true; // half-open: this alert is the probe, the others wait for its verdict
            }
        }
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        attempt(request, 1, result);
        return result.whenComplete((outcome, error) -> record(outcome != null && outcome.delivered()));
    }

    private void record(boolean delivered) {
        synchronized (lock) {
            probing = false;
            if (delivered) {
                consecutiveFailures = 0;
                openUntil = 0;
            } else if (++consecutiveFailures >= config.breakerFailures()) {
                openUntil = clock.getAsLong() + config.breakerOpenMs();
            }
        }
    }

    private void attempt(WebhookRequest request, int attempt, CompletableFuture<Outcome> result) {
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(request.url()))
                .timeout(Duration.ofMillis(config.requestTimeoutMs()))
                .header("Content-Type", "application/json")
                .header(WebhookRequest.DEDUP_HEADER, request.alertKey())
                .POST(HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
        if (request.signature() != null) {
            http.header(WebhookRequest.SIGNATURE_HEADER, request.signature());
        }
        CompletableFuture<HttpResponse<String>> call;
        try {
            call = client.sendAsync(http.build(), HttpResponse.BodyHandlers.ofString());
        } catch (RuntimeException e) {
            result.complete(new Outcome(false, attempt, 0, e.toString()));
            return;
        }
        call.whenComplete((response, error) -> {
            int status = response == null ? 0 : response.statusCode();
            if (error == null && status >= 200 && status < 300) {
                result.complete(new Outcome(true, attempt, status, null));
                return;
            }
            String message = error != null ? rootMessage(error) : "HTTP " + status;
            boolean retryable = error != null || status == 408 || status == 429 || status >= 500;
            if (!retryable || attempt >= config.maxAttempts()) {
                result.complete(new Outcome(false, attempt, status, message));
                return;
            }
            Executor later = CompletableFuture.delayedExecutor(backoffMs(attempt), TimeUnit.MILLISECONDS);
            later.execute(() -> attempt(request, attempt + 1, result));
        });
    }

    /** Full jitter: uniform in [0, min(max, initial·2^(attempt−1))], so retries of many alerts spread out. */
    long backoffMs(int attempt) {
        long cap = Math.min(config.backoffMaxMs(), config.backoffInitialMs() << Math.min(attempt - 1, 30));
        return cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1);
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
