package com.neuronexus.streams.operators.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyRuleStateTest {

    @Test
    void everyFieldRoundTripsThroughItsBytes() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 1_000; i++) {
            LatencyRuleState s = new LatencyRuleState();
            for (Field f : LatencyRuleState.class.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                Class<?> t = f.getType();
                if (t == boolean.class) {
                    f.setBoolean(s, random.nextBoolean());
                } else if (t == long.class) {
                    f.setLong(s, random.nextLong());
                } else if (t == double.class) {
                    f.setDouble(s, random.nextDouble() * 1e4);
                } else if (t == long[].class) {
                    f.set(s, random.longs(random.nextInt(4)).toArray());
                } else {
                    throw new AssertionError("LatencyRuleStateTest does not know the type of field " + f.getName() + ": " + t);
                }
            }
            ByteBuffer buffer = ByteBuffer.allocate(s.bytes());
            s.write(buffer);
            assertEquals(s.bytes(), buffer.position(), "bytes() is the written size");
            LatencyRuleState back = LatencyRuleState.read(buffer.flip());
            for (Field f : LatencyRuleState.class.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    Object expected = f.get(s);
                    Object actual = f.get(back);
                    if (expected instanceof long[] e) {
                        assertArrayEquals(e, (long[]) actual, "field " + f.getName() + " does not round-trip");
                    } else {
                        assertEquals(expected, actual, "field " + f.getName() + " does not round-trip");
                    }
                }
            }
        }
    }

    /** Route memory from before the mean rule pooled windows ends 36 bytes earlier: it reads with an empty pool. */
    @Test
    void bytesWrittenBeforeThePoolReadWithAnEmptyPool() {
        LatencyRuleState s = new LatencyRuleState();
        s.meanBaseline = 51.5;
        s.meanWindows = 9;
        s.meanFiring = true;
        LatencyRuleState back = readWithoutTheLast(s, 36);
        assertEquals(51.5, back.meanBaseline);
        assertEquals(9, back.meanWindows);
        assertTrue(back.meanFiring);
        assertEquals(0, back.meanPoolRequests);
        assertEquals(Long.MIN_VALUE, back.earlyBreachEnd);
    }

    /** Route memory from before the early rule kept its own episodes ends 20 bytes earlier: none yet. */
    @Test
    void bytesWrittenBeforeEarlyEpisodesReadWithNone() {
        LatencyRuleState s = new LatencyRuleState();
        s.meanPoolRequests = 7;
        s.meanPoolSumMs = 12.5;
        s.errorFiring = true;
        LatencyRuleState back = readWithoutTheLast(s, 20);
        assertEquals(7, back.meanPoolRequests);
        assertEquals(12.5, back.meanPoolSumMs);
        assertTrue(back.errorFiring);
        assertEquals(Long.MIN_VALUE, back.earlyBreachEnd);
        assertEquals(0, back.earlyRaisedEnds.length);
        assertEquals(Long.MIN_VALUE, back.lastSlidingEnd);
    }

    /** Writes the state, cuts the last bytes off (what an older version did not write) and reads it all back. */
    private static LatencyRuleState readWithoutTheLast(LatencyRuleState s, int bytes) {
        ByteBuffer out = ByteBuffer.allocate(s.bytes());
        s.write(out);
        ByteBuffer old = ByteBuffer.wrap(out.array(), 0, s.bytes() - bytes);
        LatencyRuleState back = LatencyRuleState.read(old);
        assertEquals(0, old.remaining());
        return back;
    }
}
