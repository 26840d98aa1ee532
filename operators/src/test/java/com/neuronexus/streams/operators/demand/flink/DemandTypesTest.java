package com.neuronexus.streams.operators.demand.flink;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.outputs.Forecast;
import com.neuronexus.streams.core.outputs.ForecastAccuracy;
import com.neuronexus.streams.core.outputs.ReorderRecommendation;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** Everything the demand operators keep or send is a Flink POJO all the way down: no Kryo fallback. */
class DemandTypesTest {
    @Test
    void noKryo() {
        for (Class<?> type : List.of(DemandInput.class, AbcValue.class, AbcAssignment.class, Forecast.class,
                ForecastAccuracy.class, ReorderRecommendation.class, Signal.class)) {
            TypeInformation<?> info = TypeInformation.of(type);
            assertTrue(info instanceof PojoTypeInfo, type + " is " + info);
            assertNoGeneric(info, type.getSimpleName());
        }
    }

    private static void assertNoGeneric(TypeInformation<?> info, String path) {
        assertFalse(info instanceof GenericTypeInfo, path + " falls back to Kryo: " + info);
        if (info instanceof PojoTypeInfo<?> pojo) {
            for (int i = 0; i < pojo.getArity(); i++) {
                assertNoGeneric(pojo.getPojoFieldAt(i).getTypeInformation(), path + "." + pojo.getPojoFieldAt(i).getField().getName());
            }
        }
    }
}
