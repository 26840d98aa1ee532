package com.neuronexus.streams.operators.demand;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Service level per ABC class and its safety factor z. The class defaults keep the seed system's rounded
 * z (2.33 / 1.65 / 1.28, DESIGN §5) so recommendations stay comparable; any other (custom, per item)
 * level gets the exact inverse normal.
 */
public final class ServiceLevels {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private ServiceLevels() {}

    public static double forClass(String abcClass) {
        if (abcClass == null) {
            return 0.95;
        }
        return switch (abcClass) {
            case "A" -> 0.99;
            case "C" -> 0.90;
            default -> 0.95;
        };
    }

    public static double z(double serviceLevel) {
        if (Math.abs(serviceLevel - 0.99) < 1e-9) {
            return 2.33;
        }
        if (Math.abs(serviceLevel - 0.95) < 1e-9) {
            return 1.65;
        }
        if (Math.abs(serviceLevel - 0.90) < 1e-9) {
            return 1.28;
        }
        return exactZ(serviceLevel);
    }

    /** Inverse standard normal CDF, clamped to levels in [0.5, 0.9999]. */
    public static double exactZ(double level) {
        double clamped = Math.min(0.9999, Math.max(0.5, level));
        return STANDARD_NORMAL.inverseCumulativeProbability(clamped);
    }

    /** z of a two-sided interval with the given coverage, e.g. 0.95 → 1.96. */
    public static double intervalZ(double coverage) {
        return STANDARD_NORMAL.inverseCumulativeProbability(0.5 + coverage / 2);
    }
}
