package com.neuronexus.streams.operators.invariants.flink;

import com.neuronexus.streams.operators.state.KeyedHarness;
import com.neuronexus.streams.core.events.LedgerEvent;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.operators.invariants.InvariantConfig;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Test harness plumbing shared by the invariant function tests. */
final class Harnesses {
    /** Settle 300 s, orphan 60 s, invoice retention 1 h, dedup 600 s, drift every 10 s over 900 s. */
    static final InvariantConfig CONFIG = new InvariantConfig(300_000L, 60_000L, 3_600_000L, new BigDecimal("0.005"),
            600_000L, 10_000L, 900_000L);

    private Harnesses() {}

    static <IN, OUT> KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> open(
            KeyedProcessFunction<String, IN, OUT> function, KeySelector<IN, String> key) throws Exception {
        return KeyedHarness.open(function, key, null, null);
    }

    static void push(KeyedOneInputStreamOperatorTestHarness<String, LedgerEvent, ?> harness, LedgerEvent... events)
            throws Exception {
        for (LedgerEvent e : events) {
            harness.processElement(e, e.ts().toEpochMilli());
        }
    }

    /** "KIND state entity" lines, in output order: compact to assert on. */
    static List<String> describe(List<Signal> signals) {
        return signals.stream()
                .map(s -> s.kind() + " " + s.state() + " " + s.dedupKey().substring(s.kind().length() + 1))
                .collect(Collectors.toList());
    }
}
