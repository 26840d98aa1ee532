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

    /**
     * Writes the state. Unscored forecasts and the per-step sums are floats whose neighbours are close or
     * equal (a flat or weekly forecast vector, sums that change little from one step to the next): each is
     * stored as the difference of its IEEE bits to a prediction from values already written, adaptively
     * Rice-coded ({@link StateBytes.Rice}). Integer arithmetic on the bits, so decoding restores every float
     * bit for bit; see {@link #writePending}.
     */
    public void write(DataOutput out) throws IOException {
        StateBytes.writeVarLong(out, horizon);
        StateBytes.writeVarLong(out, closes);
        StateBytes.writeVarLong(out, firstOrigin + 1); // -1 (nothing recorded yet) is 0 on the wire
        // The actuals and the sum of their absolute differences are whole when the demand is: compact, lossless.
        StateBytes.writeQuantity(out, lastActual);
        StateBytes.writeQuantity(out, naiveAbsSum);
        StateBytes.writeVarLong(out, naiveCount);
        StateBytes.writeVarLong(out, oneStepErrors.size());
        StateBytes.BitOut bits = new StateBytes.BitOut(out);
        if (firstOrigin >= 0) {
            writePending(bits);
            writeSums(bits);
        }
        writeErrors(bits);
        bits.flush();
    }

    /** Predictors of a forecast point from the points already coded; ids go on the wire (4 bits a region). */
    private static final int PREDICTORS = 10;
    private static final int[] LAG = {0, 1, 1, 1, 7, 7, 7, 7, 1, 7};
    /**
     * Damping of the extrapolated difference: 0 repeats the value a lag back (flat SES/Croston vectors, seasonal
     * naive), the others follow a damped trend (φ per step for lag 1, φ^7 for lag 7, φ = 0.9 or 0.98), 1 a
     * straight line. Ids 8 and 9 instead add to the previous origin's forecast of the same bucket the change
     * between the two origins seen a lag earlier (one model update moves a whole vector alike). Any choice
     * decodes exactly; a good one only makes the residuals small.
     */
    private static final double[] RHO = {0, 0, 0.9, 0.98, 0, Math.pow(0.9, 7), Math.pow(0.98, 7), 1, 0, 0};
    /** A vector's points fall in regions (steps of index 0-6, 7-13, 14-): each region picks its own predictor. */
    private static final int REGION = 7, REGIONS = 3;

    private static int region(int i) {
        return i < REGION ? 0 : i < 2 * REGION ? 1 : 2;
    }

    /**
     * The point for step {@code h} of a vector whose first stored step is {@code first}, predicted by
     * {@code id} from {@code cur} (this vector, index step−1, steps first..h−1 known) and {@code prev} (the
     * vector of the origin before, null if not stored: its step h+1 predicted the same bucket).
     */
    private float predict(int id, float[] cur, float[] prev, int first, int h) {
        int i = h - first;
        int lag = LAG[id];
        boolean cross = prev != null && h < horizon;
        if (id >= 8 && cross && i >= lag) {
            return (float) ((double) prev[h] + ((double) cur[h - 1 - lag] - prev[h - lag]));
        }
        if (lag == 0 || i < lag) {
            if (cross) {
                return prev[h];
            }
            return i > 0 ? cur[h - 2] : 0f;
        }
        float back = cur[h - 1 - lag];
        if (i < 2 * lag || RHO[id] == 0) {
            return back;
        }
        return (float) (back + RHO[id] * ((double) back - cur[h - 1 - 2 * lag]));
    }

    private static long residual(float value, float predicted) {
        return StateBytes.zigzag((long) Float.floatToRawIntBits(value) - Float.floatToRawIntBits(predicted));
    }

    /**
     * The unscored forecasts, oldest origin first: for each vector the predictor id of each of its regions
     * (4 bits each), then each point's residual to its prediction.
     */
    private void writePending(StateBytes.BitOut bits) throws IOException {
        StateBytes.Rice rice = new StateBytes.Rice(16);
        float[] prev = null;
        float[] cur = new float[horizon];
        long[] cost = new long[REGIONS * PREDICTORS];
        int[] chosen = new int[REGIONS];
        for (int age = horizon - 1; age >= 0; age--) {
            long origin = closes - 1 - age;
            if (origin < firstOrigin || origin < 0) {
                continue;
            }
            int base = (int) (origin % horizon) * horizon;
            int first = age + 1;
            for (int h = first; h <= horizon; h++) {
                cur[h - 1] = pending[base + h - 1];
            }
            choosePredictors(cur, prev, first, cost, chosen);
            int regions = region(horizon - first) + 1;
            for (int r = 0; r < regions; r++) {
                bits.write(chosen[r], 4);
            }
            for (int h = first; h <= horizon; h++) {
                rice.write(bits, residual(cur[h - 1], predict(chosen[region(h - first)], cur, prev, first, h)));
            }
            float[] done = prev == null ? new float[horizon] : prev;
            prev = cur;
            cur = done;
        }
    }

    /**
     * Picks each region's predictor: the one whose residuals have the fewest significant bits. The predictions
     * are those of {@link #predict}, computed for all ids in one pass (it runs on every state write); were one
     * to differ, only the choice would be worse, never the decoding, which always uses {@link #predict}.
     */
    private void choosePredictors(float[] cur, float[] prev, int first, long[] cost, int[] chosen) {
        java.util.Arrays.fill(cost, 0);
        // The previous vector's choice usually fits this one too (same model, a day later): where it predicts
        // a region to within 2 bits a point on average, keep it and skip the search there.
        boolean[] search = {true, true, true};
        if (prev != null) {
            long[] kept = new long[REGIONS];
            for (int h = first; h <= horizon; h++) {
                int r = region(h - first);
                kept[r] += bitCost(Float.floatToRawIntBits(cur[h - 1]), predict(chosen[r], cur, prev, first, h)) - 2;
            }
            for (int r = 0; r < REGIONS; r++) {
                search[r] = kept[r] > 0;
            }
        }
        int end = search[2] ? horizon : search[1] ? Math.min(horizon, first + 2 * REGION - 1)
                : search[0] ? Math.min(horizon, first + REGION - 1) : first - 1;
        for (int h = search[0] ? first : search[1] ? first + REGION : first + 2 * REGION; h <= end; h++) {
            int i = h - first;
            if (!search[region(i)]) {
                continue;
            }
            int value = Float.floatToRawIntBits(cur[h - 1]);
            boolean cross = prev != null && h < horizon;
            float p = cross ? prev[h] : 0f;
            float fallback = cross ? p : i > 0 ? cur[h - 2] : 0f;
            float c1 = i >= 1 ? cur[h - 2] : fallback;
            float c7 = i >= REGION ? cur[h - 1 - REGION] : fallback;
            float c2 = i >= 2 ? cur[h - 3] : 0f;
            float c14 = i >= 2 * REGION ? cur[h - 1 - 2 * REGION] : 0f;
            int off = region(i) * PREDICTORS;
            cost[off] += bitCost(value, fallback);
            cost[off + 1] += bitCost(value, c1);
            cost[off + 2] += bitCost(value, i >= 2 ? (float) (c1 + RHO[2] * ((double) c1 - c2)) : c1);
            cost[off + 3] += bitCost(value, i >= 2 ? (float) (c1 + RHO[3] * ((double) c1 - c2)) : c1);
            cost[off + 8] += bitCost(value, cross && i >= 1 ? (float) ((double) p + ((double) c1 - prev[h - 1])) : c1);
            if (i < REGION) {
                continue; // ids 4-7 and 9 predict as id 0 here
            }
            cost[off + 4] += bitCost(value, c7);
            cost[off + 9] += bitCost(value, cross ? (float) ((double) p + ((double) c7 - prev[h - 7])) : c7);
            if (i < 2 * REGION) {
                continue; // ids 5-7 predict as id 4 here
            }
            cost[off + 5] += bitCost(value, (float) (c7 + RHO[5] * ((double) c7 - c14)));
            cost[off + 6] += bitCost(value, (float) (c7 + RHO[6] * ((double) c7 - c14)));
            cost[off + 7] += bitCost(value, (float) (c7 + RHO[7] * ((double) c7 - c14)));
        }
        for (int r = 0; r < REGIONS; r++) {
            if (!search[r]) {
                continue;
            }
            int best = 0;
            for (int id : CANDIDATES[r]) {
                if (cost[r * PREDICTORS + id] < cost[r * PREDICTORS + best]) {
                    best = id;
                }
            }
            chosen[r] = best;
        }
    }

    /** Per region, the ids whose predictions differ there (the others repeat a lower id's). */
    private static final int[][] CANDIDATES = {{1, 2, 3, 8}, {1, 2, 3, 4, 8, 9}, {1, 2, 3, 4, 5, 6, 7, 8, 9}};

    private static int bitCost(int value, float predicted) {
        return 65 - Long.numberOfLeadingZeros(StateBytes.zigzag((long) value - Float.floatToRawIntBits(predicted)));
    }

    private void readPending(StateBytes.BitIn bits) throws IOException {
        StateBytes.Rice rice = new StateBytes.Rice(16);
        float[] prev = null;
        float[] cur = new float[horizon];
        for (int age = horizon - 1; age >= 0; age--) {
            long origin = closes - 1 - age;
            if (origin < firstOrigin || origin < 0) {
                continue;
            }
            int base = (int) (origin % horizon) * horizon;
            int first = age + 1;
            int[] chosen = new int[REGIONS];
            int regions = region(horizon - first) + 1;
            for (int r = 0; r < regions; r++) {
                chosen[r] = (int) bits.read(4);
                if (chosen[r] >= PREDICTORS) {
                    throw new IOException("unknown forecast predictor " + chosen[r]);
                }
            }
            for (int h = first; h <= horizon; h++) {
                int id = chosen[region(h - first)];
                long delta = StateBytes.unzigzag(rice.read(bits));
                float value = Float.intBitsToFloat((int) (Float.floatToRawIntBits(predict(id, cur, prev, first, h)) + delta));
                cur[h - 1] = value;
                pending[base + h - 1] = value;
            }
            float[] done = prev == null ? new float[horizon] : prev;
            prev = cur;
            cur = done;
        }
    }

    /** The per-step sums but N (rebuilt on read), each field step by step: residual to the step before. */
    private void writeSums(StateBytes.BitOut bits) throws IOException {
        StateBytes.Rice rice = new StateBytes.Rice(16);
        for (int f = 0; f < FIELDS; f++) {
            if (f == N) {
                continue; // a function of how many forecasts were scored at each step: rebuilt on read
            }
            float before = 0f;
            for (float v : sums[f]) {
                rice.write(bits, residual(v, before));
                before = v;
            }
        }
    }

    private void readSums(StateBytes.BitIn bits) throws IOException {
        StateBytes.Rice rice = new StateBytes.Rice(16);
        for (int f = 0; f < FIELDS; f++) {
            if (f == N) {
                continue;
            }
            float before = 0f;
            for (int i = 0; i < horizon; i++) {
                long delta = StateBytes.unzigzag(rice.read(bits));
                before = Float.intBitsToFloat((int) (Float.floatToRawIntBits(before) + delta));
                sums[f][i] = before;
            }
        }
    }

    /** The drift window's absolute errors (floats), oldest first, each as the residual to the one before. */
    private void writeErrors(StateBytes.BitOut bits) throws IOException {
        int n = oneStepErrors.size();
        StateBytes.Rice rice = new StateBytes.Rice(16);
        float before = 0f;
        for (int i = n - 1; i >= 0; i--) {
            float v = (float) oneStepErrors.back(i);
            rice.write(bits, residual(v, before));
            before = v;
        }
    }

    private void readErrors(StateBytes.BitIn bits, long n) throws IOException {
        oneStepErrors.clear();
        StateBytes.Rice rice = new StateBytes.Rice(16);
        float before = 0f;
        for (long i = 0; i < n; i++) {
            long delta = StateBytes.unzigzag(rice.read(bits));
            before = Float.intBitsToFloat((int) (Float.floatToRawIntBits(before) + delta));
            oneStepErrors.add(before);
        }
    }

    /** Serialized bytes per part, for the state report. */
    java.util.Map<String, Integer> stateBreakdown() throws IOException {
        java.util.Map<String, Integer> parts = new java.util.LinkedHashMap<>();
        int unscored = firstOrigin >= 0 ? unscoredCount(horizon, closes, firstOrigin) : 0;
        parts.put("unscored forecasts (" + unscored + " floats, coded)", firstOrigin >= 0 ? codedSize(this::writePending) : 0);
        parts.put("accuracy sums (" + (FIELDS - 1) + " x " + horizon + " floats, coded)",
                firstOrigin >= 0 ? codedSize(this::writeSums) : 0);
        parts.put("drift errors (" + oneStepErrors.size() + " floats, coded)",
                codedSize(this::writeErrors) + DemandForecaster.varSize(oneStepErrors.size()));
        StateBytes.Out all = new StateBytes.Out(4096);
        write(all);
        int counted = parts.values().stream().mapToInt(Integer::intValue).sum();
        parts.put("accuracy counters", all.size() - counted);
        return parts;
    }

    private interface BitsPart {
        void write(StateBytes.BitOut bits) throws IOException;
    }

    private static int codedSize(BitsPart part) throws IOException {
        StateBytes.Out buf = new StateBytes.Out(1024);
        StateBytes.BitOut bits = new StateBytes.BitOut(buf);
        part.write(bits);
        bits.flush();
        return buf.size();
    }

    /** Reads what {@link #write} wrote. */
    public void read(DataInput in) throws IOException {
        read(in, CODED);
    }

    private static final int MAX_HORIZON = 10_000;

    /** Layout of {@link #write}: {@link #FLOATS} is the one before (raw floats), still read. */
    static final int FLOATS = 2, CODED = 3;

    /** Reads state of the given layout version. */
    public void read(DataInput in, int layout) throws IOException {
        int storedHorizon = (int) StateBytes.readVarLong(in);
        closes = StateBytes.readVarLong(in);
        firstOrigin = StateBytes.readVarLong(in) - 1;
        lastActual = StateBytes.readQuantity(in);
        naiveAbsSum = StateBytes.readQuantity(in);
        naiveCount = StateBytes.readVarLong(in);
        if (layout == FLOATS) {
            readFloatLayout(in, storedHorizon);
            return;
        }
        long errors = StateBytes.readVarLong(in);
        StateBytes.BitIn bits = new StateBytes.BitIn(in);
        if (firstOrigin >= 0) {
            if (storedHorizon != horizon) {
                // demand.horizon changed: the stored forecasts and per-step sums have another shape. Decode them
                // with the old shape, drop them and score afresh rather than fail.
                if (storedHorizon < 1 || storedHorizon > MAX_HORIZON) {
                    throw new IOException("demand accuracy state with horizon " + storedHorizon);
                }
                AccuracyTracker old = new AccuracyTracker(storedHorizon, 1, 2, (int) Math.max(1, errors));
                old.closes = closes;
                old.firstOrigin = firstOrigin;
                old.readPending(bits);
                old.readSums(bits);
                firstOrigin = -1;
            } else {
                readPending(bits);
                readSums(bits);
                rebuildCounts();
            }
        }
        readErrors(bits, errors);
    }

    private void rebuildCounts() {
        float[] counts = weightedCounts(decay);
        for (int h = 1; h <= horizon; h++) {
            long scored = Math.max(0, closes - firstOrigin - h); // buckets firstOrigin+h .. closes-1
            sums[N][h - 1] = counts[(int) Math.min(scored, counts.length - 1)];
        }
    }

    /** The layout of state format 2: unscored forecasts and sums as raw floats. */
    private void readFloatLayout(DataInput in, int storedHorizon) throws IOException {
        if (storedHorizon != horizon) {
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
            rebuildCounts();
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
