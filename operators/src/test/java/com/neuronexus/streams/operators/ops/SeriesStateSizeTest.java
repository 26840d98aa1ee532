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
}
