package com.neuronexus.streams.operators.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * {@link ReleaseBuckets} in a keyed function on the heap and on RocksDB, cached and not: inputs come out per
 * release time in order, once the watermark passes them, with one timer per release time, nothing left behind,
 * and the same across a restore (a new instance with an empty cache).
 */
class ReleaseBucketsTest {

    /**
     * Inputs are "key,time,label". A label "probe" asks whether anything waits at that time; "bulk" adds itself
     * and a twin with {@link ReleaseBuckets#addAll} (no timer); "timer" only registers a timer at its time, as
     * the caller of addAll does. Every timer emits "key@time: labels".
     */
    static final class Buffering extends KeyedProcessFunction<String, String, String> {
        private static final long serialVersionUID = 1L;
        private final int cachedLists;
        private transient ReleaseBuckets<String> buckets;

        Buffering(int cachedLists) {
            this.cachedLists = cachedLists;
        }

        @Override
        public void open(OpenContext openContext) {
            buckets = ReleaseBuckets.open(getRuntimeContext(), "waiting", Types.STRING,
                    Comparator.comparing(ReleaseBucketsTest::label), cachedLists);
        }

        @Override
        public void processElement(String in, Context ctx, Collector<String> out) throws Exception {
            long at = time(in);
            switch (label(in)) {
                case "probe" -> out.collect(ctx.getCurrentKey() + " holds@" + at + ": " + buckets.holdsAt(at));
                case "bulk" -> buckets.addAll(ctx.getCurrentKey(), at, List.of(in, in.replace("bulk", "bulk2")));
                case "timer" -> ctx.timerService().registerEventTimeTimer(at);
                default -> buckets.add(ctx.getCurrentKey(), at, in, ctx.timerService());
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
            List<String> labels = new ArrayList<>();
            for (String in : buckets.release(ctx.getCurrentKey(), timestamp)) {
                labels.add(label(in));
            }
            out.collect(ctx.getCurrentKey() + "@" + timestamp + ": " + String.join(" ", labels));
        }
    }

    static String key(String in) {
        return in.split(",")[0];
    }

    static long time(String in) {
        return Long.parseLong(in.split(",")[1]);
    }

    static String label(String in) {
        return in.split(",")[2];
    }

    static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(int cachedLists, boolean rocksDb,
            OperatorSubtaskState restoreFrom) throws Exception {
        return KeyedHarness.open(new Buffering(cachedLists), ReleaseBucketsTest::key,
                rocksDb ? new EmbeddedRocksDBStateBackend() : null, restoreFrom);
    }

    static void push(KeyedOneInputStreamOperatorTestHarness<String, String, String> h, String... inputs)
            throws Exception {
        for (String in : inputs) {
            h.processElement(new StreamRecord<>(in, time(in)));
        }
    }

    /** The whole run, with a snapshot and restore after the first watermark when {@code restore}. */
    static List<String> run(int cachedLists, boolean rocksDb, boolean restore) throws Exception {
        List<String> out = new ArrayList<>();
        var h = harness(cachedLists, rocksDb, null);
        push(h, "a,20,c", "b,11,x", "a,10,b", "a,20,a", "a,10,a", "a,30,z");
        assertEquals(4, h.numEventTimeTimers(), "one timer per key and release time: a@10, a@20, a@30, b@11");
        push(h, "a,20,probe", "a,25,probe", "a,10,bulk", "a,25,bulk");
        assertEquals(4, h.numEventTimeTimers(), "addAll registers no timer");
        h.processWatermark(new Watermark(20));
        if (restore) {
            OperatorSubtaskState snapshot = h.snapshot(1, 1);
            out.addAll(h.extractOutputValues());
            h.close();
            h = harness(cachedLists, rocksDb, snapshot);
        }
        push(h, "b,5,late", "a,30,y", "a,30,probe");
        h.processWatermark(new Watermark(24));
        assertEquals(1, h.numEventTimeTimers(), "only a@30: a@25, moved in with addAll, has no timer of its own");
        push(h, "a,25,timer"); // the timer of the list moved in with addAll
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        out.addAll(h.extractOutputValues());
        assertEquals(0, h.numEventTimeTimers(), "no timer left");
        if (!rocksDb) { // the harness counts state entries on the heap only
            assertEquals(0, h.numKeyedStateEntries(), "no list left");
        }
        h.close();
        return out;
    }

    static final List<String> EXPECTED = List.of(
            "a holds@20: true", "a holds@25: false",
            "a@10: a b bulk bulk2", "b@11: x", "a@20: a c",
            "a holds@30: true", "b@5: late",
            "a@25: bulk bulk2", "a@30: y z");

    @Test
    void releasesEachTimesInputsInOrderOnceTheWatermarkPassesThem() throws Exception {
        for (boolean rocksDb : new boolean[] {false, true}) {
            for (int cachedLists : new int[] {0, 1, 64}) {
                assertEquals(EXPECTED, run(cachedLists, rocksDb, false), "rocksDb " + rocksDb + " cache " + cachedLists);
            }
        }
    }

    @Test
    void aRestoredInstanceReadsTheListsFromTheState() throws Exception {
        for (boolean rocksDb : new boolean[] {false, true}) {
            for (int cachedLists : new int[] {0, 64}) {
                assertEquals(EXPECTED, run(cachedLists, rocksDb, true), "rocksDb " + rocksDb + " cache " + cachedLists);
            }
        }
    }
}
