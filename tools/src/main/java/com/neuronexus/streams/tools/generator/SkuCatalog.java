package com.neuronexus.streams.tools.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The SKUs of the workload and their hidden truth: annual usage value drawn from a Pareto distribution (so a
 * minority of SKUs carries most of the value and ABC classes mean something), split into a unit cost and an
 * annual volume; weekly profile, trend, intermittency, lead time, and which SKUs have no item record.
 */
final class SkuCatalog {

    /** Pareto shape of annual usage value; 1.16 is the classic "80/20" shape. */
    static final double PARETO_ALPHA = 1.16;
    /** Annual usage value of the smallest SKU, in currency units. */
    static final double MIN_ANNUAL_VALUE = 20_000;
    static final double INTERMITTENT_SHARE = 0.20;

    record Sku(
            int index,
            String id,
            double unitCost,
            double annualValue,
            double meanDailyDemand,
            double[] weekdayFactor,
            double trendPerYear,
            boolean intermittent,
            double demandDayProbability,
            double leadTimeDays,
            double leadTimeStdDays,
            double minOrderQty,
            double lotSize,
            String supplierId,
            Double serviceLevel,
            boolean hasItemRecord,
            boolean fullItemRecord,
            int discontinuedOnDay) {

        double annualVolume() {
            return annualValue / unitCost;
        }
    }

    private final List<Sku> skus;

    SkuCatalog(long seed, int count) {
        // Stratified Pareto: SKU i gets quantile (stratum + jitter)/n of a shuffled stratum, so the shape holds for
        // any seed even with a few dozen SKUs, while which SKU is big still depends on the seed.
        int[] strata = new int[count];
        for (int i = 0; i < count; i++) {
            strata[i] = i;
        }
        SplittableRandom shuffle = Rand.of(seed, "sku-strata", 0, 0);
        for (int i = count - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            int t = strata[i];
            strata[i] = strata[j];
            strata[j] = t;
        }
        List<Sku> list = new ArrayList<>(count);
        // A few SKUs have no item record at all: every 40th by stratum order, at least one when count >= 10.
        for (int i = 0; i < count; i++) {
            SplittableRandom r = Rand.of(seed, "sku", i, 0);
            double u = Math.min((strata[i] + r.nextDouble()) / count, 1.0 - 0.25 / count);
            double annualValue = MIN_ANNUAL_VALUE * Math.pow(1.0 - u, -1.0 / PARETO_ALPHA);
            double unitCost = round2(Math.min(500, Math.max(0.5, Rand.lognormal(r, 12, 0.9))));
            double meanDaily = annualValue / unitCost / 365.0;
            double weekend = Rand.uniform(r, 0.3, 0.7);
            double[] weekday = new double[7];
            for (int d = 0; d < 7; d++) {
                weekday[d] = d >= 5 ? weekend : Rand.uniform(r, 0.95, 1.25);
            }
            double trend = Rand.uniform(r, -0.3, 0.6);
            boolean intermittent = r.nextDouble() < INTERMITTENT_SHARE;
            double demandDayP = intermittent ? Rand.uniform(r, 0.08, 0.35) : 1.0;
            double lt = 3 + r.nextInt(19);
            double ltStd = Math.round(lt * Rand.uniform(r, 0.05, 0.3) * 10) / 10.0;
            double moq = Math.max(1, Math.round(meanDaily * Rand.uniform(r, 3, 10)));
            double lot = lotFor(meanDaily, r);
            String supplier = String.format("SUP-%02d", 1 + r.nextInt(12));
            Double serviceLevel = r.nextDouble() < 0.3 ? Rand.pick(r, List.of(0.9, 0.95, 0.98, 0.99)) : null;
            boolean hasItem = count < 10 || strata[i] % 40 != 17;
            boolean full = r.nextDouble() < 0.9;
            int discontinued = r.nextDouble() < 0.02 ? 10 + r.nextInt(15) : -1;
            list.add(new Sku(i, String.format("SKU-%05d", i + 1), unitCost, annualValue, meanDaily, weekday, trend,
                    intermittent, demandDayP, lt, ltStd, moq, lot, supplier, serviceLevel, hasItem, full, discontinued));
        }
        this.skus = List.copyOf(list);
    }

    private static double lotFor(double meanDaily, SplittableRandom r) {
        if (meanDaily < 5) {
            return 1;
        }
        double[] lots = {5, 10, 12, 24, 50, 100};
        double best = 1;
        for (double lot : lots) {
            if (lot <= meanDaily * 2) {
                best = lot;
            }
        }
        return r.nextBoolean() ? best : 1;
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    List<Sku> all() {
        return skus;
    }

    Sku get(int index) {
        return skus.get(index);
    }

    int size() {
        return skus.size();
    }
}
