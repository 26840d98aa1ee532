package com.neuronexus.streams.tools.generator;

import java.util.SplittableRandom;

/**
 * Seeded randomness. Every random decision draws from a generator derived from (seed, stream, entity, day),
 * never from the wall clock, so a workload is a pure function of its seed and start, and one entity's events
 * do not change when another entity is added.
 */
final class Rand {
    private Rand() {}

    static SplittableRandom of(long seed, String stream, long entity, long day) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ stream.hashCode());
        h = mix(h + entity * 0xBF58476D1CE4E5B9L);
        h = mix(h + day * 0x94D049BB133111EBL);
        return new SplittableRandom(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Standard normal by Box-Muller, written out so the sequence does not depend on the JDK's algorithm. */
    static double gaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    static double lognormal(SplittableRandom r, double median, double sigma) {
        return median * Math.exp(sigma * gaussian(r));
    }

    static int poisson(SplittableRandom r, double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda > 30) {
            return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(r)));
        }
        double limit = Math.exp(-lambda);
        double p = 1.0;
        int k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > limit);
        return k - 1;
    }

    static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    static <T> T pick(SplittableRandom r, java.util.List<T> items) {
        return items.get(r.nextInt(items.size()));
    }
}
