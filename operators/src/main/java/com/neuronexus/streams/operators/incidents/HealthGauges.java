package com.neuronexus.streams.operators.incidents;

/**
 * The latest known value of each gauge the health score reads (null: not known yet). Kept as one value in
 * Flink state; open incidents are counted separately.
 */
public record HealthGauges(Double driftScore, Double errorRate, Double p95Ms, Double backupAgeSeconds,
        Double migrationsPending) {

    public static HealthGauges unknown() {
        return new HealthGauges(null, null, null, null, null);
    }

    public HealthInputs withIncidents(int p1, int p2, int p3, int p4) {
        return new HealthInputs(driftScore, errorRate, p95Ms, p1, p2, p3, p4, backupAgeSeconds, migrationsPending);
    }
}
