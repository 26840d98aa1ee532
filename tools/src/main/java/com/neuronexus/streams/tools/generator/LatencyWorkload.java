package com.neuronexus.streams.tools.generator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.neuronexus.streams.core.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code ops.request-latency}: a few services and routes, Poisson arrivals with a daily cycle (about 3 requests per
 * minute per service on average), lognormal latency, about 2 % 4xx and about 0.6 % 5xx. Ordinary 5xx of a service
 * are at least 15 minutes apart, so no window of ≤ 15 minutes can show > 5 % errors by chance.
 *
 * <p>Injected each day, with their truth in the manifest: one SLOWDOWN (one route, latency × 4 for 6–12 minutes)
 * and one ERROR_BURST (one route, every 4th request a 503 for 5–10 minutes). During both, the route receives an
 * extra request every 2 s (a traffic surge), so every minute of the window has ≥ 29 requests: a 1-minute window
 * sees p95 well above 2 × baseline, or > 5 % errors with ≥ 20 requests. Day 0's injections come 40 and 75
 * minutes after the run starts (so a short sandbox run sees them after a baseline); later days' at random hours.
 */
final class LatencyWorkload implements Workload {

    record Route(String service, String method, String path, double medianMs, double share) {
        String entity() {
            return service + " " + method + " " + path;
        }
    }

    static final List<Route> ROUTES = List.of(
            new Route("checkout", "GET", "/api/cart", 45, 0.5),
            new Route("checkout", "POST", "/api/checkout", 180, 0.3),
            new Route("checkout", "GET", "/api/orders/{id}", 60, 0.2),
            new Route("inventory-api", "GET", "/api/items", 35, 0.5),
            new Route("inventory-api", "GET", "/api/items/{sku}", 25, 0.3),
            new Route("inventory-api", "POST", "/api/stock", 90, 0.2),
            new Route("auth", "POST", "/api/login", 120, 0.6),
            new Route("auth", "POST", "/api/token/refresh", 30, 0.4));
    static final List<String> SERVICES = List.of("checkout", "inventory-api", "auth");

    static final double REQUESTS_PER_MINUTE_PER_SERVICE = 3.0;
    static final double SERVER_ERROR_P = 0.008;
    static final Duration MIN_GAP_BETWEEN_ORDINARY_5XX = Duration.ofMinutes(15);
    static final double SLOWDOWN_FACTOR = 4.0;
    static final Malformed.Spec SPEC = new Malformed.Spec("route", "latency_ms", "latency_ms", null);

    private final long seed;
    /** Multiplies every arrival rate (ordinary and surge); 1 is the documented volume. */
    private final double intensity;
    private final Duration minGapBetweenOrdinary5xx;
    /** Time of the last ordinary 5xx per service, carried across days. */
    private final Instant[] lastServerError = new Instant[SERVICES.size()];

    private record Request(Route route, Instant ts, double latencyMs, int status) {}

    private record Window(String kind, Route route, Instant start, Instant end) {
        boolean covers(Route r, Instant ts) {
            return r.equals(route) && !ts.isBefore(start) && ts.isBefore(end);
        }
    }

    LatencyWorkload(long seed, double intensity) {
        this.seed = seed;
        this.intensity = intensity;
        // at higher volume the windows hold more requests, so the gap that keeps chance alarms away can shrink
        this.minGapBetweenOrdinary5xx = Duration.ofMillis((long) (MIN_GAP_BETWEEN_ORDINARY_5XX.toMillis() / Math.max(1, intensity)));
    }

    @Override
    public void generateDay(int day, Instant dayStart, Emitter out) {
        SplittableRandom plan = Rand.of(seed, "latency-plan", 0, day);
        List<Window> windows = new ArrayList<>();
        Instant slowStart = day == 0 ? out.runStart().plusSeconds(40 * 60) : dayStart.plusSeconds(2 * 3600 + plan.nextInt(9 * 3600));
        Instant burstStart = day == 0 ? out.runStart().plusSeconds(75 * 60) : dayStart.plusSeconds(13 * 3600 + plan.nextInt(9 * 3600));
        Route slowRoute = Rand.pick(plan, ROUTES);
        Route burstRoute = Rand.pick(plan, ROUTES);
        Duration slowLength = Duration.ofMinutes(6 + plan.nextInt(7));
        Duration burstLength = Duration.ofMinutes(5 + plan.nextInt(6));
        if (out.fits(slowStart, slowLength)) {
            windows.add(new Window("SLOWDOWN", slowRoute, slowStart, slowStart.plus(slowLength)));
        }
        if (out.fits(burstStart, burstLength)) {
            windows.add(new Window("ERROR_BURST", burstRoute, burstStart, burstStart.plus(burstLength)));
        }

        for (int s = 0; s < SERVICES.size(); s++) {
            String service = SERVICES.get(s);
            SplittableRandom r = Rand.of(seed, "latency", s, day);
            List<Request> requests = new ArrayList<>();
            for (Route route : ROUTES) {
                if (!route.service().equals(service)) {
                    continue;
                }
                arrivals(route, dayStart, r, requests, out);
                for (Window w : windows) {
                    if (w.route().equals(route)) {
                        surge(w, r, requests);
                    }
                }
            }
            requests.sort(Comparator.comparing(Request::ts));
            for (Request q : requests) {
                Request shaped = shape(q, windows, s, r);
                out.emit(Topic.REQUEST_LATENCY, service, event(shaped, out), shaped.ts());
                countInto(shaped, windows);
            }
        }
        for (Window w : windows) {
            int[] c = counts.remove(w);
            Map<String, Object> expected = w.kind().equals("SLOWDOWN")
                    ? Map.of("requests", c[0], "latency_factor", SLOWDOWN_FACTOR, "server_errors", c[1])
                    : Map.of("requests", c[0], "server_errors", c[1], "error_rate", round4(c[1] / (double) c[0]));
            out.inject(new Injection(w.kind(), Topic.REQUEST_LATENCY.topicName(), w.route().entity(), w.start(), w.end(), expected));
        }
        SplittableRandom bad = Rand.of(seed, "latency-bad", 0, day);
        for (Malformed.Planned p : Malformed.plan(day, dayStart, out, SPEC, 30)) {
            Request sample = new Request(ROUTES.get(0), p.ts(), Math.round(Rand.lognormal(bad, 45, 0.4) * 10) / 10.0, 200);
            out.emitMalformed(Topic.REQUEST_LATENCY, sample.route().service(), event(sample, null), p.kind(), SPEC, p.ts());
        }
    }

    private final Map<Window, int[]> counts = new java.util.HashMap<>();

    private void countInto(Request q, List<Window> windows) {
        for (Window w : windows) {
            if (w.covers(q.route(), q.ts())) {
                int[] c = counts.computeIfAbsent(w, k -> new int[2]);
                c[0]++;
                if (q.status() >= 500) {
                    c[1]++;
                }
            }
        }
    }

    private static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    /** Non-homogeneous Poisson arrivals by thinning: the rate follows a daily cycle peaking at 15:00 UTC. */
    private void arrivals(Route route, Instant dayStart, SplittableRandom r, List<Request> into, Emitter out) {
        double meanPerMs = intensity * REQUESTS_PER_MINUTE_PER_SERVICE * route.share() / 60_000.0;
        double maxPerMs = meanPerMs * 1.65;
        double t = 0;
        while (true) {
            t += -Math.log(1.0 - r.nextDouble()) / maxPerMs;
            if (t >= 86_400_000) {
                return;
            }
            double hour = t / 3_600_000.0;
            double factor = 0.35 + 1.3 * (1 - Math.cos(2 * Math.PI * (hour - 3) / 24)) / 2;
            if (r.nextDouble() * 1.65 >= factor) {
                continue;
            }
            Instant ts = dayStart.plusMillis((long) t);
            if (!ts.isBefore(out.runStart()) && out.fits(ts, Duration.ZERO)) {
                into.add(new Request(route, ts, latency(route, r), 0));
            }
        }
    }

    /** One extra request every 2 s (divided by the intensity), jittered inside its slot, for the whole window. */
    private void surge(Window w, SplittableRandom r, List<Request> into) {
        long slotMs = Math.max(10, (long) (2000 / Math.max(1, intensity)));
        long slots = Duration.between(w.start(), w.end()).toMillis() / slotMs;
        for (long k = 0; k < slots; k++) {
            Instant ts = w.start().plusMillis(slotMs * k + r.nextInt((int) (slotMs / 2)));
            // status -1 marks an injected request: in a burst every 4th of them fails
            into.add(new Request(w.route(), ts, latency(w.route(), r), k % 4 == 3 ? -1 : -2));
        }
    }

    private static double latency(Route route, SplittableRandom r) {
        return Rand.lognormal(r, route.medianMs(), 0.45);
    }

    private Request shape(Request q, List<Window> windows, int serviceIndex, SplittableRandom r) {
        double latency = q.latencyMs();
        boolean inBurst = false;
        for (Window w : windows) {
            if (w.covers(q.route(), q.ts())) {
                if (w.kind().equals("SLOWDOWN")) {
                    latency *= SLOWDOWN_FACTOR;
                } else {
                    inBurst = true;
                }
            }
        }
        int status;
        if (q.status() == -1 && inBurst) {
            status = 503;
            latency = Math.max(latency, 5.0);
        } else {
            double u = r.nextDouble();
            Instant last = lastServerError[serviceIndex];
            if (q.status() == 0 && u < SERVER_ERROR_P
                    && (last == null || !q.ts().isBefore(last.plus(minGapBetweenOrdinary5xx)))
                    && !inBurst) {
                status = r.nextBoolean() ? 500 : 502;
                lastServerError[serviceIndex] = q.ts();
            } else if (u > 0.98) {
                status = q.route().method().equals("POST") ? (q.route().path().contains("login") ? 401 : 400) : 404;
            } else {
                status = q.route().method().equals("POST") && !q.route().path().contains("login") ? 201 : 200;
            }
        }
        return new Request(q.route(), q.ts(), Math.round(latency * 10) / 10.0, status);
    }

    private static ObjectNode event(Request q, Emitter out) {
        ObjectNode node;
        if (out != null) {
            node = out.newEvent(Topic.REQUEST_LATENCY, q.ts());
        } else {
            node = com.neuronexus.streams.core.json.Json.newObject();
            node.put("event_id", "");
            node.put("ts", q.ts().toString());
        }
        node.put("service", q.route().service());
        node.put("route", q.route().path());
        node.put("method", q.route().method());
        node.put("status", q.status());
        node.put("latency_ms", q.latencyMs());
        return node;
    }
}
