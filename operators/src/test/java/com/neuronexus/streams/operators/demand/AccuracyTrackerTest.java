package com.neuronexus.streams.operators.demand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AccuracyTrackerTest {

    @Test
    void scoresEachForecastAtItsStep() {
        AccuracyTracker t = new AccuracyTracker(2, 1_000_000_000, 4, 16);
        t.score(10);
        t.record(new double[] {12, 14}); // origin 0: bucket 1 → 12, bucket 2 → 14
        t.score(10); // step 1: 12 vs 10
        t.record(new double[] {11, 11});
        t.score(20); // step 1: 11 vs 20; step 2: 14 vs 20
        AccuracyTracker.Metrics step1 = t.metrics(1);
        assertEquals(2, step1.scored(), 1e-6);
        assertEquals(100 * (2.0 / 10 + 9.0 / 20) / 2, step1.mape(), 1e-4);
        assertEquals(100 * 11.0 / 30, step1.wape(), 1e-4);
        assertEquals(-3.5, step1.bias(), 1e-4);
        // naive in-sample scale: (|10−10| + |20−10|)/2 = 5 → MASE = 5.5/5
        assertEquals(1.1, step1.mase(), 1e-4);
        AccuracyTracker.Metrics step2 = t.metrics(2);
        assertEquals(1, step2.scored(), 1e-6);
        assertEquals(-6, step2.bias(), 1e-4);
        AccuracyTracker.Metrics all = t.metrics(0);
        assertEquals(3, all.scored(), 1e-6);
        assertEquals(100 * 17.0 / 50, all.wape(), 1e-4);
    }

    @Test
    void mapeSkipsZeroActuals() {
        AccuracyTracker t = new AccuracyTracker(1, 1_000_000_000, 4, 16);
        t.score(0);
        t.record(new double[] {2});
        t.score(0);
        AccuracyTracker.Metrics m = t.metrics(1);
        assertEquals(Double.NaN, m.mape());
        assertEquals(Double.NaN, m.wape());
        assertEquals(2, m.bias(), 1e-9);
    }

    @Test
    void welchDriftWhenRecentErrorsGrow() {
        AccuracyTracker t = new AccuracyTracker(1, 50, 4, 16);
        t.score(10);
        for (int i = 0; i < 16; i++) {
            t.record(new double[] {10});
            assertTrue(i == 0 || t.drift(0.05) == null || i >= 15);
            double actual = i < 12 ? 10 + (i % 2 == 0 ? 1 : -1) : 10 + (i % 2 == 0 ? 8 : -9);
            t.score(actual);
        }
        AccuracyTracker.Drift drift = t.drift(0.05);
        assertTrue(drift.drifting(), drift.toString());
        assertTrue(drift.pValue() < 0.05);
        assertEquals(8.5, drift.recentMeanError(), 1e-9);
        assertEquals(1.0, drift.baselineMeanError(), 1e-9);

        AccuracyTracker steady = new AccuracyTracker(1, 50, 4, 16);
        steady.score(10);
        for (int i = 0; i < 15; i++) {
            steady.record(new double[] {10});
            assertNull(steady.drift(0.05));
            steady.score(10 + (i % 3) - 1);
        }
        steady.record(new double[] {10});
        steady.score(11);
        assertFalse(steady.drift(0.05).drifting());
    }
}
