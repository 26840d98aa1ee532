package com.neuronexus.streams.operators.ops;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Streaming anomaly detector for any numeric series; plain Java, one {@link SeriesState} per series.
 *
 * <p>Per sample: expected = level + hour-of-day offset; robust z = |value − expected| / scale; score =
 * z² / (z² + z½²) in [0,1]. Level and scale are EWMAs of Huber-clipped residuals, so one spike barely moves
 * them (spikes), the level follows slow change (drift), the profile absorbs the daily cycle (seasonality),
 * and all figures are in units of the series' own scale (any magnitude, no tuning). Anomalous samples do not
 * teach the model, except that {@code shiftRun} of them in a row on one side are accepted as a new normal
 * (level shift: re-anchored on their median). Weights are per sample, not per second, so irregular gaps and
 * repeated timestamps need no special case; time only picks the hour bucket and stamps the windows.
 *
 * <p>Hysteresis: a window opens at score ≥ openScore and closes after closeAfter consecutive samples below
 * closeScore, so one incident is one window.
 */
public final class RobustAnomalyDetector implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Normal-consistency factor: 1.4826 · MAD estimates σ. */
    private static final double MAD_TO_SIGMA = 1.4826;
    /** For normal noise E|x − μ| = σ·√(2/π); 1.2533 turns a mean absolute residual into σ. */
    private static final double MEAN_ABS_TO_SIGMA = 1.2533;
    /** The 99th percentile of |N(0,1)|. */
    private static final double NORMAL_TAIL = 2.5758;
    private static final double TAIL_STEP = 0.05;
    private static final long MILLIS_PER_HOUR = 3_600_000L;
    private static final long MILLIS_PER_DAY = 86_400_000L;

    public enum Transition { NONE, OPENED, CLOSED }

    /** The result for one sample; window fields describe the window just opened or closed. */
    public record Scored(double score, double expected, double sigma, Transition transition,
            long windowStart, long windowEnd, int hotSamples, double peakScore, long peakTs, double peakValue,
            double peakExpected) {

        public boolean anomalous(DetectorConfig config) {
            return score >= config.openScore();
        }
    }

    private final DetectorConfig config;

    public RobustAnomalyDetector(DetectorConfig config) {
        this.config = config;
    }

    public DetectorConfig config() {
        return config;
    }

    public SeriesState newState() {
        SeriesState s = new SeriesState();
        s.seasonal = new double[DetectorConfig.HOURS];
        s.seasonalVisits = new int[DetectorConfig.HOURS];
        s.seasonalLastDay = new long[DetectorConfig.HOURS];
        Arrays.fill(s.seasonalLastDay, Long.MIN_VALUE);
        s.seasonalDays = new int[DetectorConfig.HOURS];
        s.recent = new double[config.recentSize()];
        s.tail = NORMAL_TAIL;
        return s;
    }

    /** Scores one sample and learns from it. Non-finite values get score 0 and change nothing. */
    public Scored update(SeriesState s, long tsMillis, double value) {
        return update(s, tsMillis, value, 0.0);
    }

    /**
     * As {@link #update(SeriesState, long, double)}, with the sample's own measurement noise: sigma is never
     * taken below {@code noiseFloor}. A figure computed from few events (an error rate over 40 requests) is
     * only as precise as its count allows; raw samples pass 0.
     */
    public Scored update(SeriesState s, long tsMillis, double value, double noiseFloor) {
        if (!Double.isFinite(value)) {
            return new Scored(0, s.level, s.scale, Transition.NONE, 0, 0, 0, 0, 0, 0, 0);
        }
        int hour = (int) Math.floorMod(Math.floorDiv(tsMillis, MILLIS_PER_HOUR), (long) DetectorConfig.HOURS);
        double offset = seasonalOffset(s, hour);
        double deseasonalised = value - offset;

        if (s.samples < config.warmup()) {
            remember(s, deseasonalised);
            s.samples++;
            if (s.samples == config.warmup()) {
                double[] first = Arrays.copyOf(lastValues(s, config.warmup()), config.warmup());
                s.level = median(first);
                s.scale = MAD_TO_SIGMA * mad(first, s.level);
            }
            return new Scored(0, value, s.scale, Transition.NONE, 0, 0, 0, 0, 0, 0, 0);
        }

        double expected = s.level + offset;
        // Fresh estimates are uncertain: widen sigma a little while few samples stand behind it.
        double sigma = Math.max(sigma(s), noiseFloor > 0 ? noiseFloor : 0) * (1 + 1.0 / Math.sqrt(s.samples));
        double residual = value - expected;
        double standardised = Math.abs(residual) / sigma;
        double z = standardised * NORMAL_TAIL / Math.max(NORMAL_TAIL, s.tail);
        double half = config.halfScoreZ();
        double score = z * z / (z * z + half * half);
        if (Double.isNaN(score)) {
            score = 1.0; // infinite z
        }
        boolean anomalous = score >= config.openScore();

        if (!anomalous) {
            // Stochastic-approximation quantile: moves up by 0.99·step on an exceedance, down by 0.01·step otherwise.
            s.tail += standardised > s.tail ? TAIL_STEP * 0.99 : -TAIL_STEP * 0.01;
            s.tail = Math.max(NORMAL_TAIL, Math.min(4 * NORMAL_TAIL, s.tail));
        }
        learn(s, hour, tsMillis, value, deseasonalised, residual, sigma, anomalous);
        s.samples++;
        return track(s, tsMillis, value, expected, score, sigma);
    }

    private void learn(SeriesState s, int hour, long tsMillis, double value, double deseasonalised, double residual,
            double sigma, boolean anomalous) {
        remember(s, deseasonalised);
        int side = residual > 0 ? 1 : -1;
        if (anomalous) {
            s.sideRun = Integer.signum(s.sideRun) == side ? s.sideRun + side : side;
        } else {
            s.sideRun = 0;
        }
        if (Math.abs(s.sideRun) >= config.shiftRun()) {
            // A run this long on one side is a new normal, not an incident: re-anchor on it.
            double[] run = lastValues(s, config.shiftRun());
            s.level = median(run);
            s.scale = Math.max(s.scale, MAD_TO_SIGMA * mad(run, s.level));
            s.sideRun = 0;
            return;
        }
        double clipped = Math.max(-config.clip() * sigma, Math.min(config.clip() * sigma, residual));
        // Early on, weights of a running mean (1/n) so the first estimates settle fast; then the EWMA weights.
        double seen = s.samples + 1.0;
        double levelAlpha = Math.max(config.levelAlpha(), 1.0 / seen);
        double scaleAlpha = Math.max(config.scaleAlpha(), 1.0 / seen);
        if (anomalous) {
            // Pause learning during an anomaly; a small nudge keeps a fast drift from locking the detector.
            s.level += levelAlpha * 0.25 * clipped;
            return;
        }
        s.level += levelAlpha * clipped;
        s.scale += scaleAlpha * (MEAN_ABS_TO_SIGMA * Math.abs(clipped) - s.scale);
        if (config.seasonal()) {
            long day = Math.floorDiv(tsMillis, MILLIS_PER_DAY);
            if (day != s.seasonalLastDay[hour]) {
                s.seasonalLastDay[hour] = day;
                s.seasonalDays[hour]++;
            }
            s.seasonalVisits[hour]++;
            // seasonalAlpha per DAY: spread over the bucket's usual number of samples per day, so the profile
            // learns the daily shape and the level (not the profile) follows what happens within the hour.
            double perSample = config.seasonalAlpha() * s.seasonalDays[hour] / (double) s.seasonalVisits[hour];
            double dev = value - s.level - s.seasonal[hour];
            double bound = config.clip() * sigma;
            s.seasonal[hour] += perSample * Math.max(-bound, Math.min(bound, dev));
        }
    }

    private Scored track(SeriesState s, long ts, double value, double expected, double score, double sigma) {
        Transition transition = Transition.NONE;
        if (!s.open) {
            if (score >= config.openScore()) {
                s.open = true;
                s.windowStart = ts;
                s.lastHotTs = ts;
                s.hotSamples = 1;
                s.belowRun = 0;
                s.peakScore = score;
                s.peakTs = ts;
                s.peakValue = value;
                s.peakExpected = expected;
                transition = Transition.OPENED;
            }
        } else {
            if (score >= config.closeScore()) {
                s.belowRun = 0;
                s.hotSamples++;
                s.lastHotTs = Math.max(s.lastHotTs, ts);
                if (score > s.peakScore) {
                    s.peakScore = score;
                    s.peakTs = ts;
                    s.peakValue = value;
                    s.peakExpected = expected;
                }
            } else if (++s.belowRun >= config.closeAfter()) {
                s.open = false;
                transition = Transition.CLOSED;
            }
        }
        return new Scored(score, expected, sigma, transition, s.windowStart, s.lastHotTs, s.hotSamples,
                s.peakScore, s.peakTs, s.peakValue, s.peakExpected);
    }

    /** Closes an open window without a new sample (series went silent); null when none is open. */
    public Scored forceClose(SeriesState s) {
        if (!s.open) {
            return null;
        }
        s.open = false;
        return new Scored(0, s.level, sigma(s), Transition.CLOSED, s.windowStart, s.lastHotTs, s.hotSamples,
                s.peakScore, s.peakTs, s.peakValue, s.peakExpected);
    }

    /** Severity label from a peak score: the robust z it implies (4.6 / 6 / 9 / 17 with the defaults). */
    public static String severity(double peakScore) {
        if (peakScore >= 0.97) {
            return "CRITICAL";
        }
        if (peakScore >= 0.9) {
            return "HIGH";
        }
        if (peakScore >= 0.8) {
            return "MEDIUM";
        }
        return "LOW";
    }

    private double seasonalOffset(SeriesState s, int hour) {
        return config.seasonal() && s.seasonalDays[hour] >= config.seasonalMinDays() ? s.seasonal[hour] : 0.0;
    }

    /** Scale with a floor: a flat series still gets a finite z (1e-3 of its level, or 1e-9 absolute). */
    private static double sigma(SeriesState s) {
        return Math.max(s.scale, Math.max(1e-9, 1e-3 * Math.abs(s.level)));
    }

    private static void remember(SeriesState s, double v) {
        s.recent[s.recentPos] = v;
        s.recentPos = (s.recentPos + 1) % s.recent.length;
    }

    /** The last n remembered values (n ≤ ring size), oldest first. */
    private static double[] lastValues(SeriesState s, int n) {
        double[] out = new double[n];
        int len = s.recent.length;
        for (int i = 0; i < n; i++) {
            out[i] = s.recent[Math.floorMod(s.recentPos - n + i, len)];
        }
        return out;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v); // at most recentSize() numbers: the window of the detector, not the raw series
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
    }

    static double mad(double[] values, double center) {
        double[] dev = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            dev[i] = Math.abs(values[i] - center);
        }
        return median(dev);
    }
}
