package com.neuronexus.streams.operators.state;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** An opened harness around a keyed function with String keys: the plumbing the state tests share. */
public final class KeyedHarness {
    private KeyedHarness() {}

    /**
     * @param backend     null for the harness's heap backend
     * @param restoreFrom null for empty state
     */
    public static <IN, OUT> KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> open(
            KeyedProcessFunction<String, IN, OUT> function, KeySelector<IN, String> key, StateBackend backend,
            OperatorSubtaskState restoreFrom) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function), key, Types.STRING);
        if (backend != null) {
            harness.setStateBackend(backend);
        }
        if (restoreFrom != null) {
            harness.initializeState(restoreFrom);
        }
        harness.open();
        return harness;
    }
}
