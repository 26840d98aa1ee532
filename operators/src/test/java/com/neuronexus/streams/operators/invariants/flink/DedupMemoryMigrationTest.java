package com.neuronexus.streams.operators.invariants.flink;

import static com.neuronexus.streams.operators.invariants.LedgerEvents.count;
import static com.neuronexus.streams.operators.invariants.LedgerEvents.move;
import static com.neuronexus.streams.operators.invariants.LedgerEvents.ms;
import static com.neuronexus.streams.operators.invariants.flink.Harnesses.CONFIG;
import static com.neuronexus.streams.operators.invariants.flink.Harnesses.describe;
import static com.neuronexus.streams.operators.invariants.flink.Harnesses.push;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.neuronexus.streams.core.events.LedgerEvent;
import com.neuronexus.streams.core.events.Signal;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * Savepoint compatibility of the dedup memory: state written in the layout before the expiry buckets (the
 * {@code seen-event-ids} map and one {@code seen-prune-at} timer that pruned it by iterating) is honoured
 * after a restore, migrated into buckets at the key's first timer, and gone once its window has passed.
 */
class DedupMemoryMigrationTest {

    /** Writes the dedup state as EventTimeOrderedFunction did before the expiry buckets. */
    static final class LegacyDedupWriter extends KeyedProcessFunction<String, LedgerEvent, Signal> {
        private transient MapState<String, Long> seen;
        private transient ValueState<Long> pruneAt;

        @Override
        public void open(OpenContext openContext) {
            seen = getRuntimeContext().getMapState(new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.LONG));
            pruneAt = getRuntimeContext().getState(new ValueStateDescriptor<>("seen-prune-at", Types.LONG));
        }

        @Override
        public void processElement(LedgerEvent e, Context ctx, Collector<Signal> out) throws Exception {
            long ts = e.ts().toEpochMilli();
            seen.put(e.eventId(), ts);
            if (pruneAt.value() == null) {
                pruneAt.update(ts + CONFIG.dedupWindowMs());
                ctx.timerService().registerEventTimeTimer(ts + CONFIG.dedupWindowMs());
            }
        }
    }

    @Test
    void idsSeenBeforeTheBucketLayoutAreStillSkippedAndThenForgotten() throws Exception {
        OperatorSubtaskState savepoint;
        try (var legacy = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new LegacyDedupWriter()), LedgerEvent::sku, Types.STRING)) {
            legacy.open();
            push(legacy, move("m1", 10, "A", -8), move("m2", 20, "A", -1));
            savepoint = legacy.snapshot(1, 1);
        }

        var restored = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new StockInvariantsFunction(CONFIG)), LedgerEvent::sku, Types.STRING);
        restored.initializeState(savepoint);
        restored.open();
        assertEquals(1, restored.numEventTimeTimers(), "the old prune timer came along");
        // The moves are redelivered after the restore; applied again they would take the stock below zero
        // and unbalance the next count.
        push(restored, count("c0", 5, "A", 5), move("m1", 10, "A", -8), move("m2", 20, "A", -1),
                count("c1", 30, "A", 5));
        restored.processWatermark(ms(30));
        assertEquals(List.of(), describe(restored.extractOutputValues()), "the old dedup memory was honoured");

        // A fresh instance fed only the new events: what the restored one must shrink to once the window passed.
        try (var fresh = Harnesses.open(new StockInvariantsFunction(CONFIG), LedgerEvent::sku)) {
            push(fresh, count("c0", 5, "A", 5), count("c1", 30, "A", 5));
            fresh.processWatermark(ms(30 + 600 + 150));
            restored.processWatermark(ms(30 + 600 + 150));
            assertEquals(0, restored.numEventTimeTimers(), "bucket timers and the old prune timer all fired");
            assertEquals(fresh.numKeyedStateEntries(), restored.numKeyedStateEntries(),
                    "the migrated ids were forgotten after their window, as new ones are");
        }
        restored.close();
    }
}
