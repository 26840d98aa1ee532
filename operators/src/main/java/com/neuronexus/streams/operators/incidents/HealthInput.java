package com.neuronexus.streams.operators.incidents;

import com.neuronexus.streams.core.events.MetricSample;
import com.neuronexus.streams.core.outputs.Incident;
import java.time.Instant;

/**
 * One input of the health score, whatever stream it came from, so the health function has a single keyed input
 * (and a single order: event time, then {@code id}).
 *
 * @param kind      which stream
 * @param id        content id of the source record (tie-breaker for equal times)
 * @param ts        event time
 * @param name      incident id, metric series, or service/route of a latency window
 * @param priority  INCIDENT: P1–P4
 * @param open      INCIDENT: not resolved
 * @param value     METRIC / DRIFT: the sample; LATENCY: error rate (fraction)
 * @param requests  LATENCY: requests in the window
 * @param p95Ms     LATENCY: p95 of the window
 */
public record HealthInput(Kind kind, String id, Instant ts, String name, String priority, boolean open, double value,
        long requests, double p95Ms) {

    public enum Kind {
        INCIDENT,
        METRIC,
        DRIFT,
        LATENCY
    }

    public static final String BACKUP_AGE_SERIES = "backup_age_seconds";
    public static final String MIGRATIONS_PENDING_SERIES = "migrations_pending";
    /** Interim way to feed the drift score until {@code ops.drift} is wired: an {@code ops.metrics} sample. */
    public static final String DRIFT_SCORE_SERIES = "drift_score";

    public static HealthInput of(Incident incident) {
        return new HealthInput(Kind.INCIDENT, incident.eventId(), incident.updatedAt(), incident.incidentId(),
                incident.priority(), incident.isOpen(), 0, 0, 0);
    }

    /** The metric series the health score uses; other series are not health inputs. */
    public static boolean isHealthMetric(MetricSample sample) {
        return sample != null && (BACKUP_AGE_SERIES.equals(sample.series())
                || MIGRATIONS_PENDING_SERIES.equals(sample.series()) || DRIFT_SCORE_SERIES.equals(sample.series()));
    }

    public static HealthInput of(MetricSample sample) {
        Kind kind = DRIFT_SCORE_SERIES.equals(sample.series()) ? Kind.DRIFT : Kind.METRIC;
        return new HealthInput(kind, sample.eventId(), sample.ts(), sample.series(), null, false, sample.value(), 0, 0);
    }

    public static HealthInput drift(String id, Instant ts, double driftScore) {
        return new HealthInput(Kind.DRIFT, id, ts, "drift", null, false, driftScore, 0, 0);
    }

    /** A closed latency window of one service/route. */
    public static HealthInput latency(String id, Instant windowEnd, String serviceRoute, long requests,
            double errorRate, double p95Ms) {
        return new HealthInput(Kind.LATENCY, id, windowEnd, serviceRoute, null, false, errorRate, requests, p95Ms);
    }
}
