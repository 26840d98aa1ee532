package com.neuronexus.streams.tools.generator;

import com.neuronexus.streams.core.ids.ContentIds;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * The workload: every input topic's events, generated lazily, day by day, from a seed and a start instant, and
 * released in one stream ordered by (ts, topic, generation sequence). Nothing reads the clock: the same seed,
 * SKU count and start give the same records.
 *
 * <p>Two uses: {@link #bounded(Instant, int)} for files (see {@link BatchWriter}), and {@link #live(Instant)} for
 * the sandbox, which paces an endless stream into Kafka (memory stays at about one day of events).
 */
public final class WorkloadGenerator {

    private final long seed;
    private final int skuCount;
    private final double intensity;
    private final List<Injection> injections = Collections.synchronizedList(new ArrayList<>());

    public WorkloadGenerator(long seed, int skuCount) {
        this(seed, skuCount, 1.0);
    }

    /**
     * @param intensity multiplies the request-latency traffic (the bulk of the stream), so a live run can reach a
     *                  target events/s while its ts keep pace with the clock; 1 is the documented volume. Other
     *                  topics keep their business volume. See {@link #intensityFor}.
     */
    public WorkloadGenerator(long seed, int skuCount, double intensity) {
        if (skuCount < 1) {
            throw new IllegalArgumentException("need at least one SKU");
        }
        if (!(intensity > 0) || Double.isInfinite(intensity)) {
            throw new IllegalArgumentException("intensity must be a positive number");
        }
        this.seed = seed;
        this.skuCount = skuCount;
        this.intensity = intensity;
    }

    /** Approximate events per second of event time this generator produces (averaged over a day). */
    public double eventsPerSecond() {
        return latencyPerSecond() * intensity + otherPerSecond(skuCount);
    }

    /** The intensity at which a generator for {@code skus} SKUs averages {@code eventsPerSecond} (at least 1). */
    public static double intensityFor(double eventsPerSecond, int skus) {
        return Math.max(1.0, (eventsPerSecond - otherPerSecond(skus)) / latencyPerSecond());
    }

    /** Requests per second of event time, averaged over a day, at the given intensity. */
    public static double requestsPerSecond(double intensity) {
        return latencyPerSecond() * intensity;
    }

    /** Metric samples per second of event time (every series once a minute). */
    public static double metricsPerSecond() {
        return MetricsWorkload.SERIES.size() / 60.0;
    }

    /** The routes request traffic is spread over. */
    public static int routeCount() {
        return LatencyWorkload.ROUTES.size();
    }

    private static double latencyPerSecond() {
        return LatencyWorkload.SERVICES.size() * LatencyWorkload.REQUESTS_PER_MINUTE_PER_SERVICE / 60.0;
    }

    /** Metrics (5 series a minute), usage (~3 a SKU a day), stock, audit and ledger (~1 300 a day). */
    private static double otherPerSecond(int skus) {
        return metricsPerSecond() + (skus * 3.3 + 1300) / 86_400.0;
    }

    public long seed() {
        return seed;
    }

    public int skuCount() {
        return skuCount;
    }

    /** Every injection recorded so far by iterators of this generator (in the order they were planned). */
    public List<Injection> injections() {
        synchronized (injections) {
            return List.copyOf(injections);
        }
    }

    /** An endless stream starting at {@code start}. */
    public Iterator<GeneratedRecord> live(Instant start) {
        return new Merged(start, Instant.MAX, Integer.MAX_VALUE);
    }

    /** The events of [start, start + days). */
    public Iterator<GeneratedRecord> bounded(Instant start, int days) {
        Instant end = start.plus(Duration.ofDays(days));
        Instant firstMidnight = start.truncatedTo(ChronoUnit.DAYS);
        int calendarDays = (int) Math.ceil(Duration.between(firstMidnight, end).toSeconds() / 86_400.0);
        return new Merged(start, end, calendarDays);
    }

    SkuCatalog catalog() {
        return new SkuCatalog(seed, skuCount);
    }

    /** A short tag in every event id so that two runs (other seed or start) never share ids. */
    static String runTag(long seed, Instant start) {
        return ContentIds.of("workload", seed, start).substring(0, 6);
    }

    /** One workload with its own buffer, asked for the next day whenever its buffer might hold a later event. */
    private static final class Part {
        final Workload workload;
        final Emitter emitter;
        final Instant firstMidnight;
        final int maxDays;
        int nextDay;

        Part(Workload workload, Emitter emitter, Instant firstMidnight, int maxDays) {
            this.workload = workload;
            this.emitter = emitter;
            this.firstMidnight = firstMidnight;
            this.maxDays = maxDays;
        }

        /** Next event of this part, or null when it has no more; events of a day never precede that day. */
        GeneratedRecord peek() {
            PriorityQueue<GeneratedRecord> buffer = emitter.buffer();
            while (nextDay < maxDays && (buffer.isEmpty() || !buffer.peek().ts().isBefore(dayStart(nextDay)))) {
                workload.generateDay(nextDay, dayStart(nextDay), emitter);
                nextDay++;
            }
            return buffer.peek();
        }

        GeneratedRecord poll() {
            GeneratedRecord r = peek();
            return r == null ? null : emitter.buffer().poll();
        }

        Instant dayStart(int day) {
            return firstMidnight.plus(Duration.ofDays(day));
        }
    }

    private final class Merged implements Iterator<GeneratedRecord> {
        private final List<Part> parts = new ArrayList<>();
        private final Instant end;
        private GeneratedRecord next;

        Merged(Instant start, Instant end, int maxDays) {
            this.end = end;
            String tag = runTag(seed, start);
            SkuCatalog catalog = catalog();
            Instant firstMidnight = start.truncatedTo(ChronoUnit.DAYS);
            List<Workload> workloads = List.of(
                    new InventoryWorkload(seed, catalog),
                    new LatencyWorkload(seed, intensity),
                    new MetricsWorkload(seed),
                    new AuditWorkload(seed),
                    new LedgerWorkload(seed, catalog));
            for (Workload w : workloads) {
                parts.add(new Part(w, new Emitter(start, end, tag, injections::add), firstMidnight, maxDays));
            }
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                next = advance();
            }
            return next != null;
        }

        @Override
        public GeneratedRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            GeneratedRecord r = next;
            next = null;
            return r;
        }

        private GeneratedRecord advance() {
            Part best = null;
            GeneratedRecord bestRecord = null;
            for (Part p : parts) {
                GeneratedRecord r = p.peek();
                if (r != null && (bestRecord == null || Emitter.ORDER.compare(r, bestRecord) < 0)) {
                    best = p;
                    bestRecord = r;
                }
            }
            if (best == null || (!end.equals(Instant.MAX) && !bestRecord.ts().isBefore(end))) {
                return null;
            }
            return best.poll();
        }
    }
}
