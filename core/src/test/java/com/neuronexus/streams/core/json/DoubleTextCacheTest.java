package com.neuronexus.streams.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DoubleTextCacheTest {
    @Test
    void givesDoubleToStringForEveryValueHitOrMiss() {
        DoubleTextCache cache = new DoubleTextCache();
        SplittableRandom random = new SplittableRandom(7);
        double[] recent = new double[64];
        for (int i = 0; i < 500_000; i++) {
            double value = switch (random.nextInt(5)) {
                case 0 -> recent[random.nextInt(recent.length)]; // repeated: mostly hits
                case 1 -> random.nextDouble() * 1000;
                case 2 -> random.nextInt(1000) / 60.0;
                case 3 -> random.nextBoolean() ? 0.0 : -0.0;
                default -> Double.longBitsToDouble(random.nextLong());
            };
            recent[random.nextInt(recent.length)] = value;
            assertEquals(Double.toString(value), cache.text(value), () -> "bits " + Double.doubleToRawLongBits(value));
        }
    }
}
