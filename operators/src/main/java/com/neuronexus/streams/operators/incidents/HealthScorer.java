package com.neuronexus.streams.operators.incidents;

import com.neuronexus.streams.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health score of DESIGN §5, 0–100, as a sum of components:
 * <ul>
 *   <li>integrity 30 = drift score / 100 × 30 (full marks while no drift score exists yet);</li>
 *   <li>error rate 20: ≤ 1 % 20, ≤ 3 % 15, ≤ 5 % 10, ≤ 10 % 5, above 0;</li>
 *   <li>latency 15 by p95: ≤ 250 ms 15, ≤ 500 ms 12, ≤ 1 s 8, ≤ 2 s 4, above 0;</li>
 *   <li>incidents 20 − 10 per open P1, − 5 per P2, − 2 per P3 (P4 costs nothing), never below 0;</li>
 *   <li>backup 10 by age: ≤ 26 h 10, ≤ 50 h 5, older 0 (a daily backup with slack);</li>
 *   <li>migrations 5 when none is pending, else 0.</li>
 * </ul>
 * Grades: A ≥ 90, B ≥ 80, C ≥ 65, D ≥ 40, F below 40 (F engages safe mode). Deployment gates: no open P1,
 * drift ≥ 85, error rate ≤ 3 %. Unknown inputs pass their gate.
 */
public final class HealthScorer {

    public record Result(double score, String grade, String componentsJson, String gatesJson, boolean deployAllowed) {}

    private final HealthRules rules;

    public HealthScorer(HealthRules rules) {
        this.rules = rules;
    }

    public Result score(HealthInputs in) {
        double integrity = in.driftScore() == null ? 30.0 : clamp(in.driftScore(), 0, 100) / 100.0 * 30.0;
        double errors = errorRatePoints(in.errorRate());
        double latency = latencyPoints(in.p95Ms());
        double incidents = Math.max(0, 20 - 10 * in.openP1() - 5 * in.openP2() - 2 * in.openP3());
        double backup = backupPoints(in.backupAgeSeconds());
        double migrations = in.migrationsPending() == null || in.migrationsPending() <= 0 ? 5 : 0;
        double score = round2(integrity + errors + latency + incidents + backup + migrations);

        Map<String, Object> components = new LinkedHashMap<>();
        components.put("integrity", component(integrity, 30, "drift_score", in.driftScore()));
        components.put("error_rate", component(errors, 20, "error_rate", in.errorRate()));
        components.put("latency", component(latency, 15, "p95_ms", in.p95Ms()));
        Map<String, Object> inc = component(incidents, 20, "open_p1", in.openP1());
        inc.put("open_p2", in.openP2());
        inc.put("open_p3", in.openP3());
        inc.put("open_p4", in.openP4());
        components.put("incidents", inc);
        components.put("backup", component(backup, 10, "backup_age_seconds", in.backupAgeSeconds()));
        components.put("migrations", component(migrations, 5, "migrations_pending", in.migrationsPending()));

        boolean noOpenP1 = in.openP1() == 0;
        boolean driftOk = in.driftScore() == null || in.driftScore() >= rules.gateMinDriftScore();
        boolean errorRateOk = in.errorRate() == null || in.errorRate() <= rules.gateMaxErrorRate();
        boolean allowed = noOpenP1 && driftOk && errorRateOk;
        Map<String, Object> gates = new LinkedHashMap<>();
        gates.put("no_open_p1", noOpenP1);
        gates.put("drift_ok", driftOk);
        gates.put("error_rate_ok", errorRateOk);
        gates.put("deploy_allowed", allowed);
        return new Result(score, grade(score), Json.object(components), Json.object(gates), allowed);
    }

    public static String grade(double score) {
        if (score >= 90) {
            return "A";
        }
        if (score >= 80) {
            return "B";
        }
        if (score >= 65) {
            return "C";
        }
        if (score >= 40) {
            return "D";
        }
        return "F";
    }

    static double errorRatePoints(Double rate) {
        if (rate == null || rate.isNaN()) {
            return 20;
        }
        if (rate <= 0.01) {
            return 20;
        }
        if (rate <= 0.03) {
            return 15;
        }
        if (rate <= 0.05) {
            return 10;
        }
        return rate <= 0.10 ? 5 : 0;
    }

    static double latencyPoints(Double p95Ms) {
        if (p95Ms == null || p95Ms.isNaN() || p95Ms <= 250) {
            return 15;
        }
        if (p95Ms <= 500) {
            return 12;
        }
        if (p95Ms <= 1_000) {
            return 8;
        }
        return p95Ms <= 2_000 ? 4 : 0;
    }

    static double backupPoints(Double ageSeconds) {
        if (ageSeconds == null || ageSeconds.isNaN() || ageSeconds <= 26 * 3600) {
            return 10;
        }
        return ageSeconds <= 50 * 3600 ? 5 : 0;
    }

    private static Map<String, Object> component(double points, int max, String inputName, Object input) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("points", round2(points));
        c.put("max", max);
        c.put(inputName, input);
        c.put("known", input != null);
        return c;
    }

    private static double clamp(double v, double lo, double hi) {
        return Double.isNaN(v) ? hi : Math.max(lo, Math.min(hi, v));
    }

    private static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
