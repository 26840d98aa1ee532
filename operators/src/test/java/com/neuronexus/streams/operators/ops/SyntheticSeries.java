package com.neuronexus.streams.operators.ops;

import java.util.Random;

/**
 * Labelled synthetic series for the detector tests and the figures in docs/ops.md: noise (normal or
 * heavy-tailed), daily seasonality, slow drift, irregular sampling, and injected anomalies (spikes, level
 * shifts, sustained bursts) whose samples are labelled.
 */
final class SyntheticSeries {
    final long[] ts;
    final double[] values;
    final boolean[] labels;

    private SyntheticSeries(int n) {
        ts = new long[n];
        values = new double[n];
        labels = new boolean[n];
    }

    static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    /**
     * @param scale multiplies every value (different magnitudes)
     * @param heavyTails Laplace noise instead of normal
     * @param seasonalAmplitude daily sinusoid amplitude in noise units
     * @param driftPerSample drift in noise units per sample
     * @param stepMillis mean sampling interval; irregular when {@code irregular}
     */
    static SyntheticSeries generate(long seed, int n, double scale, boolean heavyTails, double seasonalAmplitude,
            double driftPerSample, long stepMillis, boolean irregular, int spikes, int shifts, int bursts) {
        Random random = new Random(seed);
        SyntheticSeries s = new SyntheticSeries(n);
        double[] extra = new double[n];
        long t = START;
        for (int i = 0; i < n; i++) {
            s.ts[i] = t;
            t += irregular ? (long) (stepMillis * (0.2 + 1.6 * random.nextDouble())) : stepMillis;
        }
        // Anomalies start after a clean first stretch and never overlap each other.
        boolean[] taken = new boolean[n];
        for (int k = 0; k < shifts; k++) {
            int at = free(random, taken, n, 60);
            double size = (random.nextBoolean() ? 1 : -1) * (10 + 5 * random.nextDouble());
            for (int i = at; i < n; i++) {
                extra[i] += size;
            }
            for (int i = at; i < Math.min(n, at + 10); i++) {
                s.labels[i] = true;
            }
            mark(taken, at - 40, at + 60);
        }
        for (int k = 0; k < bursts; k++) {
            int at = free(random, taken, n, 40);
            int length = 8 + random.nextInt(15);
            double size = 7 + 4 * random.nextDouble();
            for (int i = at; i < Math.min(n, at + length); i++) {
                extra[i] += size;
                s.labels[i] = true;
            }
            mark(taken, at - 40, at + length + 40);
        }
        for (int k = 0; k < spikes; k++) {
            int at = free(random, taken, n, 10);
            extra[at] += (random.nextBoolean() ? 1 : -1) * (9 + 10 * random.nextDouble());
            s.labels[at] = true;
            mark(taken, at - 15, at + 15);
        }
        for (int i = 0; i < n; i++) {
            double noise = heavyTails ? laplace(random) : random.nextGaussian();
            double hours = (s.ts[i] - START) / 3_600_000.0;
            double seasonal = seasonalAmplitude * Math.sin(2 * Math.PI * hours / 24.0);
            s.values[i] = scale * (100 + seasonal + driftPerSample * i + noise + extra[i]);
        }
        return s;
    }

    private static int free(Random random, boolean[] taken, int n, int margin) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            int at = 200 + random.nextInt(n - 200 - margin);
            boolean clear = true;
            for (int i = Math.max(0, at - margin); i < Math.min(n, at + margin); i++) {
                clear &= !taken[i];
            }
            if (clear) {
                return at;
            }
        }
        throw new IllegalStateException("series too short for its anomalies");
    }

    private static void mark(boolean[] taken, int from, int to) {
        for (int i = Math.max(0, from); i < Math.min(taken.length, to); i++) {
            taken[i] = true;
        }
    }

    /** Laplace noise with unit standard deviation. */
    private static double laplace(Random random) {
        double u = random.nextDouble() - 0.5;
        return -Math.signum(u) * Math.log(1 - 2 * Math.abs(u)) / Math.sqrt(2);
    }
}
