package com.neuronexus.streams.operators.ops.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.outputs.AnomalyWindow;
import com.neuronexus.streams.operators.ops.DetectorConfig;
import com.neuronexus.streams.operators.ops.RobustAnomalyDetector;
import com.neuronexus.streams.operators.ops.ScoredPoint;
import com.neuronexus.streams.operators.ops.SeriesPoint;
import com.neuronexus.streams.operators.ops.SeriesState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class SeriesAnomalyFunctionTest {
    private static final long IDLE = 3_600_000L;

    private KeyedOneInputStreamOperatorTestHarness<String, SeriesPoint, ScoredPoint> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new SeriesAnomalyFunction(DetectorConfig.defaults(), IDLE)),
                SeriesPoint::series, org.apache.flink.api.common.typeinfo.Types.STRING);
        h.open();
        return h;
    }

    private static List<SeriesPoint> series(String name, int n, int spikeAt) {
        Random random = new Random(42);
        List<SeriesPoint> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long ts = 1_000_000L + (i / 2) * 10_000L; // every timestamp twice
            double v = 50 + random.nextGaussian() + (i == spikeAt ? 40 : 0);
            points.add(new SeriesPoint(name, ts, v, String.format("%06d", i), SeriesPoint.METRIC_ANOMALY, 0));
        }
        return points;
    }

    @Test
    void outOfOrderAndRepeatedTimestampsScoreLikeSortedInputAndOneWindowPerSpike() throws Exception {
        List<SeriesPoint> points = series("cpu", 200, 150);
        List<SeriesPoint> shuffled = new ArrayList<>(points);
        Collections.shuffle(shuffled, new Random(3));
        var h = harness();
        for (SeriesPoint p : shuffled) {
            h.processElement(new StreamRecord<>(p, p.tsMillis()));
        }
        h.processWatermark(2_000_000L);

        List<ScoredPoint> scored = h.extractOutputValues();
        assertEquals(points.size(), scored.size());
        RobustAnomalyDetector plain = new RobustAnomalyDetector(DetectorConfig.defaults());
        SeriesState state = plain.newState();
        for (int i = 0; i < points.size(); i++) {
            assertEquals(points.get(i).ref(), scored.get(i).ref(), "processed in (ts, ref) order");
            assertEquals(plain.update(state, points.get(i).tsMillis(), points.get(i).value()).score(), scored.get(i).score(), 0.0);
        }
        List<AnomalyWindow> windows = new ArrayList<>();
        h.getSideOutput(SeriesAnomalyFunction.WINDOWS).forEach(r -> windows.add(r.getValue()));
        List<Signal> signals = new ArrayList<>();
        h.getSideOutput(SeriesAnomalyFunction.SIGNALS).forEach(r -> signals.add(r.getValue()));
        assertEquals(2, windows.size(), windows.toString());
        assertEquals(AnomalyWindow.OPEN, windows.get(0).status());
        assertEquals(AnomalyWindow.CLOSED, windows.get(1).status());
        assertEquals(windows.get(0).windowStart(), windows.get(1).windowStart());
        assertEquals(points.get(150).tsMillis(), windows.get(0).windowStart().toEpochMilli());
        assertEquals(Signal.SignalState.OBSERVED, signals.get(0).state());
        assertEquals(Signal.SignalState.CLEARED, signals.get(1).state());
        assertEquals("METRIC_ANOMALY:cpu", signals.get(0).dedupKey());
        h.close();
    }

    /**
     * Window figures come in order: the first waits for the watermark (the series is new), those that arrive
     * while it waits wait too, and once it is scored the next are scored on arrival, with no state or timer per
     * sample. Scores and windows equal the detector's on the sorted series; a figure due after the idle
     * deadline waits so the series is forgotten first, as event time says; at the end nothing is left.
     */
    @Test
    void windowFiguresAreScoredOnArrivalOnceTheSeriesIsKnown() throws Exception {
        List<SeriesPoint> points = new ArrayList<>();
        Random random = new Random(8);
        for (int i = 0; i < 120; i++) {
            points.add(new SeriesPoint("p95_ms:api:/a", 1_000_000L + i * 10_000L - 1,
                    100 + random.nextGaussian() * 3 + (i == 90 ? 80 : 0), "w" + i, SeriesPoint.LATENCY_ANOMALY, 1.0));
        }
        var h = harness();
        h.processElement(new StreamRecord<>(points.get(0), points.get(0).tsMillis()));
        h.processElement(new StreamRecord<>(points.get(1), points.get(1).tsMillis()));
        assertEquals(0, h.extractOutputValues().size(), "a new series: the first figures wait for the watermark");
        h.processWatermark(points.get(1).tsMillis());
        assertEquals(2, h.extractOutputValues().size());
        for (int i = 2; i < points.size(); i++) {
            h.processElement(new StreamRecord<>(points.get(i), points.get(i).tsMillis()));
            assertEquals(i + 1, h.extractOutputValues().size(), "scored on arrival, ahead of the watermark");
        }
        assertEquals(1, h.numEventTimeTimers(), "only the idle timer");

        List<ScoredPoint> scored = h.extractOutputValues();
        RobustAnomalyDetector plain = new RobustAnomalyDetector(DetectorConfig.defaults());
        SeriesState state = plain.newState();
        for (int i = 0; i < points.size(); i++) {
            SeriesPoint p = points.get(i);
            assertEquals(plain.update(state, p.tsMillis(), p.value(), p.noiseFloor()).score(), scored.get(i).score(), 0.0);
            assertEquals(p.tsMillis(), h.getOutput().stream().filter(o -> o instanceof StreamRecord<?>)
                    .map(o -> ((StreamRecord<?>) o).getTimestamp()).toList().get(i), "record time is the figure's");
        }
        List<AnomalyWindow> windows = new ArrayList<>();
        h.getSideOutput(SeriesAnomalyFunction.WINDOWS).forEach(r -> windows.add(r.getValue()));
        assertEquals(points.get(90).tsMillis(), windows.get(0).windowStart().toEpochMilli(), windows.toString());

        // Silent for longer than the idle time: the next figure waits, so the idle timer forgets the series first.
        long late = points.get(points.size() - 1).tsMillis() + IDLE + 10_000;
        SeriesPoint afterIdle = new SeriesPoint("p95_ms:api:/a", late, 100, "late", SeriesPoint.LATENCY_ANOMALY, 1.0);
        h.processElement(new StreamRecord<>(afterIdle, late));
        assertEquals(points.size(), h.extractOutputValues().size(), "waits behind the idle deadline");
        h.processWatermark(late);
        assertEquals(points.size() + 1, h.extractOutputValues().size());
        h.processWatermark(Long.MAX_VALUE);
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
        h.close();
    }

    /** The series memory keeps the waiting figures' mark, and a value written before it existed still reads. */
    @Test
    void memoryRoundTripsAndReadsTheFormatBeforeFiguresWaited() {
        SeriesAnomalyFunction.Memory m = new SeriesAnomalyFunction.Memory();
        m.idleDeadline = 42;
        m.idleTimer = 41;
        m.signalKind = SeriesPoint.LATENCY_ANOMALY;
        m.figuresWaitUntil = 40;
        SeriesAnomalyFunction.Memory back = SeriesAnomalyFunction.Memory.decode(m.encode());
        assertEquals(List.of(42L, 41L, 40L), List.of(back.idleDeadline, back.idleTimer, back.figuresWaitUntil));
        assertEquals(SeriesPoint.LATENCY_ANOMALY, back.signalKind);

        java.nio.ByteBuffer format1 = java.nio.ByteBuffer.allocate(1 + 8 + 8 + 4 + 1);
        format1.put((byte) 1).putLong(42).putLong(41).putInt(-1).put((byte) 0);
        SeriesAnomalyFunction.Memory old = SeriesAnomalyFunction.Memory.decode(format1.array());
        assertEquals(List.of(42L, 41L, Long.MIN_VALUE), List.of(old.idleDeadline, old.idleTimer, old.figuresWaitUntil));
    }

    @Test
    void silentSeriesLeavesNoStateOrTimersAndAnOpenWindowIsClosed() throws Exception {
        List<SeriesPoint> points = series("queue", 60, -1);
        var h = harness();
        for (SeriesPoint p : points) {
            h.processElement(new StreamRecord<>(p, p.tsMillis()));
        }
        long last = points.get(points.size() - 1).tsMillis();
        SeriesPoint spike = new SeriesPoint("queue", last + 10_000, 500, "zzz", SeriesPoint.METRIC_ANOMALY, 0);
        h.processElement(new StreamRecord<>(spike, spike.tsMillis()));
        h.processWatermark(last + 10_000);
        List<AnomalyWindow> windows = new ArrayList<>();
        h.getSideOutput(SeriesAnomalyFunction.WINDOWS).forEach(r -> windows.add(r.getValue()));
        assertEquals(1, windows.size());
        assertEquals(1, h.numEventTimeTimers(), "only the idle timer is left");

        h.processWatermark(last + 10_000 + IDLE);
        windows.clear();
        h.getSideOutput(SeriesAnomalyFunction.WINDOWS).forEach(r -> windows.add(r.getValue()));
        assertEquals(AnomalyWindow.CLOSED, windows.get(windows.size() - 1).status());
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
        h.close();
    }

    /**
     * Samples far ahead of the watermark wait per timestamp: a watermark scores exactly those at or before it,
     * in (timestamp, ref) order, leaves the rest (one state entry and one timer per waiting timestamp), and
     * once the series goes idle nothing is left.
     */
    @Test
    void samplesAheadOfTheWatermarkWaitPerTimestampAndLeaveNothingBehind() throws Exception {
        List<SeriesPoint> points = series("db", 400, -1); // 200 timestamps, each twice
        List<SeriesPoint> shuffled = new ArrayList<>(points);
        Collections.shuffle(shuffled, new Random(7));
        var h = harness();
        for (SeriesPoint p : shuffled) {
            h.processElement(new StreamRecord<>(p, p.tsMillis()));
        }
        assertEquals(200, h.numEventTimeTimers(), "one timer per waiting timestamp");
        long mid = points.get(199).tsMillis(); // the 100th timestamp
        h.processWatermark(mid);
        List<ScoredPoint> scored = h.extractOutputValues();
        assertEquals(200, scored.size());
        assertEquals(100 + 1, h.numEventTimeTimers(), "the later timestamps and the idle timer");
        h.processWatermark(points.get(points.size() - 1).tsMillis());
        scored = h.extractOutputValues();
        assertEquals(points.size(), scored.size());
        for (int i = 0; i < points.size(); i++) {
            assertEquals(points.get(i).ref(), scored.get(i).ref(), "processed in (ts, ref) order");
        }
        assertEquals(1, h.numEventTimeTimers(), "only the idle timer");
        h.processWatermark(points.get(points.size() - 1).tsMillis() + IDLE);
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
        h.close();
    }

    /**
     * The idle timer is registered once and moved only when it fires: with a sample every 10 s for longer than
     * the idle time, it falls on a sample's own instant (one timer for both), and the series is still closed
     * and forgotten exactly one idle time after its last sample.
     */
    @Test
    void idleTimerIsNotMovedPerSampleAndStillClosesOneIdleTimeAfterTheLastSample() throws Exception {
        List<SeriesPoint> points = new ArrayList<>();
        Random random = new Random(9);
        for (int i = 0; i < 500; i++) { // 5,000 s > IDLE = 3,600 s: sample 360 sits on the first idle timer
            points.add(new SeriesPoint("rate", 1_000_000L + i * 10_000L, 20 + random.nextGaussian(), String.format("%06d", i),
                    SeriesPoint.METRIC_ANOMALY, 0));
        }
        SeriesPoint spike = new SeriesPoint("rate", 1_000_000L + 500 * 10_000L, 400, "spike", SeriesPoint.METRIC_ANOMALY, 0);
        points.add(spike); // opens a window that only the idle close ends
        var h = harness();
        for (SeriesPoint p : points) {
            h.processElement(new StreamRecord<>(p, p.tsMillis()));
            h.processWatermark(p.tsMillis());
            assertEquals(1, h.numEventTimeTimers(), "only the idle timer, at " + p.ref());
        }
        long last = spike.tsMillis();
        h.processWatermark(last + IDLE - 1);
        List<AnomalyWindow> windows = new ArrayList<>();
        h.getSideOutput(SeriesAnomalyFunction.WINDOWS).forEach(r -> windows.add(r.getValue()));
        assertEquals(AnomalyWindow.OPEN, windows.get(windows.size() - 1).status(), "not closed before the idle time");
        h.processWatermark(last + IDLE);
        windows.clear();
        h.getSideOutput(SeriesAnomalyFunction.WINDOWS).forEach(r -> windows.add(r.getValue()));
        assertEquals(AnomalyWindow.CLOSED, windows.get(windows.size() - 1).status());
        List<Signal> signals = new ArrayList<>();
        h.getSideOutput(SeriesAnomalyFunction.SIGNALS).forEach(r -> signals.add(r.getValue()));
        assertEquals(Signal.SignalState.CLEARED, signals.get(signals.size() - 1).state());
        assertEquals(last + IDLE, signals.get(signals.size() - 1).ts().toEpochMilli(), "cleared at the deadline");
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
        h.close();
    }

    /**
     * A series read more than the idle time ahead of the watermark (a replay whose other input lags): its idle
     * deadline falls on a waiting sample's instant. Timers are one per (key, instant), so moving the idle timer
     * by deleting it used to delete that sample's timer too, and the sample was never scored.
     */
    @Test
    void everySampleIsScoredWhenTheIdleDeadlineFallsOnAWaitingSample() throws Exception {
        List<SeriesPoint> points = new ArrayList<>();
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) {
            points.add(new SeriesPoint("lag", 1_000_000L + i * 10_000L, 20 + random.nextGaussian(), String.format("%06d", i),
                    SeriesPoint.METRIC_ANOMALY, 0));
        }
        var h = harness();
        for (SeriesPoint p : points) {
            h.processElement(new StreamRecord<>(p, p.tsMillis()));
        }
        for (SeriesPoint p : points) { // the watermark then passes the samples one by one
            h.processWatermark(p.tsMillis());
        }
        List<ScoredPoint> scored = h.extractOutputValues();
        assertEquals(points.size(), scored.size(), "every sample scored");
        for (int i = 0; i < points.size(); i++) {
            assertEquals(points.get(i).ref(), scored.get(i).ref());
        }
        h.processWatermark(points.get(points.size() - 1).tsMillis() + IDLE);
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
        h.close();
    }

    @Test
    void pendingSamplesReadBackAsWritten() {
        List<SeriesPoint> points = List.of(
                new SeriesPoint("s", 5L, 1.5, "ref-1", SeriesPoint.METRIC_ANOMALY, 0),
                new SeriesPoint("s", 5L, -0.0, "é😀", SeriesPoint.LATENCY_ANOMALY, 0.25),
                new SeriesPoint("s", 5L, Double.NaN, null, "CUSTOM_KIND", Double.MIN_VALUE),
                new SeriesPoint("s", 5L, 1e300, "", null, 3));
        byte[] bytes = null;
        for (SeriesPoint p : points) {
            bytes = SeriesAnomalyFunction.PendingSamples.append(bytes, p);
        }
        assertEquals(points, SeriesAnomalyFunction.PendingSamples.read(bytes, "s", 5L));
    }
}
