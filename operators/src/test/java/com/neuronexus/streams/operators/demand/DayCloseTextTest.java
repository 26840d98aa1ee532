package com.neuronexus.streams.operators.demand;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The day close writes some of its output text directly: byte for byte what the general path wrote. */
class DayCloseTextTest {
    private static final double[] EDGES = {0, -0.0, 1, -1, 0.1, 1e-7, 5e-7, 4.9999999e-7, 1e-3, 123456.789, 1e7, 1e21,
            -2.5e-4, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 1.0 / 3};

    private static double value(SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0 -> EDGES[random.nextInt(EDGES.length)];
            case 1 -> random.nextInt(200);
            case 2 -> random.nextDouble() * 100;
            case 3 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-9, 12));
            case 4 -> Math.round(random.nextDouble() * 1e6) / 1e6;
            default -> (float) (random.nextDouble() * 40);
        };
    }

    @Test
    void byStepJsonIsWhatJacksonWrites() {
        SplittableRandom random = new SplittableRandom(42);
        for (int run = 0; run < 20_000; run++) {
            List<AccuracyTracker.Metrics> steps = new ArrayList<>();
            for (int h = 0, n = random.nextInt(0, 10); h < n; h++) {
                double scored = random.nextInt(5) == 0 ? EDGES[random.nextInt(EDGES.length)] : random.nextDouble() * 30;
                steps.add(new AccuracyTracker.Metrics(scored, value(random), value(random), value(random), value(random)));
            }
            assertEquals(SkuDemandEngine.byStepJsonViaMaps(steps), SkuDemandEngine.byStepJson(steps), steps.toString());
        }
    }

    /** The forecast reason formats its figures with Locale.US (the JDK's fast path): the text ROOT gave. */
    @Test
    void usFormattingIsRootFormatting() {
        SplittableRandom random = new SplittableRandom(7);
        for (int run = 0; run < 100_000; run++) {
            double a = value(random);
            double b = value(random);
            Object[][] cases = {{" %s %.2f (RMSE %.3f)", "x", a, b},
                    {"%s demand (ADI %.2f %s 1.32, CV² %.2f %s 0.49)", "smooth", a, "<", b, "≥"}};
            for (Object[] c : cases) {
                Object[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
                assertEquals(String.format(java.util.Locale.ROOT, (String) c[0], args),
                        String.format(java.util.Locale.US, (String) c[0], args));
            }
            assertEquals(String.format(java.util.Locale.ROOT, "(~%d buckets) %.1f", run - 50_000, a),
                    String.format(java.util.Locale.US, "(~%d buckets) %.1f", run - 50_000, a));
        }
    }

    /**
     * The by_step figures skip Double.toString between 0.001 and 268.4. Every m in that range was checked once
     * (268 million Double.toString calls, minutes of CPU); this samples them and walks the digit-count edges.
     */
    @Test
    void millionthsAreWhatDoubleToStringWrites() {
        SplittableRandom random = new SplittableRandom(11);
        List<Long> ms = new ArrayList<>();
        for (long m = SkuDemandEngine.FAST_MIN; m < 300_000; m++) {
            ms.add(m);
        }
        for (long p = 1_000; p < SkuDemandEngine.FAST_LIMIT; p *= 10) {
            for (long d = -1_000; d <= 1_000; d++) {
                ms.add(p + d);
            }
        }
        for (int i = 0; i < 2_000_000; i++) {
            ms.add(random.nextLong(SkuDemandEngine.FAST_MIN, SkuDemandEngine.FAST_LIMIT));
        }
        ms.add(SkuDemandEngine.FAST_LIMIT - 1);
        StringBuilder sb = new StringBuilder();
        for (long m : ms) {
            if (m < SkuDemandEngine.FAST_MIN || m >= SkuDemandEngine.FAST_LIMIT) {
                continue;
            }
            sb.setLength(0);
            SkuDemandEngine.appendMillionths(sb, m);
            assertEquals(Double.toString(m / 1e6), sb.toString(), "m = " + m);
        }
    }
}
