package com.neuronexus.streams.operators.demand.flink;

import com.neuronexus.streams.operators.state.KeyedHarness;
import static com.neuronexus.streams.operators.demand.flink.DemandFunctionTest.DAY;
import static com.neuronexus.streams.operators.demand.flink.DemandFunctionTest.T0;
import static com.neuronexus.streams.operators.demand.flink.DemandFunctionTest.item;
import static com.neuronexus.streams.operators.demand.flink.DemandFunctionTest.stock;
import static com.neuronexus.streams.operators.demand.flink.DemandFunctionTest.usage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.events.StockMovementType;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.ReorderRecommendation;
import com.neuronexus.streams.operators.demand.DemandConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * The demand operator's input buffer: bucketed by event time, and state written before the buckets (one pending
 * {@code ListState} per key, "demand-pending") still applied, in order, after an upgrade.
 */
class EventTimeBufferTest {

    /** Buffers as the demand operator did before the buckets: one list per key, a timer per input. */
    static final class ListBufferingDemandFunction extends DemandFunction {
        private static final long serialVersionUID = 1L;
        private transient ListState<DemandInput> legacy;

        ListBufferingDemandFunction() {
            super(DemandConfig.defaults());
        }

        @Override
        public void open(OpenContext openContext) {
            super.open(openContext);
            legacy = getRuntimeContext().getListState(
                    new ListStateDescriptor<>("demand-pending", TypeInformation.of(DemandInput.class)));
        }

        @Override
        public void processElement(DemandInput input, Context ctx, Collector<ReorderRecommendation> out)
                throws Exception {
            legacy.add(input);
            ctx.timerService().registerEventTimeTimer(input.ts());
        }
    }

    /** On RocksDB the harness cannot count state entries: {@link #onHeapTheOldListsLeaveNothingBehind} does. */
    private boolean rocksDb = true;

    KeyedOneInputStreamOperatorTestHarness<String, DemandInput, ReorderRecommendation> harness(
            DemandFunction f, OperatorSubtaskState restoreFrom) throws Exception {
        return KeyedHarness.open(f, DemandInput::sku, rocksDb ? new EmbeddedRocksDBStateBackend() : null, restoreFrom);
    }

    static List<DemandInput> days(String sku, int from, int to) {
        List<DemandInput> in = new ArrayList<>();
        for (int d = from; d < to; d++) {
            in.add(usage(sku, T0 + d * DAY + 3_600_000L, 4 + d % 5));
            in.add(stock(sku, T0 + d * DAY + 3_600_000L, StockMovementType.RECEIPT, 2)); // same instant as the usage
            if (d % 6 == 0) {
                in.add(stock(sku, T0 + d * DAY + 7_200_000L, StockMovementType.COUNT, 60));
            }
        }
        return in;
    }

    /** Every record out, main and side outputs, as JSON lines in the order emitted per output. */
    static List<String> outputs(KeyedOneInputStreamOperatorTestHarness<String, DemandInput, ReorderRecommendation> h) {
        List<String> lines = new ArrayList<>();
        h.extractOutputValues().forEach(r -> lines.add("rec " + Json.toText(r)));
        DemandFunctionTest.forecasts(h).forEach(f -> lines.add("forecast " + Json.toText(f)));
        return lines;
    }

    static void pushAll(KeyedOneInputStreamOperatorTestHarness<String, DemandInput, ReorderRecommendation> h,
            List<DemandInput> inputs) throws Exception {
        for (DemandInput in : inputs) {
            h.processElement(new StreamRecord<>(in, in.ts()));
        }
    }

    @Test
    void onHeapTheOldListsLeaveNothingBehind() throws Exception {
        rocksDb = false;
        pendingListsFromBeforeTheBucketsAreAppliedInOrderAfterAnUpgrade();
    }

    @Test
    void pendingListsFromBeforeTheBucketsAreAppliedInOrderAfterAnUpgrade() throws Exception {
        List<DemandInput> early = new ArrayList<>();
        early.add(item("a", T0, true));
        early.add(item("b", T0, true));
        early.addAll(days("a", 0, 10));
        early.addAll(days("b", 0, 10));
        // Ahead of the watermark, the way a catch-up leaves them: days 10..17, in reverse arrival order.
        List<DemandInput> ahead = new ArrayList<>(days("a", 10, 18));
        ahead.addAll(days("b", 10, 18));
        java.util.Collections.reverse(ahead);
        List<DemandInput> after = days("b", 18, 20); // b's first touch after the upgrade is an input, a's a timer
        long wm1 = T0 + 10 * DAY;
        long wm2 = T0 + 13 * DAY + 3_600_000L; // exactly at inputs of day 13
        long wm3 = T0 + 25 * DAY;

        // Reference: the bucketed buffer all along, outputs taken in the same two parts.
        var ref = harness(new DemandFunction(DemandConfig.defaults()), null);
        pushAll(ref, early);
        ref.processWatermark(new Watermark(wm1));
        List<String> refFirst = outputs(ref);
        ref.getOutput().clear();
        if (ref.getSideOutput(DemandFunction.FORECASTS) != null) {
            ref.getSideOutput(DemandFunction.FORECASTS).clear();
        }
        pushAll(ref, ahead);
        pushAll(ref, after);
        ref.processWatermark(new Watermark(wm2));
        ref.processWatermark(new Watermark(wm3));
        List<String> refSecond = outputs(ref);
        int refEntries = rocksDb ? -1 : ref.numKeyedStateEntries();
        int refTimers = ref.numEventTimeTimers();
        ref.close();

        // Upgrade: up to wm1 the same, then inputs land in the old list (a timer each), snapshot, restore.
        var first = harness(new DemandFunction(DemandConfig.defaults()), null);
        pushAll(first, early);
        first.processWatermark(new Watermark(wm1));
        assertEquals(refFirst, outputs(first));
        OperatorSubtaskState s1 = first.snapshot(1, wm1);
        first.close();

        var old = harness(new ListBufferingDemandFunction(), s1);
        pushAll(old, ahead);
        assertTrue(old.numEventTimeTimers() > 2 * 8, "a timer per buffered instant");
        OperatorSubtaskState s2 = old.snapshot(2, wm1);
        old.close();

        var upgraded = harness(new DemandFunction(DemandConfig.defaults()), s2);
        pushAll(upgraded, after);
        upgraded.processWatermark(new Watermark(wm2));
        upgraded.processWatermark(new Watermark(wm3));
        List<String> second = outputs(upgraded);
        assertTrue(second.stream().anyMatch(l -> l.startsWith("forecast")), "days 10..24 closed with forecasts");
        assertTrue(second.size() > 2 * 8, "the old lists' inputs were applied");
        assertEquals(refSecond, second, "the same records in the same order as without the upgrade");
        if (!rocksDb) {
            assertEquals(refEntries, upgraded.numKeyedStateEntries(), "the old lists are gone, nothing else left over");
            assertEquals(2, refEntries, "per SKU only its engine: no inputs wait, no old list");
        }
        assertEquals(refTimers, upgraded.numEventTimeTimers(), "no timer left over");
        upgraded.close();
    }
}
