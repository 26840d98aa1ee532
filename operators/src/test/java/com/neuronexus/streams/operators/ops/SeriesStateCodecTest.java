package com.neuronexus.streams.operators.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeriesStateCodecTest {

    /** Every instance field of SeriesState, set to a random value (arrays of random length, or null). */
    private static SeriesState randomState(SplittableRandom random) throws Exception {
        SeriesState s = new SeriesState();
        for (Field f : SeriesState.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            Class<?> t = f.getType();
            if (t == long.class) {
                f.setLong(s, random.nextLong());
            } else if (t == int.class) {
                f.setInt(s, random.nextInt());
            } else if (t == double.class) {
                f.setDouble(s, random.nextDouble() * 1e6 - 5e5);
            } else if (t == boolean.class) {
                f.setBoolean(s, random.nextBoolean());
            } else if (t.isArray()) {
                if (random.nextInt(5) == 0) {
                    f.set(s, null);
                    continue;
                }
                int n = random.nextInt(40);
                Object array = Array.newInstance(t.getComponentType(), n);
                for (int i = 0; i < n; i++) {
                    Class<?> c = t.getComponentType();
                    Object v = c == long.class ? (Object) random.nextLong() : c == int.class ? (Object) random.nextInt()
                            : c == double.class ? (Object) random.nextDouble() : null;
                    if (v == null) {
                        throw new AssertionError("SeriesStateCodecTest does not know arrays of " + c + " (" + f.getName() + ")");
                    }
                    Array.set(array, i, v);
                }
                f.set(s, array);
            } else {
                throw new AssertionError("SeriesStateCodecTest does not know the type of field " + f.getName() + ": " + t);
            }
        }
        return s;
    }

    private static void assertSame(SeriesState expected, SeriesState actual) throws Exception {
        for (Field f : SeriesState.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            Object a = f.get(expected);
            Object b = f.get(actual);
            boolean same = a != null && a.getClass().isArray()
                    ? b != null && Objects.deepEquals(new Object[] {a}, new Object[] {b})
                    : Objects.equals(a, b);
            assertTrue(same, "field " + f.getName() + " does not round-trip");
        }
    }

    @Test
    void everyFieldRoundTripsAndTheSizeIsExact() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            SeriesState s = randomState(random);
            ByteBuffer buffer = ByteBuffer.allocate(SeriesStateCodec.size(s));
            SeriesStateCodec.write(s, buffer);
            assertEquals(buffer.capacity(), buffer.position(), "size() is the written size");
            buffer.flip();
            assertSame(s, SeriesStateCodec.read(buffer));
            assertEquals(0, buffer.remaining());
        }
    }

    @Test
    void aDetectorStateScoresTheSameAfterARoundTrip() throws Exception {
        RobustAnomalyDetector detector = new RobustAnomalyDetector(DetectorConfig.defaults());
        SeriesState kept = detector.newState();
        SeriesState coded = detector.newState();
        for (int i = 0; i < 5_000; i++) {
            double value = 50 + 10 * Math.sin(i / 30.0) + (i % 997 == 0 ? 400 : 0);
            RobustAnomalyDetector.Scored a = detector.update(kept, i * 60_000L, value);
            ByteBuffer buffer = ByteBuffer.allocate(SeriesStateCodec.size(coded));
            SeriesStateCodec.write(coded, buffer);
            coded = SeriesStateCodec.read(buffer.flip());
            RobustAnomalyDetector.Scored b = detector.update(coded, i * 60_000L, value);
            assertEquals(a, b);
        }
        assertSame(kept, coded);
    }
}
