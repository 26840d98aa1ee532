package com.neuronexus.streams.operators.demand;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Scores published forecasts against what happened, per horizon step. Every close stores the published
 * points (one per future bucket); when a bucket closes, the forecasts that predicted it — made 1, 2, …,
 * horizon buckets earlier — are scored at their step. Accumulators are exponentially weighted over
 * {@code window} scorings per step, so the figures are rolling, and O(horizon) per close.
 *
 * <p>Error = forecast − actual: a positive bias means over-forecasting. MAPE is over non-zero actuals
 * only (the seed system's figure); WAPE = Σ|e| / Σ actual; MASE = mean |e| / in-sample mean |y_t − y_{t−1}|.
 */
public final class AccuracyTracker {
    private static final int N = 0, NON_ZERO = 1, APE = 2, ABS = 3, ACTUAL = 4, ERR = 5, SQ = 6, FIELDS = 7;

    private final int horizon;
    private final double decay;
    /** Pending forecasts, slot {@code origin % horizon}, step h at index h−1. Floats: they are only scored. */
    private final float[] pending;
    /**
     * Per step, the exponentially weighted sums listed above. Floats, rounded at every update (not only
     * when written), so a run gives the same figures however often its state is serialized; 7 significant
     * digits are plenty for error statistics and halve the largest part of a SKU's state after the history.
     */
    private final float[][] sums;
    /** Absolute one-step errors of the last 16 weeks, for the drift test; rounded to float like the sums. */
    private final DoubleRing oneStepErrors;
    private final int driftRecent;
    private long closes;
    private long firstOrigin = -1;
    private double lastActual;
    private double naiveAbsSum;
    private long naiveCount;

    public AccuracyTracker(int horizon, int window, int driftRecentBuckets, int driftTotalBuckets) {
        this.horizon = horizon;
        this.decay = 1.0 - 1.0 / Math.max(1, window);
        this.pending = new float[horizon * horizon];
        this.sums = new float[FIELDS][horizon];
        this.driftRecent = driftRecentBuckets;
        this.oneStepErrors = new DoubleRing(Math.max(driftTotalBuckets, 1));
    }

    /** Scores the forecasts that predicted the bucket closing now; call once per close, before {@link #record}. */
    public void score(double actual) {
        long bucket = closes;
        for (int h = 1; h <= horizon; h++) {
            long origin = bucket - h;
            if (firstOrigin < 0 || origin < firstOrigin) {
                continue;
            }
            double forecast = pending[(int) (origin % horizon) * horizon + (h - 1)];
            double error = forecast - actual;
            add(h - 1, N, 1);
            add(h - 1, ABS, Math.abs(error));
            add(h - 1, ACTUAL, actual);
            add(h - 1, ERR, error);
            add(h - 1, SQ, error * error);
            if (actual > 0) {
                add(h - 1, NON_ZERO, 1);
                add(h - 1, APE, Math.abs(error) / actual);
            } else {
                add(h - 1, NON_ZERO, 0);
                add(h - 1, APE, 0);
            }
            if (h == 1) {
                oneStepErrors.add((float) Math.abs(error));
            }
        }
        if (closes > 0) {
            naiveAbsSum += Math.abs(actual - lastActual);
            naiveCount++;
        }
        lastActual = actual;
        closes++;
    }

    private void add(int step, int field, double value) {
        sums[field][step] = (float) (decay * sums[field][step] + value);
    }

    /** Stores the forecast just published at this close (points[h−1] is for the h-th next bucket). */
    public void record(double[] points) {
        long origin = closes - 1;
        if (firstOrigin < 0) {
            firstOrigin = origin;
        }
        int base = (int) (origin % horizon) * horizon;
        for (int h = 0; h < horizon; h++) {
            pending[base + h] = h < points.length ? (float) points[h] : 0f;
        }
    }

    /** Rolling std of the step-h error, or NaN while fewer than 3 forecasts were scored at that step. */
    public double stepStd(int h) {
        double n = sums[N][h - 1];
        return n < 3 - 1e-9 || closes - firstOrigin < h + 3 ? Double.NaN : Math.sqrt(sums[SQ][h - 1] / n);
    }

    public double naiveScale() {
        return naiveCount == 0 ? Double.NaN : naiveAbsSum / naiveCount;
    }

    /** Metrics of step h (1-based), or of all steps pooled when h = 0. Fields are NaN when undefined. */
    public Metrics metrics(int h) {
        double n = 0, nonZero = 0, ape = 0, abs = 0, actual = 0, err = 0;
        int from = h == 0 ? 0 : h - 1;
        int to = h == 0 ? horizon : h;
        for (int s = from; s < to; s++) {
            n += sums[N][s];
            nonZero += sums[NON_ZERO][s];
            ape += sums[APE][s];
            abs += sums[ABS][s];
            actual += sums[ACTUAL][s];
            err += sums[ERR][s];
        }
        if (n < 1e-9) {
            return new Metrics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mape = nonZero < 1e-9 ? Double.NaN : 100.0 * ape / nonZero;
        double wape = actual < 1e-9 ? Double.NaN : 100.0 * abs / actual;
        double scale = naiveScale();
        double mase = Double.isNaN(scale) || scale < 1e-12 ? Double.NaN : (abs / n) / scale;
        return new Metrics(n, mape, wape, mase, err / n);
    }

    public int horizon() {
        return horizon;
    }

    /** Metrics of each step, 1..horizon. */
    public List<Metrics> byStep() {
        List<Metrics> list = new ArrayList<>(horizon);
        for (int h = 1; h <= horizon; h++) {
            list.add(metrics(h));
        }
        return list;
    }

    /**
     * Welch's t-test of the last {@code driftRecent} absolute one-step errors against the older ones in
     * the 16-week window. Drift = p below {@code alpha} and the recent errors larger. Undefined (null)
     * until the window is full.
     */
    public Drift drift(double alpha) {
        int total = oneStepErrors.capacity();
        if (oneStepErrors.size() < total || driftRecent < 2 || total - driftRecent < 2) {
            return null;
        }
        double[] all = oneStepErrors.toArray();
        double[] baseline = java.util.Arrays.copyOfRange(all, 0, total - driftRecent);
        double[] recent = java.util.Arrays.copyOfRange(all, total - driftRecent, total);
        double recentMean = mean(recent);
        double baselineMean = mean(baseline);
        double p;
        if (variance(recent) == 0 && variance(baseline) == 0) {
            p = Math.abs(recentMean - baselineMean) < 1e-12 ? 1.0 : 0.0; // t is undefined; the means say it all
        } else {
            p = new TTest().tTest(recent, baseline);
        }
        return new Drift(p, recentMean, baselineMean, p < alpha && recentMean > baselineMean);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double variance(double[] values) {
        double m = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - m) * (v - m);
        }
        return sum / (values.length - 1);
    }

    public void write(DataOutput out) throws IOException {
        StateBytes.writeVarLong(out, horizon);
        StateBytes.writeVarLong(out, closes);
        StateBytes.writeVarLong(out, firstOrigin + 1); // -1 (nothing recorded yet) is 0 on the wire
        // The actuals and the sum of their absolute differences are whole when the demand is: compact, lossless.
        StateBytes.writeQuantity(out, lastActual);
        StateBytes.writeQuantity(out, naiveAbsSum);
        StateBytes.writeVarLong(out, naiveCount);
        if (firstOrigin >= 0) {
            forEachUnscored((index) -> out.writeFloat(pending[index]));
            for (int f = 0; f < FIELDS; f++) {
                if (f == N) {
                    continue; // a function of how many forecasts were scored at each step: rebuilt on read
                }
                for (float v : sums[f]) {
                    out.writeFloat(v);
                }
            }
        }
        oneStepErrors.writeFloats(out);
    }

    /** Serialized bytes per part, for the state report. */
    java.util.Map<String, Integer> stateBreakdown() throws IOException {
        java.util.Map<String, Integer> parts = new java.util.LinkedHashMap<>();
        int unscored = firstOrigin >= 0 ? unscoredCount(horizon, closes, firstOrigin) : 0;
        parts.put("unscored forecasts (" + unscored + " floats)", unscored * 4);
        parts.put("accuracy sums (" + (FIELDS - 1) + " x " + horizon + " floats)", firstOrigin >= 0 ? (FIELDS - 1) * horizon * 4 : 0);
        parts.put("drift errors (" + oneStepErrors.size() + " floats)",
                oneStepErrors.size() * 4 + DemandForecaster.varSize(oneStepErrors.size()));
        StateBytes.Out all = new StateBytes.Out(4096);
        write(all);
        int counted = parts.values().stream().mapToInt(Integer::intValue).sum();
        parts.put("accuracy counters", all.size() - counted);
        return parts;
    }

    public void read(DataInput in) throws IOException {
        int storedHorizon = (int) StateBytes.readVarLong(in);
        closes = StateBytes.readVarLong(in);
        firstOrigin = StateBytes.readVarLong(in) - 1;
        lastActual = StateBytes.readQuantity(in);
        naiveAbsSum = StateBytes.readQuantity(in);
        naiveCount = StateBytes.readVarLong(in);
        if (storedHorizon != horizon) {
            // demand.horizon changed: the stored forecasts and per-step sums have another shape. Skip them and
            // score afresh rather than fail.
            if (firstOrigin >= 0) {
                in.skipBytes(unscoredCount(storedHorizon, closes, firstOrigin) * 4 + (FIELDS - 1) * storedHorizon * 4);
            }
            firstOrigin = -1;
            oneStepErrors.readFloats(in);
            return;
        }
        if (firstOrigin >= 0) {
            forEachUnscored((index) -> pending[index] = in.readFloat());
            for (int f = 0; f < FIELDS; f++) {
                if (f == N) {
                    continue;
                }
                for (int i = 0; i < horizon; i++) {
                    sums[f][i] = in.readFloat();
                }
            }
            float[] counts = weightedCounts(decay);
            for (int h = 1; h <= horizon; h++) {
                long scored = Math.max(0, closes - firstOrigin - h); // buckets firstOrigin+h .. closes-1
                sums[N][h - 1] = counts[(int) Math.min(scored, counts.length - 1)];
            }
        }
        oneStepErrors.readFloats(in);
    }

    private static final java.util.Map<Double, float[]> WEIGHTED_COUNTS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The weighted count after k scorings, k = 0, 1, …, computed exactly as {@link #add} does it (so
     * bit-identical to the sum that was not stored), up to the float fixed point it reaches; the last entry
     * holds for every larger k.
     */
    static float[] weightedCounts(double decay) {
        return WEIGHTED_COUNTS.computeIfAbsent(decay, d -> {
            float[] table = new float[64];
            int k = 0;
            while (true) {
                float next = (float) (d * table[k] + 1);
                if (k > 0 && next == table[k]) {
                    return java.util.Arrays.copyOf(table, k + 1);
                }
                if (k + 1 == table.length) {
                    table = java.util.Arrays.copyOf(table, table.length * 2);
                }
                table[++k] = next;
            }
        });
    }

    private interface SlotAction {
        void apply(int index) throws IOException;
    }

    /**
     * Visits the pending forecasts not yet scored, oldest origin first: a forecast made {@code age} closes
     * ago still waits for its steps age+1..horizon. Only those are stored — a triangle, about half the square.
     */
    private void forEachUnscored(SlotAction action) throws IOException {
        for (int age = horizon - 1; age >= 0; age--) {
            long origin = closes - 1 - age;
            if (origin < firstOrigin || origin < 0) {
                continue;
            }
            int base = (int) (origin % horizon) * horizon;
            for (int h = age + 1; h <= horizon; h++) {
                action.apply(base + h - 1);
            }
        }
    }

    private static int unscoredCount(int horizon, long closes, long firstOrigin) {
        int count = 0;
        for (int age = horizon - 1; age >= 0; age--) {
            long origin = closes - 1 - age;
            if (origin >= firstOrigin && origin >= 0) {
                count += horizon - age;
            }
        }
        return count;
    }

    /** Rolling accuracy; {@code scored} is the weighted count of scored forecasts behind the figures. */
    public record Metrics(double scored, double mape, double wape, double mase, double bias) {}

    /** Result of the drift test over absolute one-step errors. */
    public record Drift(double pValue, double recentMeanError, double baselineMeanError, boolean drifting) {}
}
