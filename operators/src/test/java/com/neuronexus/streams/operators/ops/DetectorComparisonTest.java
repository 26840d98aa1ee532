package com.neuronexus.streams.operators.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The robust detector against the seed system's rolling 3-sigma rule (window 100) on labelled synthetic
 * series: normal and heavy-tailed noise, daily seasonality, drift, irregular sampling, scales from 1e-3 to
 * 1e4; 12 spikes, 2 level shifts and 3 bursts each. Prints the figures quoted in docs/ops.md.
 */
class DetectorComparisonTest {

    @Test
    void robustDetectorBeatsRollingThreeSigma() {
        long minute = 60_000L;
        List<SyntheticSeries> all = new ArrayList<>();
        long seed = 100;
        for (double scale : new double[] {1e-3, 1, 1e4}) {
            all.add(SyntheticSeries.generate(seed++, 4000, scale, false, 0, 0, minute, false, 12, 2, 3));
            all.add(SyntheticSeries.generate(seed++, 4000, scale, true, 0, 0, minute, false, 12, 2, 3));
            all.add(SyntheticSeries.generate(seed++, 4000, scale, false, 8, 0.005, minute, true, 12, 2, 3));
            all.add(SyntheticSeries.generate(seed++, 4000, scale, true, 8, 0.01, 15 * minute, true, 12, 2, 3));
        }
        String[] kinds = {"normal noise", "heavy-tailed (Laplace) noise", "seasonal + drift + irregular 1 min",
                "heavy-tailed + seasonal + drift + irregular 15 min"};
        for (int k = 0; k < kinds.length; k++) {
            List<SyntheticSeries> ofKind = new ArrayList<>();
            for (int i = k; i < all.size(); i += kinds.length) {
                ofKind.add(all.get(i));
            }
            System.out.println(kinds[k] + "\n  robust:  " + combine(ofKind, true) + "\n  3-sigma: " + combine(ofKind, false));
        }
        DetectorEvaluation.Result robust = combine(all, true);
        DetectorEvaluation.Result sigma3 = combine(all, false);
        System.out.println("robust:  " + robust);
        System.out.println("3-sigma: " + sigma3);
        assertTrue(robust.recall() >= 0.9, "robust recall " + robust);
        assertTrue(robust.precision() >= 0.85, "robust precision " + robust);
        assertTrue(robust.f1() > sigma3.f1() + 0.2, "clearly better than 3-sigma: " + robust + " vs " + sigma3);
    }

    private static DetectorEvaluation.Result combine(List<SyntheticSeries> all, boolean robust) {
        int labelled = 0;
        int predicted = 0;
        int truePredicted = 0;
        int detected = 0;
        double delaySamples = 0;
        double delayMillis = 0;
        double maxDelay = 0;
        for (SyntheticSeries s : all) {
            List<int[]> windows = robust
                    ? DetectorEvaluation.robustWindows(DetectorConfig.defaults(), s.ts, s.values)
                    : DetectorEvaluation.zScoreWindows(100, 3.0, s.values);
            DetectorEvaluation.Result r = DetectorEvaluation.evaluate(s.ts, s.labels, windows, 0);
            labelled += r.labelled();
            predicted += r.predicted();
            truePredicted += r.truePredicted();
            detected += r.detected();
            if (r.detected() > 0) {
                delaySamples += r.meanDelaySamples() * r.detected();
                delayMillis += r.meanDelayMillis() * r.detected();
            }
            maxDelay = Math.max(maxDelay, r.maxDelayMillis());
        }
        return new DetectorEvaluation.Result(labelled, predicted, truePredicted, detected,
                predicted == 0 ? 1 : (double) truePredicted / predicted, (double) detected / labelled,
                delaySamples / detected, delayMillis / detected, maxDelay);
    }
}
