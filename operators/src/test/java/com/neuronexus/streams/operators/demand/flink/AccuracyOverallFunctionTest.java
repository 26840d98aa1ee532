package com.neuronexus.streams.operators.demand.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.outputs.ForecastAccuracy;
import java.time.Instant;
import java.util.ArrayList;
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

    private static KeyedOneInputStreamOperatorTestHarness<String, ForecastAccuracy, ForecastAccuracy> harness()
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AccuracyOverallFunction(1.5)),
                (ForecastAccuracy r) -> AccuracyOverallFunction.GLOBAL_KEY, Types.STRING);
        h.open();
        return h;
    }

    /** Rows and their record timestamps, in output order. */
    private static List<String> emitted(KeyedOneInputStreamOperatorTestHarness<String, ForecastAccuracy, ?> h) {
        List<String> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                ForecastAccuracy a = (ForecastAccuracy) r.getValue();
                out.add(r.getTimestamp() + " " + a.sku() + " " + a.asOf() + " " + a.mape() + " " + a.highVariance()
                        + " " + a.scored());
            }
        }
        return out;
    }

    /**
     * A catch-up's watermark step passes many instants at once (rows moved aside for their own timers): same rows,
     * same record timestamps, same overall rows as one watermark per instant, also with a row that arrives behind
     * the watermark and rows of instants beyond it; no state or timer left behind.
     */
    @Test
    void oneWatermarkStepOverManyInstantsGivesWhatOneStepPerInstantGives() throws Exception {
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        long day = 86_400_000L;
        List<ForecastAccuracy> rows = new ArrayList<>();
        for (int d = 0; d < 8; d++) {
            for (String sku : List.of("s3", "s1", "s2")) {
                Double mape = d % 3 == 0 && sku.equals("s2") ? null : 10.0 + (d * 7) % 5 + sku.charAt(1) * 3 % 11;
                rows.add(row(sku, t0.plusMillis(d * day), mape));
            }
        }
        ForecastAccuracy late = row("s0", t0.plusMillis(2 * day), 55.0);
        // One watermark per instant; the late row after instant 4's.
        var stepwise = harness();
        for (int d = 0; d < 8; d++) {
            for (ForecastAccuracy r : rows.subList(d * 3, d * 3 + 3)) {
                stepwise.processElement(new StreamRecord<>(r, r.asOf().toEpochMilli()));
            }
            if (d == 5) {
                stepwise.processElement(new StreamRecord<>(late, late.asOf().toEpochMilli()));
            }
            stepwise.processWatermark(new Watermark(t0.toEpochMilli() + d * day));
        }
        // Rows of instants 0–5 ahead of one watermark over 0–4, the late row, the rest, one watermark over 5–7.
        var batched = harness();
        for (ForecastAccuracy r : rows.subList(0, 18)) {
            batched.processElement(new StreamRecord<>(r, r.asOf().toEpochMilli()));
        }
        batched.processWatermark(new Watermark(t0.toEpochMilli() + 4 * day));
        batched.processElement(new StreamRecord<>(late, late.asOf().toEpochMilli()));
        for (ForecastAccuracy r : rows.subList(18, 24)) {
            batched.processElement(new StreamRecord<>(r, r.asOf().toEpochMilli()));
        }
        batched.processWatermark(new Watermark(t0.toEpochMilli() + 7 * day));

        List<String> expected = emitted(stepwise);
        assertEquals(8 * 4 + 2, expected.size(), expected.toString());
        assertTrue(expected.get(5 * 4).contains(" s0 "), "the late row comes first at the next step: " + expected);
        assertEquals(expected, emitted(batched));
        assertEquals(0, batched.numEventTimeTimers());
        assertEquals(stepwise.numKeyedStateEntries(), batched.numKeyedStateEntries(), "only the latest MAPEs remain");
        assertEquals(1, batched.numKeyedStateEntries(), "the latest-MAPE map only: no pending or passed rows left");
        stepwise.close();
        batched.close();
    }
}
