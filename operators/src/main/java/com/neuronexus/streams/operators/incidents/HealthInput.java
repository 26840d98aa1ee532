package com.neuronexus.streams.operators.incidents;

import com.neuronexus.streams.core.events.MetricSample;
import com.neuronexus.streams.core.outputs.Incident;
import java.time.Instant;
import java.util.Comparator;

/**
 * One input of the health score, whatever stream it came from, so the health function has a single keyed input
 * (and a single order, {@link #EVENT_ORDER}).
 *
 * @param kind      which stream
 * @param id        content id of the source record (the last tie-breaker)
 * @param ts        event time
 * @param name      incident id, metric series, or service/route of a latency window
 * @param priority  INCIDENT: P1–P4
 * @param open      INCIDENT: not resolved
 * @param value     METRIC / DRIFT: the sample; LATENCY: error rate (fraction)
 * @param requests  LATENCY: requests in the window
 * @param p95Ms     LATENCY: p95 of the window
 * @param step      INCIDENT: the state's place in its incident's lifecycle ({@link IncidentLifecycle#step}); 0 for
 *                  the other kinds, and in inputs restored from state written before the field existed
 */
public record HealthInput(Kind kind, String id, Instant ts, String name, String priority, boolean open, double value,
        long requests, double p95Ms, long step) {

    /**
     * The order inputs are applied in: event time, then lifecycle step, then content id. The step is there for the
     * records of one incident that share a millisecond (OPENED and RESOLVED by one check): by content id alone a
     * RESOLVED whose id sorts first was applied before its OPENED and the incident stayed counted as open. Records
     * of different incidents, and the other kinds (all step 0), touch separate state, so how the step orders them
     * among each other changes nothing; the content id keeps ties between independent inputs deterministic.
     */
    public static final Comparator<HealthInput> EVENT_ORDER = Comparator.comparing(HealthInput::ts)
            .thenComparingLong(HealthInput::step)
            .thenComparing(HealthInput::id, Comparator.nullsFirst(Comparator.naturalOrder()));

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
                incident.priority(), incident.isOpen(), 0, 0, 0, IncidentLifecycle.step(incident));
    }

    /** The metric series the health score uses; other series are not health inputs. */
    public static boolean isHealthMetric(MetricSample sample) {
        return sample != null && (BACKUP_AGE_SERIES.equals(sample.series())
                || MIGRATIONS_PENDING_SERIES.equals(sample.series()) || DRIFT_SCORE_SERIES.equals(sample.series()));
    }

    public static HealthInput of(MetricSample sample) {
        Kind kind = DRIFT_SCORE_SERIES.equals(sample.series()) ? Kind.DRIFT : Kind.METRIC;
        return new HealthInput(kind, sample.eventId(), sample.ts(), sample.series(), null, false, sample.value(), 0, 0, 0);
    }

    public static HealthInput drift(String id, Instant ts, double driftScore) {
        return new HealthInput(Kind.DRIFT, id, ts, "drift", null, false, driftScore, 0, 0, 0);
    }

    /** A closed latency window of one service/route. */
    public static HealthInput latency(String id, Instant windowEnd, String serviceRoute, long requests,
            double errorRate, double p95Ms) {
        return new HealthInput(Kind.LATENCY, id, windowEnd, serviceRoute, null, false, errorRate, requests, p95Ms, 0);
    }
}
