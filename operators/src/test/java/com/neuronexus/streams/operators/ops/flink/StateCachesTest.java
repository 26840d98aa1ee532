package com.neuronexus.streams.operators.ops.flink;

import com.neuronexus.streams.operators.state.CachedValueState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
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

/** {@link CachedValueState} and {@link IndexedMapState}: the state stays the truth through evictions and restores. */
class StateCachesTest {
    /** Appends each input ("key:letter") to its key's text, clears it at "key:-", and emits the key's text. */
    static final class Appender extends KeyedProcessFunction<String, String, String> {
        private final int maxKeys;
        private transient CachedValueState<String, byte[]> text;

        Appender(int maxKeys) {
            this.maxKeys = maxKeys;
        }

        @Override
        public void open(OpenContext openContext) {
            text = CachedValueState.of(getRuntimeContext().getState(
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

    /**
     * {@link Appender} on a {@link CachedValueState} of a mutable object: the text is appended to the object the
     * state returns (a cached one is the very object of the previous update), then written back.
     */
    static final class ObjectAppender extends KeyedProcessFunction<String, String, String> {
        private final int maxKeys;
        private transient CachedValueState<String, StringBuilder> text;

        ObjectAppender(int maxKeys) {
            this.maxKeys = maxKeys;
        }

        @Override
        public void open(OpenContext openContext) {
            text = CachedValueState.encoded(getRuntimeContext().getState(
                    new ValueStateDescriptor<>("text", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)), maxKeys,
                    bytes -> new StringBuilder(new String(bytes, StandardCharsets.UTF_8)),
                    sb -> sb.toString().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void processElement(String in, Context ctx, Collector<String> out) throws Exception {
            String letter = in.substring(in.indexOf(':') + 1);
            if (letter.equals("-")) {
                StringBuilder before = text.value(ctx.getCurrentKey());
                if (before != null) {
                    before.setLength(0); // changed, then cleared: the change must not come back
                }
                text.clear(ctx.getCurrentKey());
                out.collect(ctx.getCurrentKey() + "=");
                return;
            }
            StringBuilder before = text.value(ctx.getCurrentKey());
            StringBuilder now = before == null ? new StringBuilder() : before;
            now.append(letter);
            text.update(ctx.getCurrentKey(), now);
            out.collect(ctx.getCurrentKey() + "=" + now);
        }
    }

    /**
     * Keeps, per key, a map of letter -> count: "key:x" counts x, "key:-x" removes x; emits the key's map, read
     * letter by letter from a-z (so that absent entries are asked for too).
     */
    static final class Counter extends KeyedProcessFunction<String, String, String> {
        private final int maxKeys;
        private transient IndexedMapState<String, String, Integer> counts;

        Counter(int maxKeys) {
            this.maxKeys = maxKeys;
        }

        @Override
        public void open(OpenContext openContext) {
            counts = new IndexedMapState<>(getRuntimeContext().getMapState(
                    new MapStateDescriptor<>("counts", Types.STRING, Types.INT)), maxKeys);
        }

        @Override
        public void processElement(String in, Context ctx, Collector<String> out) throws Exception {
            String key = ctx.getCurrentKey();
            String op = in.substring(in.indexOf(':') + 1);
            if (op.startsWith("-")) {
                counts.remove(key, op.substring(1));
            } else {
                Integer before = counts.get(key, op);
                counts.put(key, op, before == null ? 1 : before + 1);
            }
            StringBuilder text = new StringBuilder(key).append('=');
            for (char c = 'a'; c <= 'z'; c++) {
                Integer n = counts.get(key, Character.toString(c));
                if (n != null) {
                    text.append(c).append(n);
                }
            }
            out.collect(text.toString());
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(
            KeyedProcessFunction<String, String, String> function, OperatorSubtaskState from) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function),
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
        checkAppender(() -> new Appender(2));
    }

    /** The same with decoded objects changed in place: every update is in the state at once (the snapshot). */
    @Test
    void objectsChangedInPlaceAreWrittenThroughEvictionsClearsAndARestore() throws Exception {
        checkAppender(() -> new ObjectAppender(2));
    }

    private static void checkAppender(java.util.function.Supplier<KeyedProcessFunction<String, String, String>> function)
            throws Exception {
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

        var first = harness(function.get(), null);
        int cut = inputs.size() / 2;
        for (String in : inputs.subList(0, cut)) {
            first.processElement(new StreamRecord<>(in, 0L));
        }
        OperatorSubtaskState snapshot = first.snapshot(1L, 1L);
        var restored = harness(function.get(), snapshot);
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

    /** Five keys through an index of two: evicted keys are re-read by iteration, removes and a restore hold. */
    @Test
    void theIndexKnowsEveryEntryThroughEvictionsRemovesAndARestore() throws Exception {
        List<String> inputs = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < 400; i++) {
            String key = Character.toString('A' + random.nextInt(5));
            String letter = Character.toString('a' + random.nextInt(6));
            inputs.add(key + ":" + (random.nextInt(4) == 0 ? "-" : "") + letter);
        }
        Map<String, TreeMap<String, Integer>> model = new TreeMap<>();
        List<String> expected = new ArrayList<>();
        for (String in : inputs) {
            String key = in.substring(0, 1);
            String op = in.substring(2);
            TreeMap<String, Integer> counts = model.computeIfAbsent(key, k -> new TreeMap<>());
            if (op.startsWith("-")) {
                counts.remove(op.substring(1));
            } else {
                counts.merge(op, 1, Integer::sum);
            }
            StringBuilder text = new StringBuilder(key).append('=');
            counts.forEach((letter, n) -> text.append(letter).append(n));
            expected.add(text.toString());
        }

        var first = harness(new Counter(2), null);
        int cut = inputs.size() / 2;
        for (String in : inputs.subList(0, cut)) {
            first.processElement(new StreamRecord<>(in, 0L));
        }
        var restored = harness(new Counter(2), first.snapshot(1L, 1L));
        for (String in : inputs.subList(cut, inputs.size())) {
            restored.processElement(new StreamRecord<>(in, 0L));
        }
        List<String> out = new ArrayList<>(first.extractOutputValues());
        out.addAll(restored.extractOutputValues());
        assertEquals(expected, out);
        assertEquals(model.values().stream().filter(m -> !m.isEmpty()).count(), restored.numKeyedStateEntries()); // one map per key
        first.close();
        restored.close();
    }

    @Test
    void aCacheOfNoKeysIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CachedValueState.<String, byte[]>of(null, 0));
        assertThrows(IllegalArgumentException.class, () -> CachedValueState.<String, byte[], String>encoded(null, 0, null, null));
        assertThrows(IllegalArgumentException.class, () -> new IndexedMapState<String, String, String>(null, 0));
    }
}
