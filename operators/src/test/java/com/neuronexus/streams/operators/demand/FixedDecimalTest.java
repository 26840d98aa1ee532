package com.neuronexus.streams.operators.demand;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FixedDecimalTest {

    private static void check(double x) {
        for (int decimals = 0; decimals <= 4; decimals++) {
            String expected = String.format(Locale.US, "%." + decimals + "f", x);
            assertEquals(expected, FixedDecimal.append(new StringBuilder(), x, decimals).toString(),
                    x + " with " + decimals + " decimals");
        }
    }

    @Test
    void writesWhatTheFormatterWritesOnEdgeCases() {
        for (double x : new double[] {0.0, -0.0, 0.5, 0.05, 0.045, 0.0005, 0.00049, -0.0004, 0.9995, 9.9995, 99.995,
                999.5, 1e-3, 9.99e-4, 1e7, 9999999.9995, 1.0005, 2.675, 1.32, 0.49, 123456.789, Double.MIN_VALUE,
                Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            check(x);
            check(-x);
        }
    }

    @Test
    void writesWhatTheFormatterWritesOnRandomValues() {
        SplittableRandom random = new SplittableRandom(20261130);
        for (int i = 0; i < 200_000; i++) {
            double x = switch (i % 5) {
                case 0 -> random.nextDouble() * 10; // RMSEs, ADI, CV²
                case 1 -> Math.round(random.nextDouble() * 100_000) / 1000.0 + (random.nextBoolean() ? 0.0005 : 0); // ties
                case 2 -> Math.pow(10, random.nextDouble() * 14 - 6) * (random.nextBoolean() ? 1 : -1); // every scale
                case 3 -> Double.longBitsToDouble(random.nextLong()); // any bits
                default -> (random.nextInt(200_000) - 100_000) / 2000.0;
            };
            check(x);
        }
    }
}
