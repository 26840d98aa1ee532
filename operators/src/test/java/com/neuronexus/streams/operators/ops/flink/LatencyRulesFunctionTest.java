package com.neuronexus.streams.operators.ops.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.outputs.LatencyWindow;
import com.neuronexus.streams.operators.ops.LatencyRules;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LatencyRulesFunctionTest {
    private static final long IDLE = 600_000L;

    private static LatencyWindow sliding(long start, long count, long errors) {
        return new LatencyWindow("api", "/x", Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + 60_000), 60,
                LatencyWindow.SLIDING, count, errors, 0, (double) errors / count, count / 60.0, 50, 50, 90, 99, 120);
    }

    @Test
    void firingRuleIsClearedAndStateDroppedWhenTheRouteGoesSilent() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new LatencyRulesFunction(LatencyRules.Config.defaults(), IDLE)),
                (LatencyWindow w) -> LatencyAggregate.key(w.service(), w.route()), Types.STRING);
        h.open();
        LatencyWindow w = sliding(0, 100, 30);
        h.processElement(new StreamRecord<>(w, w.windowEnd().toEpochMilli() - 1));
        LatencyWindow again = sliding(10_000, 100, 30);
        h.processElement(new StreamRecord<>(again, again.windowEnd().toEpochMilli() - 1));
        h.processWatermark(70_000);
        List<Signal> out = h.extractOutputValues();
        assertEquals(1, out.size());
        assertEquals(Signal.SignalState.OBSERVED, out.get(0).state());
        assertEquals(1, h.numEventTimeTimers(), "one idle timer per route, re-armed not added");

        h.processWatermark(70_000 + IDLE);
        out = h.extractOutputValues();
        assertEquals(2, out.size());
        assertEquals(Signal.SignalState.CLEARED, out.get(1).state());
        assertEquals("ERROR_RATE_HIGH:api:/x", out.get(1).dedupKey());
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
        h.close();
    }
}
