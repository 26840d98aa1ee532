package com.neuronexus.streams.operators.demand.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.events.ItemEvent;
import com.neuronexus.streams.core.events.StockEvent;
import com.neuronexus.streams.core.events.StockMovementType;
import com.neuronexus.streams.core.events.UsageEvent;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.Forecast;
import com.neuronexus.streams.core.outputs.ReorderRecommendation;
import com.neuronexus.streams.operators.demand.DemandConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DemandFunctionTest {
    static final long DAY = 86_400_000L;
    static final long T0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();

    static KeyedOneInputStreamOperatorTestHarness<String, DemandInput, ReorderRecommendation> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DemandFunction(DemandConfig.defaults())), DemandInput::sku, Types.STRING);
        h.open();
        return h;
    }

    static DemandInput usage(String sku, long ts, double qty) {
        return DemandInput.of(new UsageEvent("u-" + sku + "-" + ts, Instant.ofEpochMilli(ts), sku, qty, null, null));
    }

    static DemandInput item(String sku, long ts, boolean active) {
        return DemandInput.of(new ItemEvent("i-" + sku + "-" + ts, Instant.ofEpochMilli(ts), sku, "n", 2.0, 5, null,
                null, 1.0, null, active, null));
    }

    static DemandInput stock(String sku, long ts, StockMovementType type, double qty) {
        return DemandInput.of(new StockEvent("s-" + sku + "-" + ts, Instant.ofEpochMilli(ts), sku, type, qty, null));
    }

    static void push(KeyedOneInputStreamOperatorTestHarness<String, DemandInput, ReorderRecommendation> h, DemandInput in)
            throws Exception {
        h.processElement(new StreamRecord<>(in, in.ts()));
    }

    static List<Forecast> forecasts(KeyedOneInputStreamOperatorTestHarness<String, DemandInput, ReorderRecommendation> h) {
        List<Forecast> list = new ArrayList<>();
        var side = h.getSideOutput(DemandFunction.FORECASTS);
        if (side != null) {
            side.forEach(r -> list.add(r.getValue()));
        }
        return list;
    }

    @Test
    void bucketsCloseOnWatermarksIncludingEmptyOnes() throws Exception {
        var h = harness();
        // usage on days 0..4 only; the watermark then runs to day 20: days 5..19 close with zero demand
        for (int d = 0; d < 5; d++) {
            push(h, usage("s1", T0 + d * DAY + 3_600_000L, 10));
        }
        h.processWatermark(new Watermark(T0 + 5 * DAY - 1));
        assertTrue(forecasts(h).isEmpty(), "day 4 is still open");
        assertEquals(1, h.numEventTimeTimers(), "only the open bucket's timer remains");
        h.processWatermark(new Watermark(T0 + 20 * DAY));
        List<Forecast> fs = forecasts(h);
        assertEquals(20 - 11, fs.size(), "forecasts from the 12th closed bucket on, one per close");
        assertEquals(Instant.ofEpochMilli(T0 + 12 * DAY), fs.get(0).asOf());
        assertEquals(20, fs.get(fs.size() - 1).historyBuckets());
        assertTrue(fs.get(fs.size() - 1).points()[0] < 10, "zero buckets pull the forecast down");
        // end of a bounded input: the last bucket with events closes, then the timer chain stops
        push(h, usage("s1", T0 + 20 * DAY + 5, 1));
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertEquals(fs.size() + 1, forecasts(h).size());
        assertEquals(0, h.numEventTimeTimers());
        h.close();
    }

    @Test
    void stockCrossingTheReorderPointRecommendsAtTheWatermark() throws Exception {
        var h = harness();
        push(h, item("s2", T0, true));
        push(h, stock("s2", T0 + 1, StockMovementType.COUNT, 1000));
        for (int d = 0; d < 14; d++) {
            push(h, usage("s2", T0 + d * DAY + 10, 10));
        }
        h.processWatermark(new Watermark(T0 + 14 * DAY));
        int before = h.extractOutputValues().size();
        long now = T0 + 14 * DAY + 5_000;
        push(h, stock("s2", now, StockMovementType.COUNT, 20));
        assertEquals(before, h.extractOutputValues().size(), "held until the watermark passes it");
        h.processWatermark(new Watermark(now));
        List<ReorderRecommendation> recs = h.extractOutputValues();
        ReorderRecommendation last = recs.get(recs.size() - 1);
        assertTrue(last.shouldReorder(), last.reason());
        assertEquals(Instant.ofEpochMilli(now), last.asOf());
        assertEquals("STOCK", last.triggeredBy());
        h.close();
    }

    @Test
    void arrivalOrderDoesNotChangeTheOutput() throws Exception {
        List<DemandInput> inputs = new ArrayList<>();
        inputs.add(item("s3", T0, true));
        for (int d = 0; d < 30; d++) {
            inputs.add(usage("s3", T0 + d * DAY + 1000, 5 + d % 4));
            inputs.add(stock("s3", T0 + d * DAY + 1000, StockMovementType.RECEIPT, 3)); // same ts as usage
            if (d % 7 == 0) {
                inputs.add(stock("s3", T0 + d * DAY + 2000, StockMovementType.COUNT, 40));
            }
        }
        String a = runInOrder(inputs);
        List<DemandInput> shuffled = new ArrayList<>(inputs);
        // out of order within each day (the watermark is pushed per day)
        Collections.reverse(shuffled);
        shuffled.sort((x, y) -> Long.compare(x.ts() / DAY, y.ts() / DAY));
        String b = runInOrder(shuffled);
        assertEquals(a, b);
        assertFalse(a.isEmpty());
    }

    private static String runInOrder(List<DemandInput> inputs) throws Exception {
        var h = harness();
        long day = -1;
        for (DemandInput in : inputs) {
            long d = in.ts() / DAY;
            if (day >= 0 && d != day) {
                h.processWatermark(new Watermark(d * DAY - 1));
            }
            day = d;
            push(h, in);
        }
        h.processWatermark(new Watermark(T0 + 40 * DAY));
        String out = Json.toText(h.extractOutputValues()) + Json.toText(forecasts(h));
        h.close();
        return out;
    }

    @Test
    void retiredItemLeavesNoStateOrTimers() throws Exception {
        var h = harness();
        push(h, item("s4", T0, true));
        for (int d = 0; d < 15; d++) {
            push(h, usage("s4", T0 + d * DAY + 10, 3));
        }
        push(h, usage("other", T0 + 10, 1));
        h.processWatermark(new Watermark(T0 + 15 * DAY));
        assertTrue(h.numKeyedStateEntries() > 0);
        assertEquals(2, h.numEventTimeTimers(), "one open bucket timer per SKU");
        push(h, item("s4", T0 + 15 * DAY + 100, false));
        h.processWatermark(new Watermark(T0 + 15 * DAY + 100));
        assertEquals(1, h.numEventTimeTimers(), "only the other SKU's timer is left");
        assertEquals(1, h.numKeyedStateEntries(), "only the other SKU's engine is left");
        // ABC then tells the retired SKU it is C now: that must not bring its state back
        long later = T0 + 16 * DAY;
        push(h, DemandInput.of(new AbcAssignment("s4", "C", Instant.ofEpochMilli(later), 0)));
        h.processWatermark(new Watermark(later));
        assertEquals(1, h.numKeyedStateEntries());
        assertEquals(1, h.numEventTimeTimers());
        h.close();
    }
}
