package com.neuronexus.streams.operators.demand.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.outputs.ForecastAccuracy;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class AccuracyOverallFunctionTest {
    static ForecastAccuracy row(String sku, Instant t, Double mape) {
        return new ForecastAccuracy(sku, t, "DAY", 5, mape, 20.0, 1.0, 0.5, "[]", null, null, null, null, false);
    }

    @Test
    void flagsItemsAboveOneAndAHalfTimesTheAverage() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AccuracyOverallFunction(1.5)),
                (ForecastAccuracy r) -> AccuracyOverallFunction.GLOBAL_KEY, Types.STRING);
        h.open();
        Instant t = Instant.parse("2026-03-01T00:00:00Z");
        for (ForecastAccuracy r : List.of(row("c", t, 40.0), row("a", t, 10.0), row("b", t, 10.0), row("z", t, null))) {
            h.processElement(new StreamRecord<>(r, t.toEpochMilli()));
        }
        assertTrue(h.extractOutputValues().isEmpty(), "held until the watermark");
        h.processWatermark(new Watermark(t.toEpochMilli()));
        List<ForecastAccuracy> out = h.extractOutputValues();
        assertEquals(List.of("a", "b", "c", "z", "_overall"), out.stream().map(ForecastAccuracy::sku).toList());
        assertFalse(out.get(0).highVariance());
        assertTrue(out.get(2).highVariance(), "40 > 1.5 × 20");
        assertEquals(null, out.get(3).highVariance());
        assertEquals(20.0, out.get(4).mape(), 1e-12);
        assertEquals(3, out.get(4).scored(), 1e-12);
        assertEquals(0, h.numEventTimeTimers());
        h.close();
    }
}
