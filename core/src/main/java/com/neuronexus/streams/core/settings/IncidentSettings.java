package com.neuronexus.streams.core.settings;

import java.util.List;

/** Settings of the incident capability: lifecycle (DESIGN §5 Incidents) and health score / safe mode. */
public final class IncidentSettings {
    private IncidentSettings() {}

    public static final SettingKey<Integer> ESCALATION_ATTEMPTS = SettingKey.integer(
            "incident.escalation-attempts", 3, "Escalate an incident when its re-check attempts reach this many.");
    public static final SettingKey<Long> ESCALATION_AGE_MS = SettingKey.longValue(
            "incident.escalation-age-ms", 900_000L, "Escalate an incident older than this (event time; a processing-time guard fires it when inputs are idle, except in replays from files).");
    public static final SettingKey<Long> COOLDOWN_MS = SettingKey.longValue(
            "incident.cooldown-ms", 300_000L, "A signal observed again within this time after RESOLVED reopens the same incident.");
    public static final SettingKey<Long> FLUSH_GUARD_MS = SettingKey.longValue(
            "incident.flush-guard-ms", 300L, "Signals wait for the watermark at most this long (processing time), so an idle input cannot delay incidents; 0 = wait for the watermark only. Replays from files always wait for the watermark (it never stalls there).");
    public static final SettingKey<Long> HEALTH_INTERVAL_MS = SettingKey.longValue(
            "health.interval-ms", 10_000L, "A health score every this much event time.");
    public static final SettingKey<String> HEALTH_SAFE_MODE_OFF_GRADE = SettingKey.string(
            "health.safe-mode-off-grade", "C", "Safe mode turns off only when the grade is at least this good (A-D) for health.safe-mode-off-scores consecutive scores.");
    public static final SettingKey<Integer> HEALTH_SAFE_MODE_OFF_SCORES = SettingKey.integer(
            "health.safe-mode-off-scores", 3, "Consecutive good scores before safe mode turns off (hysteresis against flapping).");
    public static final SettingKey<Double> GATE_MIN_DRIFT_SCORE = SettingKey.decimal(
            "health.gate-min-drift-score", 85.0, "Deployment gate: drift score at least this.");
    public static final SettingKey<Double> GATE_MAX_ERROR_RATE = SettingKey.decimal(
            "health.gate-max-error-rate", 0.03, "Deployment gate: request error rate at most this (fraction).");

    public static List<SettingKey<?>> keys() {
        return List.of(ESCALATION_ATTEMPTS, ESCALATION_AGE_MS, COOLDOWN_MS, FLUSH_GUARD_MS, HEALTH_INTERVAL_MS,
                HEALTH_SAFE_MODE_OFF_GRADE, HEALTH_SAFE_MODE_OFF_SCORES, GATE_MIN_DRIFT_SCORE, GATE_MAX_ERROR_RATE);
    }
}
