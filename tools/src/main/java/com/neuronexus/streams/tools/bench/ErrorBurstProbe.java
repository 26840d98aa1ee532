package com.neuronexus.streams.tools.bench;

import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.RequestLatencyEvent;
import com.neuronexus.streams.core.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Detection delay of an error burst, end to end through Kafka: {@value #ROUTES} routes of a service of their own
 * ({@value #SERVICE}) on {@code ops.request-latency}, each {@value #REQUESTS_PER_SECOND} requests a second stamped
 * with the wall clock, all successful until the route's burst starts ({@value #WARMUP_SECONDS} s + one second per
 * route, so bursts do not start together) and all 503 from then on. The rule (> 5 % of ≥ 20 requests in the
 * sliding minute) needs a few of them: a route with 40 good requests behind it breaches at its 3rd error.
 *
 * <p>Two delays per route, both to the time its {@code ERROR_RATE_HIGH} OBSERVED signal is consumed from
 * {@code ops.signals}: from the burst's first 503 (what an on-call person feels; includes the errors the rule
 * has to see) and from the signal's own timestamp, which is the event time of the 503 that tipped the window
 * (the pipeline's own delay). A route whose signal is not seen by the end counts as missed.
 */
final class ErrorBurstProbe extends LiveProbe {
    static final String SERVICE = "bench-burst-probe";
    static final int ROUTES = 8;
    static final int REQUESTS_PER_SECOND = 10;
    static final int WARMUP_SECONDS = 4;

    private final long burstsUntil;
    private final Random random = new Random(7);
    /** Wall-clock stamp of the first tick. */
    private long started = -1;
    /** Per route: wall-clock stamp of the burst's first 503 (-1 before it), the signal's ts and its consumption. */
    private final long[] firstError = new long[ROUTES];
    private final long[] signalTs = new long[ROUTES];
    private final long[] consumedAt = new long[ROUTES];

    ErrorBurstProbe(String bootstrap, String prefix, long burstsUntilMillis) {
        super(bootstrap, prefix, "bench-error-burst-probe", REQUESTS_PER_SECOND);
        this.burstsUntil = burstsUntilMillis;
        java.util.Arrays.fill(firstError, -1);
        java.util.Arrays.fill(signalTs, -1);
        java.util.Arrays.fill(consumedAt, -1);
    }

    static String route(int k) {
        return "/burst/" + k;
    }

    @Override
    protected void tick(int i, long ts) {
        if (started < 0) {
            started = ts;
        }
        for (int k = 0; k < ROUTES; k++) {
            long burstStart = started + (WARMUP_SECONDS + k) * 1000L;
            boolean error = firstError[k] >= 0 || (ts >= burstStart && ts < burstsUntil);
            if (error && firstError[k] < 0) {
                firstError[k] = ts;
            }
            RequestLatencyEvent request = new RequestLatencyEvent("burst-" + k + "-" + i, Instant.ofEpochMilli(ts),
                    SERVICE, route(k), "GET", error ? 503 : 200, 20 + 5 * random.nextDouble());
            loader.send(prefix, Topic.REQUEST_LATENCY, Json.toBytes(request));
        }
    }

    /** Notes each route's first ERROR_RATE_HIGH OBSERVED signal. */
    @Override
    protected void onObserved(String dedupKey, long ts, long consumed) {
        for (int k = 0; k < ROUTES; k++) {
            if (dedupKey.equals("ERROR_RATE_HIGH:" + SERVICE + ":" + route(k)) && consumedAt[k] < 0) {
                signalTs[k] = ts;
                consumedAt[k] = consumed;
            }
        }
    }

    int injected() {
        int n = 0;
        for (long t : firstError) {
            n += t >= 0 ? 1 : 0;
        }
        return n;
    }

    /** Delays (ms, sorted) from each detected burst's first 503 to its signal. */
    List<Long> delaysFromFirstError() {
        return delays(firstError);
    }

    /** Delays (ms, sorted) from the 503 that tipped each detected burst's window to its signal. */
    List<Long> delaysFromTippingRequest() {
        return delays(signalTs);
    }

    private List<Long> delays(long[] from) {
        List<Long> delays = new ArrayList<>();
        for (int k = 0; k < ROUTES; k++) {
            if (firstError[k] >= 0 && consumedAt[k] >= 0) {
                delays.add(consumedAt[k] - from[k]);
            }
        }
        delays.sort(Long::compare);
        return delays;
    }
}
