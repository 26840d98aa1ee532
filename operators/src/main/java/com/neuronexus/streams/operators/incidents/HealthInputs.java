package com.neuronexus.streams.operators.incidents;

/**
 * What the health score is computed from at one instant. A null value means "not known yet": drift before any
 * invariant reported, latency before any window, backup/migrations before their first metric sample; each
 * unknown input gets full marks (and says so in the components) rather than dragging the score down for lack
 * of data.
 *
 * @param driftScore        0–100, share of checked entities without a violation
 * @param errorRate         request error rate, fraction 0–1, over the latest latency windows
 * @param p95Ms             worst p95 latency over the latest latency windows
 * @param backupAgeSeconds  age of the newest good backup ({@code ops.metrics} series {@code backup_age_seconds})
 * @param migrationsPending pending schema migrations ({@code ops.metrics} series {@code migrations_pending})
 */
public record HealthInputs(Double driftScore, Double errorRate, Double p95Ms, int openP1, int openP2, int openP3,
        int openP4, Double backupAgeSeconds, Double migrationsPending) {

    public static HealthInputs unknown() {
        return new HealthInputs(null, null, null, 0, 0, 0, 0, null, null);
    }

    public int openIncidents() {
        return openP1 + openP2 + openP3 + openP4;
    }
}
