package com.neuronexus.streams.operators.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Detector state per series is a Flink POJO (no Kryo) of fixed size, whatever the series' length. */
class SeriesStateSizeTest {

    private static int serializedBytes(TypeSerializer<SeriesState> serializer, SeriesState state) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        serializer.serialize(state, out);
        return out.length();
    }

    @Test
    void boundedStateBytes() throws Exception {
        TypeInformation<SeriesState> info = TypeInformation.of(SeriesState.class);
        assertTrue(info instanceof PojoTypeInfo, "POJO, not Kryo: " + info);
        TypeSerializer<SeriesState> serializer = info.createSerializer(new SerializerConfigImpl());
        RobustAnomalyDetector detector = new RobustAnomalyDetector(DetectorConfig.defaults());
        SeriesState state = detector.newState();
        for (int i = 0; i < 100; i++) {
            detector.update(state, i * 60_000L, Math.sin(i));
        }
        int after100 = serializedBytes(serializer, state);
        for (int i = 100; i < 100_000; i++) {
            detector.update(state, i * 60_000L, Math.sin(i));
        }
        int after100k = serializedBytes(serializer, state);
        System.out.println("SeriesState serialized bytes: " + after100k);
        assertEquals(after100, after100k, "state does not grow with the series");
        assertTrue(after100k < 1024, "under 1 KB per series: " + after100k);

        TypeInformation<LatencyRuleState> rules = TypeInformation.of(LatencyRuleState.class);
        assertTrue(rules instanceof PojoTypeInfo, "POJO, not Kryo: " + rules);
    }

    /**
     * Per (service, route): the rules' state and at most size/slide = 6 pane sketches (plus the tumbling pane
     * being filled). A pane's bytes grow with the spread of its latencies, not with its request count.
     */
    @Test
    void boundedRouteStateBytes() throws Exception {
        TypeSerializer<LatencyRuleState> rules = TypeInformation.of(LatencyRuleState.class).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        rules.serialize(new LatencyRuleState(), out);
        int ruleBytes = out.length();
        java.util.Random random = new java.util.Random(1);
        LatencyStats one = new LatencyStats(0.01).add(200, 45);
        LatencyStats busy = new LatencyStats(0.01);
        LatencyStats huge = new LatencyStats(0.01);
        for (int i = 0; i < 1_000; i++) {
            busy.add(200, 45 * Math.exp(0.5 * random.nextGaussian()));
        }
        for (int i = 0; i < 100_000; i++) {
            huge.add(200, 45 * Math.exp(0.5 * random.nextGaussian()));
        }
        int oneBytes = one.toBytes().length;
        int busyBytes = busy.toBytes().length;
        int hugeBytes = huge.toBytes().length;
        System.out.printf("LatencyRuleState %d bytes; pane sketch: 1 request %d, 1 000 requests %d, 100 000 requests %d bytes%n",
                ruleBytes, oneBytes, busyBytes, hugeBytes);
        assertTrue(ruleBytes < 128, "rules: " + ruleBytes);
        assertTrue(busyBytes < 1024, "a busy pane: " + busyBytes);
        assertTrue(hugeBytes < 2 * busyBytes, "a pane does not grow with its request count: " + hugeBytes);
    }
}
