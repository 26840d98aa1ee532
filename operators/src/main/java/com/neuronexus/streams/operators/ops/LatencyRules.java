package com.neuronexus.streams.operators.ops;

import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.LatencyWindow;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The seed system's latency rules as signal emitters, each OBSERVED once when its condition starts and
 * CLEARED once when it ends (DESIGN §5):
 * <ul>
 *   <li>ERROR_RATE_HIGH (P2): error rate > 5 % with ≥ 20 requests, on the sliding (1 min) windows;</li>
 *   <li>P95_REGRESSION (P2): p95 > 2 × its baseline for 60 s of consecutive tumbling windows;</li>
 *   <li>LATENCY_ANOMALY (P3): the mean latency of the recent tumbling windows (at least {@code meanMinRequests}
 *       requests) > baseline mean + 3σ of such a mean (see {@link #mean}).</li>
 * </ul>
 * Baselines are EWMAs over normal windows only, so an incident does not raise its own bar.
 * Windows of one (service, route) must be fed in window order.
 *
 * <p>A complete sliding window is only seen when the watermark passes its end, up to a slide (10 s) after the
 * request that tipped its error rate. {@link #onFillingWindow} lets the error-rate rule raise on the window still
 * filling instead, within a second of that request. It only raises: a partial window never clears, so a
 * signal raised early is cleared by complete windows, like any other, but only by one that ends after the window
 * that raised it: the watermark still closes older windows (older requests only), and the raising window itself
 * can complete a hair under the threshold (6 errors in 119 requests raise, the 120th request makes 5.0 %),
 * which would flap the signal within a second.
 *
 * <p>The early rule never looks at what the complete windows decided: which of them the watermark has closed
 * when a request arrives differs from run to run, and its signals would too (a replay raised at another request
 * than the live run). It keeps its own episodes instead, from the requests alone: a breaching filling window
 * raises unless another one, found at an earlier server error, ended at most one window length before it.
 * The complete windows take an early raise over when they reach its window ({@code earlyRaisedEnds}), in window
 * order like everything else they do. So both halves give the same signals in every run. An early episode whose
 * previous sliding window breached already (tipped by a successful request, or by errors of an older pane) is
 * left to that window, which raises it earlier in event time: no second OBSERVED.
 */
public final class LatencyRules implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String SOURCE = "ops";
    public static final String ERROR_RATE_HIGH = "ERROR_RATE_HIGH";
    public static final String P95_REGRESSION = "P95_REGRESSION";
    public static final String LATENCY_ANOMALY = "LATENCY_ANOMALY";

    /** Windows before a baseline is trusted. */
    private static final int BASELINE_WARMUP = 6;
    private static final double BASELINE_ALPHA = 0.1;

    /**
     * @param errorRateEarly whether {@link #onFillingWindow} is consulted: the error-rate rule then also raises
     *     on the sliding window still filling, at the server error that tips it
     * @param meanMinRequests requests a tumbling window needs before the mean rule judges it
     */
    public record Config(double errorRate, int errorMinRequests, double p95Factor, long p95SustainMillis,
            double meanSigmas, boolean errorRateEarly, int meanMinRequests) implements Serializable {
        public static Config defaults() {
            return new Config(0.05, 20, 2.0, 60_000L, 3.0, true, 20);
        }
    }

    private final Config config;

    public LatencyRules(Config config) {
        this.config = config;
    }

    public static String entity(String service, String route) {
        return service + ":" + route;
    }

    public List<Signal> onWindow(LatencyRuleState s, LatencyWindow w) {
        List<Signal> out = new ArrayList<>();
        String entity = entity(w.service(), w.route());
        if (LatencyWindow.SLIDING.equals(w.windowKind())) {
            errorRate(s, w, entity, out);
        } else {
            p95(s, w, entity, out);
            mean(s, w, entity, out);
        }
        return out;
    }

    /**
     * The error-rate rule on a sliding window that is still filling (its requests so far), at event time
     * {@code atMillis}: raises ERROR_RATE_HIGH, stamped {@code atMillis}, if the window breaches, starts an early
     * episode (no breaching filling window seen before ends within one window length before it), and the
     * sliding window before it, ending at {@code previousEnd}, did not breach: that one raises (or keeps) the
     * signal itself at its end, which is earlier, and a second OBSERVED would count as a re-check of the
     * incident. Its verdict is the complete window's once that has been judged, else that of its requests so far
     * ({@code previousSoFar}, null when it has none; asked only then): the same requests either way, the ones
     * that came before this one. Returns null otherwise; a breach still extends the episode, so the caller keeps
     * {@code s} whenever {@code s.earlyBreachEnd} changed.
     */
    public Signal onFillingWindow(LatencyRuleState s, LatencyWindow filling, long atMillis, long previousEnd,
            Supplier<LatencyWindow> previousSoFar) {
        if (!errorRateBreached(filling)) {
            return null;
        }
        long end = filling.windowEnd().toEpochMilli();
        long length = end - filling.windowStart().toEpochMilli();
        boolean newEpisode = s.earlyBreachEnd == Long.MIN_VALUE || end - s.earlyBreachEnd > length;
        s.earlyBreachEnd = Math.max(s.earlyBreachEnd, end);
        if (!newEpisode) {
            return null;
        }
        boolean previousBreached;
        if (s.lastSlidingEnd == previousEnd) {
            previousBreached = s.lastSlidingBreached;
        } else {
            LatencyWindow previous = previousSoFar.get();
            previousBreached = previous != null && errorRateBreached(previous);
        }
        if (previousBreached) {
            return null;
        }
        // A new episode ends more than a window after every earlier breach: the list stays ascending.
        s.earlyRaisedEnds = Arrays.copyOf(s.earlyRaisedEnds, s.earlyRaisedEnds.length + 1);
        s.earlyRaisedEnds[s.earlyRaisedEnds.length - 1] = end;
        Map<String, Object> facts = new TreeMap<>(Map.of("error_rate", filling.errorRate(), "threshold", config.errorRate(),
                "requests", filling.requestCount()));
        facts.put("window_filling", true);
        return signal(ERROR_RATE_HIGH, entity(filling.service(), filling.route()), "P2", Signal.SignalState.OBSERVED,
                filling, facts, java.time.Instant.ofEpochMilli(atMillis));
    }

    /**
     * Whether {@link #onFillingWindow} can do anything for a filling window ending at {@code end}: not once a
     * breach of a window ending there or later was seen (no new episode, nothing to extend), so a burst's later
     * server errors need no merge.
     */
    public boolean fillingWindowMatters(LatencyRuleState s, long end) {
        return s.earlyBreachEnd < end;
    }

    private boolean errorRateBreached(LatencyWindow w) {
        return w.requestCount() >= config.errorMinRequests() && w.errorRate() > config.errorRate();
    }

    /**
     * Whether {@link #onWindow} would emit anything for this window: always for a tumbling window (not worked
     * out), for a sliding window whether the error-rate rule would raise or clear. On a sliding window that
     * gives no signal, {@link #onWindow} only takes over the early raises it reaches and remembers its verdict.
     */
    public boolean signalsOn(LatencyRuleState s, LatencyWindow w) {
        return !LatencyWindow.SLIDING.equals(w.windowKind()) || errorRateTransition(s, w) != 0;
    }

    /**
     * +1: the window raises ERROR_RATE_HIGH, -1: it clears it, 0: neither; with the early raises it reaches taken
     * over first (see {@link #takeOverEarlyRaises}), without changing {@code s}.
     */
    private int errorRateTransition(LatencyRuleState s, LatencyWindow w) {
        long end = w.windowEnd().toEpochMilli();
        boolean firing = s.errorFiring;
        long raisedEnd = s.errorRaisedWindowEnd;
        for (long early : s.earlyRaisedEnds) {
            if (early <= end) {
                firing = true;
                raisedEnd = Math.max(raisedEnd, early);
            }
        }
        boolean breach = errorRateBreached(w);
        if (breach && !firing) {
            return 1;
        }
        if (!breach && firing && w.errorRate() <= config.errorRate() && end > raisedEnd) {
            return -1;
        }
        return 0;
    }

    /** The early raises whose filling window ends by this complete window's end are firing from now on. */
    private static void takeOverEarlyRaises(LatencyRuleState s, long windowEnd) {
        int reached = 0;
        while (reached < s.earlyRaisedEnds.length && s.earlyRaisedEnds[reached] <= windowEnd) {
            s.errorFiring = true;
            s.errorRaisedWindowEnd = Math.max(s.errorRaisedWindowEnd, s.earlyRaisedEnds[reached]);
            reached++;
        }
        if (reached > 0) {
            s.earlyRaisedEnds = Arrays.copyOfRange(s.earlyRaisedEnds, reached, s.earlyRaisedEnds.length);
        }
    }

    private void errorRate(LatencyRuleState s, LatencyWindow w, String entity, List<Signal> out) {
        int transition = errorRateTransition(s, w);
        takeOverEarlyRaises(s, w.windowEnd().toEpochMilli());
        s.lastSlidingEnd = w.windowEnd().toEpochMilli();
        s.lastSlidingBreached = errorRateBreached(w);
        if (transition > 0) {
            s.errorFiring = true;
            out.add(signal(ERROR_RATE_HIGH, entity, "P2", Signal.SignalState.OBSERVED, w,
                    Map.of("error_rate", w.errorRate(), "threshold", config.errorRate(), "requests", w.requestCount())));
        } else if (transition < 0) {
            s.errorFiring = false;
            s.errorRaisedWindowEnd = Long.MIN_VALUE;
            out.add(signal(ERROR_RATE_HIGH, entity, "P2", Signal.SignalState.CLEARED, w,
                    Map.of("error_rate", w.errorRate(), "threshold", config.errorRate(), "requests", w.requestCount())));
        }
    }

    private void p95(LatencyRuleState s, LatencyWindow w, String entity, List<Signal> out) {
        if (w.requestCount() == 0) {
            return;
        }
        double p95 = w.p95Ms();
        boolean warmed = s.p95Windows >= BASELINE_WARMUP;
        boolean breach = warmed && p95 > config.p95Factor() * s.p95Baseline;
        long start = w.windowStart().toEpochMilli();
        long end = w.windowEnd().toEpochMilli();
        if (breach) {
            if (s.p95BreachStart < 0) {
                s.p95BreachStart = start;
            }
            if (!s.p95Firing && end - s.p95BreachStart >= config.p95SustainMillis()) {
                s.p95Firing = true;
                out.add(signal(P95_REGRESSION, entity, "P2", Signal.SignalState.OBSERVED, w,
                        Map.of("p95_ms", p95, "baseline_p95_ms", s.p95Baseline, "factor", config.p95Factor(),
                                "since", java.time.Instant.ofEpochMilli(s.p95BreachStart).toString())));
            }
            return;
        }
        s.p95BreachStart = -1;
        if (s.p95Firing) {
            s.p95Firing = false;
            out.add(signal(P95_REGRESSION, entity, "P2", Signal.SignalState.CLEARED, w,
                    Map.of("p95_ms", p95, "baseline_p95_ms", s.p95Baseline, "factor", config.p95Factor())));
        }
        double alpha = Math.max(BASELINE_ALPHA, 1.0 / (s.p95Windows + 1));
        s.p95Baseline += alpha * (p95 - s.p95Baseline);
        s.p95Windows++;
    }

    /**
     * The old system compared the mean of its last 100 requests with the baseline + 3σ. Here the recent mean is
     * that of at least {@code meanMinRequests} requests (like the error-rate rule's 20): a window with fewer is
     * pooled with the following ones until they hold enough, and the pool is judged at the window that fills
     * it. It is judged against the spread a mean of that many requests has: σ is the per-request standard
     * deviation, estimated as n·(mean − baseline)² (a mean of n requests varies by σ²/n), and the bar is
     * baseline + k·σ/√n. Comparing every 10 s window, often of a single request, with the spread of window
     * means raised thousands of P3 signals a week on sparse routes, each one an incident.
     */
    private void mean(LatencyRuleState s, LatencyWindow w, String entity, List<Signal> out) {
        if (w.requestCount() == 0) {
            return;
        }
        long n = s.meanPoolRequests + w.requestCount();
        double sumMs = s.meanPoolSumMs + w.meanMs() * w.requestCount();
        if (n < config.meanMinRequests()) {
            s.meanPoolRequests = n;
            s.meanPoolSumMs = sumMs;
            return;
        }
        s.meanPoolRequests = 0;
        s.meanPoolSumMs = 0;
        double mean = sumMs / n;
        double sigma = Math.sqrt(s.meanVariance);
        double sigmaOfMean = sigma / Math.sqrt(n);
        double bar = s.meanBaseline + config.meanSigmas() * sigmaOfMean;
        boolean breach = s.meanWindows >= BASELINE_WARMUP && sigma > 0 && mean > bar;
        Map<String, Object> facts = Map.of("mean_ms", mean, "baseline_mean_ms", s.meanBaseline, "sigma_ms", sigma,
                "sigma_of_mean_ms", sigmaOfMean, "request_count", n);
        if (breach) {
            if (!s.meanFiring) {
                s.meanFiring = true;
                out.add(signal(LATENCY_ANOMALY, entity, "P3", Signal.SignalState.OBSERVED, w, facts));
            }
            return;
        }
        if (s.meanFiring) {
            s.meanFiring = false;
            out.add(signal(LATENCY_ANOMALY, entity, "P3", Signal.SignalState.CLEARED, w, facts));
        }
        double alpha = Math.max(BASELINE_ALPHA, 1.0 / (s.meanWindows + 1));
        double delta = mean - s.meanBaseline;
        s.meanBaseline += alpha * delta;
        s.meanVariance = (1 - alpha) * (s.meanVariance + alpha * n * delta * delta);
        s.meanWindows++;
    }

    private static Signal signal(String kind, String entity, String priority, Signal.SignalState state,
            LatencyWindow w, Map<String, Object> facts) {
        return signal(kind, entity, priority, state, w, facts, w.windowEnd());
    }

    private static Signal signal(String kind, String entity, String priority, Signal.SignalState state,
            LatencyWindow w, Map<String, Object> facts, java.time.Instant ts) {
        Map<String, Object> evidence = new TreeMap<>(facts);
        evidence.put("service", w.service());
        evidence.put("route", w.route());
        evidence.put("window_start", w.windowStart().toString());
        evidence.put("window_end", w.windowEnd().toString());
        return Signal.of(SOURCE, kind, entity, priority, state, ts, Json.object(evidence));
    }
}
