package com.neuronexus.streams.operators.ops.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class CachedByteStateTest {
    /** Appends each input ("key:letter") to its key's text, clears it at "key:-", and emits the key's text. */
    static final class Appender extends KeyedProcessFunction<String, String, String> {
        private final int maxKeys;
        private transient CachedByteState<String> text;

        Appender(int maxKeys) {
            this.maxKeys = maxKeys;
        }

        @Override
        public void open(OpenContext openContext) {
            text = new CachedByteState<>(getRuntimeContext().getState(
                    new ValueStateDescriptor<>("text", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)), maxKeys);
        }

        @Override
        public void processElement(String in, Context ctx, Collector<String> out) throws Exception {
            String letter = in.substring(in.indexOf(':') + 1);
            if (letter.equals("-")) {
                text.clear(ctx.getCurrentKey());
                out.collect(ctx.getCurrentKey() + "=");
                return;
            }
            byte[] before = text.value(ctx.getCurrentKey());
            String now = (before == null ? "" : new String(before, StandardCharsets.UTF_8)) + letter;
            text.update(ctx.getCurrentKey(), now.getBytes(StandardCharsets.UTF_8));
            out.collect(ctx.getCurrentKey() + "=" + now);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(int maxKeys, OperatorSubtaskState from)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new Appender(maxKeys)),
                (String s) -> s.substring(0, s.indexOf(':')), Types.STRING);
        if (from != null) {
            h.initializeState(from);
        }
        h.open();
        return h;
    }

    /** Five keys through a cache of two: evictions, re-reads, clears and a restore give what a plain map gives. */
    @Test
    void readsWhatWasLastWrittenThroughEvictionsClearsAndARestore() throws Exception {
        List<String> inputs = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            for (String key : List.of("a", "b", "c", "d", "e")) {
                inputs.add(key + ":" + (round == 3 && key.equals("c") ? "-" : Character.toString('p' + round)));
            }
            inputs.add("a:" + round); // a hot key in between
        }
        Map<String, String> model = new HashMap<>();
        List<String> expected = new ArrayList<>();
        for (String in : inputs) {
            String key = in.substring(0, 1);
            String letter = in.substring(2);
            String now = letter.equals("-") ? "" : model.getOrDefault(key, "") + letter;
            if (now.isEmpty()) {
                model.remove(key);
            } else {
                model.put(key, now);
            }
            expected.add(key + "=" + now);
        }

        var first = harness(2, null);
        int cut = inputs.size() / 2;
        for (String in : inputs.subList(0, cut)) {
            first.processElement(new StreamRecord<>(in, 0L));
        }
        OperatorSubtaskState snapshot = first.snapshot(1L, 1L);
        var restored = harness(2, snapshot);
        for (String in : inputs.subList(cut, inputs.size())) {
            restored.processElement(new StreamRecord<>(in, 0L));
        }
        List<String> out = new ArrayList<>(first.extractOutputValues());
        out.addAll(restored.extractOutputValues());
        assertEquals(expected, out);
        assertEquals(model.size(), restored.numKeyedStateEntries());
        first.close();
        restored.close();
    }

    @Test
    void aCacheOfNoKeysIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CachedByteState<String>(null, 0));
    }
}
