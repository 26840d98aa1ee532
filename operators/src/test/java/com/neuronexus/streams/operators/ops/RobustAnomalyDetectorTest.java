package com.neuronexus.streams.operators.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RobustAnomalyDetectorTest {
    private static final long MINUTE = 60_000L;
    private final DetectorConfig config = DetectorConfig.defaults();

    private static double[] noise(long seed, int n, double level, double sd) {
        Random random = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = level + sd * random.nextGaussian();
        }
        return v;
    }

    private static long[] regular(int n, long step) {
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = SyntheticSeries.START + i * step;
        }
        return ts;
    }

    private List<int[]> windows(long[] ts, double[] v) {
        return DetectorEvaluation.robustWindows(config, ts, v);
    }

    @Test
    void scoresStayInUnitIntervalAndAreZeroDuringWarmup() {
        RobustAnomalyDetector detector = new RobustAnomalyDetector(config);
        SeriesState state = detector.newState();
        double[] v = noise(1, 500, 50, 3);
        v[300] = 1e12;
        v[301] = -1e12;
        for (int i = 0; i < v.length; i++) {
            double score = detector.update(state, i * MINUTE, v[i]).score();
            assertTrue(score >= 0 && score <= 1, "score " + score);
            if (i < config.warmup()) {
                assertEquals(0.0, score);
            }
        }
        assertEquals(0.0, detector.update(state, 0, Double.NaN).score());
    }

    @Test
    void singleSpikeIsOneShortWindowAndDoesNotDisturbTheBaseline() {
        double[] v = noise(2, 1000, 100, 5);
        v[500] += 80;
        List<int[]> w = windows(regular(1000, MINUTE), v);
        assertEquals(1, w.size(), "windows " + describe(w));
        assertEquals(500, w.get(0)[0]);
        assertEquals(500, w.get(0)[1]);
    }

    @Test
    void levelShiftIsOneWindowThenTheNewLevelIsNormal() {
        double[] v = noise(3, 1000, 100, 5);
        for (int i = 500; i < v.length; i++) {
            v[i] += 60;
        }
        List<int[]> w = windows(regular(1000, MINUTE), v);
        assertEquals(1, w.size(), "windows " + describe(w));
        assertEquals(500, w.get(0)[0]);
        assertTrue(w.get(0)[1] < 500 + config.shiftRun() + 5, "closes soon after re-anchoring " + describe(w));
    }

    @Test
    void sustainedBurstIsOneWindowCoveringTheBurst() {
        double[] v = noise(4, 1000, 100, 5);
        for (int i = 400; i < 415; i++) {
            v[i] += 50;
        }
        List<int[]> w = windows(regular(1000, MINUTE), v);
        assertEquals(1, w.size(), "windows " + describe(w));
        assertEquals(400, w.get(0)[0]);
        assertEquals(414, w.get(0)[1]);
    }

    @Test
    void gradualDriftRaisesNoAlarm() {
        double[] v = noise(5, 3000, 100, 5);
        for (int i = 0; i < v.length; i++) {
            v[i] += 0.2 * i; // 600 units (120 sd) over the series
        }
        assertEquals(0, windows(regular(3000, MINUTE), v).size());
    }

    @Test
    void dailySeasonalityIsLearnedAndAnOffPatternValueStillStandsOut() {
        int n = 24 * 21; // three weeks, hourly
        long[] ts = regular(n, 60 * MINUTE);
        double[] v = noise(6, n, 100, 2);
        for (int i = 0; i < n; i++) {
            v[i] += 30 * Math.sin(2 * Math.PI * i / 24.0); // swing of 15 sd each way
        }
        int anomaly = 24 * 18 + 6; // 06:00 on day 18: the daily peak hour, pushed down to the daily mean
        v[anomaly] -= 30;
        List<int[]> w = windows(ts, v);
        List<int[]> late = w.stream().filter(r -> r[0] >= 24 * 7).toList();
        assertEquals(1, late.size(), "after a week only the injected anomaly: " + describe(late));
        assertEquals(anomaly, late.get(0)[0]);
    }

    @Test
    void irregularSamplingAndRepeatedTimestampsNeedNoSpecialCase() {
        Random random = new Random(7);
        int n = 1200;
        long[] ts = new long[n];
        long t = SyntheticSeries.START;
        for (int i = 0; i < n; i++) {
            ts[i] = t;
            if (random.nextDouble() < 0.7) { // 30 % repeat the previous timestamp
                t += (long) (random.nextDouble() * 10 * MINUTE);
            }
        }
        double[] v = noise(8, n, 20, 1);
        v[700] += 15;
        List<int[]> w = windows(ts, v);
        assertEquals(1, w.size(), describe(w));
        assertEquals(700, w.get(0)[0]);
    }

    @Test
    void outOfOrderTimestampsInInputOrderStillFindTheSpike() {
        int n = 800;
        long[] ts = regular(n, MINUTE);
        Random random = new Random(9);
        for (int i = 0; i < n; i++) { // jitter by up to ±5 minutes: out of order
            ts[i] += (random.nextInt(11) - 5) * MINUTE;
        }
        double[] v = noise(10, n, 5, 0.5);
        v[600] -= 6;
        List<int[]> w = windows(ts, v);
        assertEquals(1, w.size(), describe(w));
        assertEquals(600, w.get(0)[0]);
    }

    @Test
    void scaleFreeTheSameWindowsAtAnyMagnitude() {
        SyntheticSeries s = SyntheticSeries.generate(11, 2000, 1, false, 0, 0, MINUTE, false, 5, 1, 1);
        List<String> reference = null;
        for (double factor : new double[] {1e-6, 1, 1e6}) {
            double[] scaled = s.values.clone();
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] *= factor;
            }
            List<String> got = new ArrayList<>();
            windows(s.ts, scaled).forEach(r -> got.add(r[0] + "-" + r[1]));
            if (reference == null) {
                reference = got;
            } else {
                assertEquals(reference, got, "scale " + factor);
            }
        }
        assertTrue(reference.size() >= 7, "found the anomalies " + reference);
    }

    @Test
    void flatSeriesFlagsTheFirstChangeAndCopesWithZeros() {
        double[] v = new double[300];
        v[200] = 0.01; // an error rate that was exactly 0
        List<int[]> w = windows(regular(300, MINUTE), v);
        assertEquals(1, w.size(), describe(w));
        assertEquals(200, w.get(0)[0]);
    }

    @Test
    void severityFollowsThePeakScore() {
        assertEquals("LOW", RobustAnomalyDetector.severity(0.7));
        assertEquals("MEDIUM", RobustAnomalyDetector.severity(0.85));
        assertEquals("HIGH", RobustAnomalyDetector.severity(0.95));
        assertEquals("CRITICAL", RobustAnomalyDetector.severity(0.99));
    }

    static String describe(List<int[]> windows) {
        StringBuilder sb = new StringBuilder("[");
        windows.forEach(r -> sb.append(r[0]).append('-').append(r[1]).append(' '));
        return sb.append(']').toString();
    }
}
