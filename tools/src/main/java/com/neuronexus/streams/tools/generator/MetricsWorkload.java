package com.neuronexus.streams.tools.generator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.neuronexus.streams.core.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code ops.metrics}: one sample a minute for each of five series. cpu_usage, queue_depth and db_query_ms follow a
 * daily cycle (peak 15:00 UTC) with noise; backup_age_seconds is a saw-tooth reset by the nightly 02:00 backup;
 * migrations_pending is 0.
 *
 * <p>Injected, with their truth in the manifest: each day one SPIKE (one of the three cyclic series × 4 for 3
 * samples; cpu_usage saturates at 100) and one LEVEL_SHIFT (+60 % of the series' mean level for 2–6 hours); every 7th day a BACKUP_MISSED (the
 * nightly backup skipped, so the age keeps growing past 24 h) and MIGRATIONS_PENDING (2 pending for 3 hours).
 * Day 0's spike and shift come 30 and 90 minutes after the run starts.
 */
final class MetricsWorkload implements Workload {
    static final List<String> SERIES = List.of("cpu_usage", "queue_depth", "db_query_ms", "backup_age_seconds", "migrations_pending");
    static final List<String> CYCLIC = List.of("cpu_usage", "queue_depth", "db_query_ms");
    static final double SPIKE_FACTOR = 4.0;
    static final double SHIFT_SHARE = 0.6;
    static final Malformed.Spec SPEC = new Malformed.Spec("series", null, "value", null);

    private final long seed;
    /** When the last backup finished; carried across days. */
    private Instant lastBackup;

    private record Window(String kind, String series, Instant start, Instant end) {
        boolean covers(String s, Instant ts) {
            return s.equals(series) && !ts.isBefore(start) && ts.isBefore(end);
        }
    }

    MetricsWorkload(long seed) {
        this.seed = seed;
    }

    @Override
    public void generateDay(int day, Instant dayStart, Emitter out) {
        SplittableRandom plan = Rand.of(seed, "metrics-plan", 0, day);
        Instant runStart = out.runStart();
        if (lastBackup == null) {
            lastBackup = runStart.minusSeconds(6 * 3600);
        }
        String spikeSeries = Rand.pick(plan, CYCLIC);
        String shiftSeries = Rand.pick(plan, CYCLIC);
        Instant spikeStart = minute(day == 0 ? runStart.plusSeconds(30 * 60) : dayStart.plusSeconds(plan.nextInt(24 * 3600)));
        Instant shiftStart = minute(day == 0 ? runStart.plusSeconds(90 * 60) : dayStart.plusSeconds(plan.nextInt(18 * 3600)));
        List<Window> windows = new java.util.ArrayList<>();
        windows.add(new Window("SPIKE", spikeSeries, spikeStart, spikeStart.plusSeconds(180)));
        windows.add(new Window("LEVEL_SHIFT", shiftSeries, shiftStart, shiftStart.plus(Duration.ofHours(2 + plan.nextInt(5)))));
        boolean weekly = day > 0 && day % 7 == 0;
        if (weekly) {
            Instant m = dayStart.plusSeconds(9 * 3600);
            windows.add(new Window("MIGRATIONS_PENDING", "migrations_pending", m, m.plus(Duration.ofHours(3))));
        }
        Instant backupAt = dayStart.plusSeconds(2 * 3600);
        if (weekly && out.fits(backupAt, Duration.ZERO)) {
            Instant nextBackup = backupAt.plus(Duration.ofDays(1));
            out.inject(new Injection("BACKUP_MISSED", Topic.METRICS.topicName(), "backup_age_seconds", backupAt, nextBackup,
                    Map.of("max_age_seconds_above", 86_400)));
        }
        windows.removeIf(w -> !out.fits(w.start(), Duration.between(w.start(), w.end())));
        for (Window w : windows) {
            Map<String, Object> expected = switch (w.kind()) {
                case "SPIKE" -> Map.of("samples", 3, "factor", SPIKE_FACTOR);
                case "LEVEL_SHIFT" -> Map.of("samples", Duration.between(w.start(), w.end()).toMinutes(), "shift_share_of_mean", SHIFT_SHARE);
                default -> Map.of("samples", Duration.between(w.start(), w.end()).toMinutes(), "value", 2);
            };
            out.inject(new Injection(w.kind(), Topic.METRICS.topicName(), w.series(), w.start(), w.end(), expected));
        }

        for (int s = 0; s < SERIES.size(); s++) {
            String series = SERIES.get(s);
            SplittableRandom r = Rand.of(seed, "metrics", s, day);
            for (int minute = 0; minute < 1440; minute++) {
                Instant ts = dayStart.plusSeconds(60L * minute + s);
                if (series.equals("backup_age_seconds") && !weekly && ts.equals(backupAt.plusSeconds(s))) {
                    lastBackup = backupAt;
                }
                double noise = Rand.gaussian(r);
                if (ts.isBefore(runStart) || !out.fits(ts, Duration.ZERO)) {
                    continue;
                }
                double value = value(series, ts, noise, windows);
                ObjectNode node = out.newEvent(Topic.METRICS, ts);
                node.put("series", series);
                node.put("value", value);
                out.emit(Topic.METRICS, series, node, ts);
            }
        }
        for (Malformed.Planned p : Malformed.plan(day, dayStart, out, SPEC, 40)) {
            ObjectNode node = com.neuronexus.streams.core.json.Json.newObject();
            node.put("event_id", "");
            node.put("ts", p.ts().toString());
            node.put("series", "cpu_usage");
            node.put("value", 41.5);
            out.emitMalformed(Topic.METRICS, "cpu_usage", node, p.kind(), SPEC, p.ts());
        }
    }

    private static Instant minute(Instant t) {
        return Instant.ofEpochSecond(t.getEpochSecond() / 60 * 60);
    }

    static double mean(String series) {
        return switch (series) {
            case "cpu_usage" -> 45;
            case "queue_depth" -> 27;
            case "db_query_ms" -> 15;
            default -> 0;
        };
    }

    private double value(String series, Instant ts, double noise, List<Window> windows) {
        double hour = (ts.getEpochSecond() % 86_400) / 3600.0;
        double cycle = (1 - Math.cos(2 * Math.PI * (hour - 3) / 24)) / 2;
        double v = switch (series) {
            case "cpu_usage" -> Math.min(100, Math.max(0, 35 + 20 * cycle + 3 * noise));
            case "queue_depth" -> Math.max(0, Math.round(20 + 15 * cycle + 4 * noise));
            case "db_query_ms" -> 12 + 6 * cycle + 1.5 * Math.abs(noise);
            case "backup_age_seconds" -> Duration.between(lastBackup, ts).toSeconds();
            default -> 0;
        };
        for (Window w : windows) {
            if (w.covers(series, ts) || w.covers(series, Instant.ofEpochSecond(ts.getEpochSecond() / 60 * 60))) {
                v = switch (w.kind()) {
                    case "SPIKE" -> v * SPIKE_FACTOR;
                    case "LEVEL_SHIFT" -> v + SHIFT_SHARE * mean(series);
                    default -> 2;
                };
            }
        }
        if (series.equals("cpu_usage")) {
            v = Math.min(100, v); // a percentage: a spike saturates at 100
        }
        return Math.round(v * 100) / 100.0;
    }
}
