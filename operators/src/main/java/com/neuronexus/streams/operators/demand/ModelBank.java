package com.neuronexus.streams.operators.demand;

import com.neuronexus.streams.operators.demand.model.Croston;
import com.neuronexus.streams.operators.demand.model.DampedHolt;
import com.neuronexus.streams.operators.demand.model.ForecastModel;
import com.neuronexus.streams.operators.demand.model.HoltWinters;
import com.neuronexus.streams.operators.demand.model.SeasonalNaive;
import com.neuronexus.streams.operators.demand.model.SimpleExponentialSmoothing;
import com.neuronexus.streams.operators.demand.model.Tsb;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every candidate model of one SKU, run side by side, each scored on its own one-step-ahead
 * (out-of-sample: forecast made before the bucket was seen) squared error, exponentially weighted over
 * {@code errorWindow} buckets. Selection picks among the candidates that fit the SKU's demand class
 * (Croston-type for intermittent/lumpy, level/trend/season for smooth/erratic; seasonal naive always
 * competes as the baseline). Squared error, not absolute: absolute error rewards forecasting zero for
 * intermittent items, and what the reorder engine needs is the mean.
 */
public final class ModelBank {
    static final double MIN_WEIGHT = 0.1;

    private final List<ForecastModel> candidates;
    /** The candidates' labels, built once per season length: a label formats its parameters, every close used to. */
    private final String[] labels;
    private final SelectionMode mode;
    private final double decay;
    /** Exponentially weighted sum of squared one-step errors per candidate, and the matching weight sum. */
    private final double[] errorSum;
    private double errorWeight;
    /** Exponentially weighted mean demand: scales errors so that inverse-error weights do not depend on units. */
    private double demandSum;
    private long updates;

    public ModelBank(BucketSize bucket, SelectionMode mode, int errorWindow) {
        this.candidates = candidates(bucket.season());
        this.labels = LABELS.computeIfAbsent(bucket.season(),
                season -> candidates(season).stream().map(ForecastModel::label).toArray(String[]::new));
        this.mode = mode;
        this.decay = 1.0 - 1.0 / Math.max(1, errorWindow);
        this.errorSum = new double[candidates.size()];
    }

    private static final String WEIGHTS_HEADER =
            String.format(Locale.US, "weights ∝ 1/(scaled RMSE + 1), min %.1f:", MIN_WEIGHT);
    private static final Map<Integer, String[]> LABELS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The candidate grid: each family with a few smoothing parameters, from sluggish to reactive. */
    static List<ForecastModel> candidates(int season) {
        List<ForecastModel> list = new ArrayList<>();
        list.add(new SeasonalNaive(season));
        for (double alpha : new double[] {0.05, 0.1, 0.2, 0.3, 0.5}) {
            list.add(new SimpleExponentialSmoothing(alpha));
        }
        list.add(new DampedHolt(0.1, 0.01, 0.9));
        list.add(new DampedHolt(0.2, 0.05, 0.9));
        list.add(new DampedHolt(0.3, 0.1, 0.98));
        list.add(new HoltWinters(0.05, 0.01, 0.1, 0.9, season));
        list.add(new HoltWinters(0.1, 0.01, 0.2, 0.9, season));
        list.add(new HoltWinters(0.2, 0.05, 0.3, 0.98, season));
        list.add(new Croston(0.1, false));
        list.add(new Croston(0.2, false));
        list.add(new Croston(0.1, true));
        list.add(new Croston(0.2, true));
        list.add(new Tsb(0.1, 0.05));
        list.add(new Tsb(0.2, 0.1));
        return list;
    }

    /** Scores every candidate's forecast for this bucket, then lets each absorb it. O(candidates). */
    public void update(double actual) {
        for (int i = 0; i < candidates.size(); i++) {
            ForecastModel model = candidates.get(i);
            double error = actual - model.forecast(1);
            errorSum[i] = decay * errorSum[i] + error * error;
            model.update(actual);
        }
        errorWeight = decay * errorWeight + 1;
        demandSum = decay * demandSum + actual;
        updates++;
    }

    public long updates() {
        return updates;
    }

    /** Rolling root mean squared one-step error of candidate {@code i}. */
    double rmse(int i) {
        return errorWeight == 0 ? Double.NaN : Math.sqrt(errorSum[i] / errorWeight);
    }

    /** Error relative to the rolling mean demand, so 1/(error + 1) weights are unit-free. */
    double scaledError(int i) {
        double meanDemand = errorWeight == 0 ? 0 : demandSum / errorWeight;
        return rmse(i) / Math.max(meanDemand, 1e-9);
    }

    boolean eligible(ForecastModel model, DemandClass demandClass) {
        String family = model.family();
        if (family.equals("SEASONAL_NAIVE") || demandClass == DemandClass.UNKNOWN) {
            return true;
        }
        boolean crostonType = family.equals("CROSTON") || family.equals("SBA") || family.equals("TSB");
        return crostonType == demandClass.intermittent();
    }

    /** The published forecast under the current scores: points for steps 1..horizon and why. */
    public Selection select(DemandClass.Profile profile, int horizon) {
        DemandClass demandClass = profile.demandClass();
        // Best candidate per family; ties broken by grid order, so selection is deterministic.
        Map<String, Integer> bestOfFamily = new LinkedHashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            ForecastModel model = candidates.get(i);
            if (!eligible(model, demandClass)) {
                continue;
            }
            Integer best = bestOfFamily.get(model.family());
            if (best == null || rmse(i) < rmse(best)) {
                bestOfFamily.put(model.family(), i);
            }
        }
        List<Integer> ranked = new ArrayList<>(bestOfFamily.values());
        ranked.sort((a, b) -> Double.compare(rmse(a), rmse(b)));
        int[] members;
        double[] weights;
        if (mode == SelectionMode.BEST) {
            members = new int[] {ranked.get(0)};
            weights = new double[] {1.0};
        } else {
            members = ranked.stream().mapToInt(Integer::intValue).toArray();
            double[] raw = new double[members.length];
            for (int k = 0; k < members.length; k++) {
                raw[k] = 1.0 / (scaledError(members[k]) + 1.0);
            }
            weights = floorWeights(raw, MIN_WEIGHT);
        }
        double[] points = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            double value = 0;
            for (int k = 0; k < members.length; k++) {
                value += weights[k] * candidates.get(members[k]).forecast(h);
            }
            points[h - 1] = Math.max(0, value);
        }
        String model = mode == SelectionMode.BEST
                ? labels[members[0]]
                : "Weighted(" + String.join("+", labels(members)) + ")";
        return new Selection(points, model, reason(profile, ranked, members, weights), rmse(members[0]));
    }

    private List<String> labels(int[] members) {
        List<String> labels = new ArrayList<>();
        for (int m : members) {
            labels.add(this.labels[m]);
        }
        return labels;
    }

    // The numbers through FixedDecimal: the same text as String.format(Locale.US, "%.Nf"), without the
    // Formatter's cost at every close of every SKU.
    private String reason(DemandClass.Profile profile, List<Integer> ranked, int[] members, double[] weights) {
        StringBuilder sb = new StringBuilder(160);
        profile.describe(sb).append("; ");
        int window = (int) Math.round(1.0 / (1.0 - decay));
        if (mode == SelectionMode.BEST) {
            int winner = members[0];
            sb.append(labels[winner]).append(" has the lowest rolling one-step RMSE ");
            FixedDecimal.append(sb, rmse(winner), 3).append(" (~").append(window).append(" buckets)");
            if (ranked.size() > 1) {
                int second = ranked.get(1);
                sb.append("; runner-up ").append(labels[second]).append(' ');
                FixedDecimal.append(sb, rmse(second), 3);
            }
        } else {
            sb.append(WEIGHTS_HEADER);
            for (int k = 0; k < members.length; k++) {
                sb.append(' ').append(labels[members[k]]).append(' ');
                FixedDecimal.append(sb, weights[k], 2).append(" (RMSE ");
                FixedDecimal.append(sb, rmse(members[k]), 3).append(')');
            }
        }
        int naive = 0; // the seasonal naive baseline is candidate 0
        if (members[0] != naive || members.length > 1) {
            sb.append("; seasonal naive ");
            FixedDecimal.append(sb, rmse(naive), 3);
        }
        return sb.toString();
    }

    /**
     * Normalises weights to sum 1 with every weight at least {@code floor}: members under the floor get
     * the floor, the others share what is left in proportion to their raw weights.
     */
    static double[] floorWeights(double[] raw, double floor) {
        int n = raw.length;
        double[] w = new double[n];
        boolean[] pinned = new boolean[n];
        double effectiveFloor = Math.min(floor, 1.0 / n);
        while (true) {
            double free = 1.0;
            double rawFree = 0;
            for (int i = 0; i < n; i++) {
                if (pinned[i]) {
                    free -= effectiveFloor;
                } else {
                    rawFree += raw[i];
                }
            }
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                if (pinned[i]) {
                    w[i] = effectiveFloor;
                } else {
                    w[i] = rawFree > 0 ? free * raw[i] / rawFree : free;
                    if (w[i] < effectiveFloor - 1e-12) {
                        pinned[i] = true;
                        changed = true;
                    }
                }
            }
            if (!changed) {
                return w;
            }
        }
    }

    public List<ForecastModel> candidateModels() {
        return candidates;
    }

    public void write(DataOutput out) throws IOException {
        StateBytes.writeVarLong(out, updates);
        out.writeDouble(errorWeight);
        out.writeDouble(demandSum);
        for (int i = 0; i < candidates.size(); i++) {
            out.writeDouble(errorSum[i]);
            candidates.get(i).write(out);
        }
    }

    public void read(DataInput in) throws IOException {
        updates = StateBytes.readVarLong(in);
        errorWeight = in.readDouble();
        demandSum = in.readDouble();
        for (int i = 0; i < candidates.size(); i++) {
            errorSum[i] = in.readDouble();
            candidates.get(i).read(in);
        }
    }

    /** The published forecast: one point per future bucket, the model, why it won, and its rolling RMSE. */
    public record Selection(double[] points, String model, String reason, double oneStepRmse) {}
}
