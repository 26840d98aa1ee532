package com.neuronexus.streams.operators.demand.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.neuronexus.streams.core.events.ItemEvent;
import com.neuronexus.streams.core.events.UsageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class AbcFunctionsTest {
    static final long DAY = 86_400_000L;
    static final long T0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();

    @Test
    void annualValueIsEmittedAtDayEndAndRetiredItemsAreForgotten() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AnnualUsageFunction()), DemandInput::sku, Types.STRING);
        h.open();
        h.processElement(new StreamRecord<>(DemandInput.of(new UsageEvent("u1", Instant.ofEpochMilli(T0 + 5), "a", 4, null, 2.5)), T0 + 5));
        h.processElement(new StreamRecord<>(DemandInput.of(new UsageEvent("u2", Instant.ofEpochMilli(T0 + DAY + 5), "a", 1, null, 2.5)), T0 + DAY + 5));
        h.processWatermark(new Watermark(T0 + DAY));
        List<AbcValue> values = h.extractOutputValues();
        assertEquals(List.of(new AbcValue("a", T0 + DAY, 10.0)), values, "tomorrow's usage is not in today's value");
        ItemEvent retire = new ItemEvent("i", Instant.ofEpochMilli(T0 + DAY + 10), "a", "n", 3.0, 1, null, null, null, null, false, null);
        h.processElement(new StreamRecord<>(DemandInput.of(retire), T0 + DAY + 10));
        h.processWatermark(new Watermark(T0 + DAY + 10));
        assertEquals(0.0, h.extractOutputValues().get(1).annualValue());
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
        h.close();
    }

    @Test
    void classesDoNotDependOnArrivalOrder() throws Exception {
        List<AbcValue> values = List.of(
                new AbcValue("a", T0 + DAY, 1000), new AbcValue("b", T0 + DAY, 150), new AbcValue("c", T0 + DAY, 50),
                new AbcValue("c", T0 + 2 * DAY, 5000)); // next day c becomes the top SKU
        Map<String, String> forward = run(values);
        List<AbcValue> reversed = new ArrayList<>(values);
        java.util.Collections.reverse(reversed);
        assertEquals(forward, run(reversed));
        assertEquals(Map.of("a@1", "A", "b@1", "B", "c@1", "C", "a@2", "B", "c@2", "A", "b@2", "C"), forward);
    }

    private static Map<String, String> run(List<AbcValue> values) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AbcClassFunction(0.80, 0.95)), (AbcValue v) -> AbcClassFunction.GLOBAL_KEY,
                Types.STRING);
        h.open();
        for (AbcValue v : values) {
            h.processElement(new StreamRecord<>(v, v.ts()));
        }
        h.processWatermark(new Watermark(T0 + 3 * DAY));
        Map<String, String> out = new TreeMap<>();
        for (AbcAssignment a : h.extractOutputValues()) {
            out.put(a.sku() + "@" + (a.ts().toEpochMilli() - T0) / DAY, a.abcClass());
        }
        h.close();
        return out;
    }
}
