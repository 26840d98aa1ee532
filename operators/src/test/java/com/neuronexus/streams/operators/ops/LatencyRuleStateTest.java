package com.neuronexus.streams.operators.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
                } else {
                    throw new AssertionError("LatencyRuleStateTest does not know the type of field " + f.getName() + ": " + t);
                }
            }
            ByteBuffer buffer = ByteBuffer.allocate(LatencyRuleState.BYTES);
            s.write(buffer);
            assertEquals(LatencyRuleState.BYTES, buffer.position(), "BYTES is the written size");
            LatencyRuleState back = LatencyRuleState.read(buffer.flip());
            for (Field f : LatencyRuleState.class.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    assertEquals(f.get(s), f.get(back), "field " + f.getName() + " does not round-trip");
                }
            }
        }
    }

    /** Route memory from before the mean rule pooled windows ends 16 bytes earlier: it reads with an empty pool. */
    @Test
    void bytesWrittenBeforeThePoolReadWithAnEmptyPool() {
        LatencyRuleState s = new LatencyRuleState();
        s.meanBaseline = 51.5;
        s.meanWindows = 9;
        s.meanFiring = true;
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(LatencyRuleState.BYTES);
        s.write(out);
        java.nio.ByteBuffer old = java.nio.ByteBuffer.wrap(out.array(), 0, LatencyRuleState.BYTES - 16);
        LatencyRuleState back = LatencyRuleState.read(old);
        org.junit.jupiter.api.Assertions.assertEquals(51.5, back.meanBaseline);
        org.junit.jupiter.api.Assertions.assertEquals(9, back.meanWindows);
        org.junit.jupiter.api.Assertions.assertTrue(back.meanFiring);
        org.junit.jupiter.api.Assertions.assertEquals(0, back.meanPoolRequests);
        org.junit.jupiter.api.Assertions.assertEquals(0, old.remaining());
    }
}
