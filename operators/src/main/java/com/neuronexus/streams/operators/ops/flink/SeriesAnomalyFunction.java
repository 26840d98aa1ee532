package com.neuronexus.streams.operators.ops.flink;

import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.outputs.AnomalyWindow;
import com.neuronexus.streams.operators.ops.DetectorConfig;
import com.neuronexus.streams.operators.ops.RobustAnomalyDetector;
import com.neuronexus.streams.operators.ops.ScoredPoint;
import com.neuronexus.streams.operators.ops.SeriesPoint;
import com.neuronexus.streams.operators.ops.SeriesState;
import com.neuronexus.streams.operators.ops.SeriesScoring;
import com.neuronexus.streams.operators.ops.SeriesStateCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * {@link RobustAnomalyDetector} per series (keyed by series name). Samples wait until the watermark passes
 * them and are then scored in (timestamp, ref) order, so out-of-order or repeated timestamps give the same
 * result as sorted input; window figures, which arrive in order by construction, are scored on arrival. (OpsJob
 * sends figures here only when its windows come from Flink's window operators; by default RouteLatencyFunction
 * scores them through the same {@link SeriesScoring}.)
 * Emits every scored sample; anomaly windows (OPEN, then CLOSED) and their signals (OBSERVED, then CLEARED) go
 * to side outputs. A series silent for {@code idleMillis} of event time is
 * forgotten (its open window closed first), so state does not outlive series.
 */
public final class SeriesAnomalyFunction extends KeyedProcessFunction<String, SeriesPoint, ScoredPoint> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<AnomalyWindow> WINDOWS = new OutputTag<>("anomaly-windows", TypeInformation.of(AnomalyWindow.class));
    public static final OutputTag<Signal> SIGNALS = new OutputTag<>("anomaly-signals", TypeInformation.of(Signal.class));
    public static final String DETECTOR_NAME = SeriesScoring.DETECTOR_NAME;

    private final DetectorConfig config;
    private final long idleMillis;
    private transient SeriesScoring scoring;

    private static final long NONE = Long.MIN_VALUE;

    /**
     * Everything this series remembers but its waiting samples, read and written once per scored timestamp
     * ({@link Memory}): the detector's state (level, scale, daily profile, open window), the idle deadline and
     * idle timer, and the signal kind. One value in bytes rather than four states, one of them a POJO: the
     * state round trips and the POJO serializer's reflection were most of this operator's time.
     */
    private transient ValueState<byte[]> memory;
    /**
     * Samples not yet passed by the watermark, by timestamp; each timestamp has an event-time timer. Keyed by
     * timestamp so that a timer reads and removes only its own samples: one list of every waiting sample,
     * re-read on every timer, made a replay quadratic in the samples a series gets ahead of the watermark.
     * The samples of one timestamp are bytes ({@link PendingSamples}): a new sample is appended to them
     * without reading any back, and Flink's list-of-POJO serializer (reflection per field) was a tenth of
     * this operator's time.
     */
    private transient MapState<Long, byte[]> pending;

    public SeriesAnomalyFunction(DetectorConfig config, long idleMillis) {
        this.config = config;
        this.idleMillis = idleMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        scoring = new SeriesScoring(config);
        memory = getRuntimeContext().getState(new ValueStateDescriptor<>("memory", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-samples", Types.LONG,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(SeriesPoint point, Context ctx, Collector<ScoredPoint> out) throws Exception {
        if (point.arrivesInOrder()) {
            Memory m = Memory.decode(memory.value());
            // A window figure comes in timestamp order (SeriesPoint#arrivesInOrder): waiting for the watermark
            // would score it the same, later, after a state write, a timer and a read. Scored on arrival only when
            // event-time order is certain: the series is known, not due to be forgotten before this sample (its
            // idle timer comes first then), and no earlier figure of it waits (the series' first, or one behind
            // the idle deadline): those take the timer path, and so do the figures that follow until they are
            // scored. Its record timestamp is its own time, as the timer's would be.
            if (m.idleDeadline != NONE && point.tsMillis() <= m.idleDeadline && m.figuresWaitUntil == NONE) {
                score(m, List.of(point), point.tsMillis(), false, ctx, out);
                return;
            }
            m.figuresWaitUntil = Math.max(m.figuresWaitUntil, point.tsMillis());
            save(m);
        }
        byte[] same = pending.get(point.tsMillis());
        pending.put(point.tsMillis(), PendingSamples.append(same, point));
        if (same == null) {
            ctx.timerService().registerEventTimeTimer(point.tsMillis());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ScoredPoint> out) throws Exception {
        // Timers of one key fire in timestamp order and every waiting timestamp has one, so the samples due now
        // are exactly those at this timestamp: earlier ones were scored by their own timers.
        byte[] dueBytes = pending.get(timestamp);
        if (dueBytes != null) {
            pending.remove(timestamp);
            List<SeriesPoint> due = PendingSamples.read(dueBytes, ctx.getCurrentKey(), timestamp);
            due.sort(Comparator.comparing(SeriesPoint::ref).thenComparingDouble(SeriesPoint::value));
            score(due, timestamp, ctx, out);
            return;
        }
        // No samples at this instant: it is the idle timer.
        Memory m = Memory.decode(memory.value());
        long deadline = m.idleDeadline;
        if (deadline != NONE && deadline > timestamp) {
            ctx.timerService().registerEventTimeTimer(deadline); // samples came since it was registered
            m.idleTimer = deadline;
            save(m);
            return;
        }
        m.idleTimer = NONE; // a sample still waiting re-registers it when scored
        if (deadline != NONE && deadline == timestamp && pending.isEmpty()) {
            if (m.model != null) {
                scoring.forceClose(m.model, ctx.getCurrentKey(), m.signalKind, timestamp, sink(ctx, out));
            }
            m.model = null;
            m.idleDeadline = NONE;
            m.signalKind = null;
        }
        save(m);
    }

    private void save(Memory m) throws Exception {
        if (m.isEmpty()) {
            memory.clear();
        } else {
            memory.update(m.encode());
        }
    }

    private void score(List<SeriesPoint> due, long timestamp, Context ctx, Collector<ScoredPoint> out) throws Exception {
        score(Memory.decode(memory.value()), due, timestamp, true, ctx, out);
    }

    /** {@code onTimer}: scored by the timer at {@code timestamp} (else on arrival, with no timer firing). */
    private void score(Memory m, List<SeriesPoint> due, long timestamp, boolean onTimer, Context ctx,
            Collector<ScoredPoint> out) throws Exception {
        SeriesState state = m.model != null ? m.model : scoring.newState();
        SeriesScoring.Sink sink = sink(ctx, out);
        long last = Long.MIN_VALUE;
        for (SeriesPoint p : due) {
            scoring.score(state, p, sink);
            last = Math.max(last, p.tsMillis());
        }
        m.model = state;
        m.signalKind = due.get(due.size() - 1).signalKind();
        if (m.figuresWaitUntil != NONE && m.figuresWaitUntil <= timestamp) {
            m.figuresWaitUntil = NONE; // the waiting figures are scored: the next ones can go on arrival
        }
        long previous = m.idleDeadline;
        long next = last + idleMillis;
        if (previous == NONE || previous < next) {
            m.idleDeadline = next;
        }
        // None registered, or it was at this very instant and has just fired with these samples' timer. On
        // arrival a registered idle timer has not fired yet (when it fires before the deadline it moves itself).
        if (m.idleTimer == NONE || (onTimer && m.idleTimer <= timestamp)) {
            long at = Math.max(next, previous == NONE ? next : previous);
            ctx.timerService().registerEventTimeTimer(at);
            m.idleTimer = at;
        }
        save(m);
    }

    /** The context's outputs as the scorer's sink (scored samples to the main output). */
    private static SeriesScoring.Sink sink(Context ctx, Collector<ScoredPoint> out) {
        return new SeriesScoring.Sink(out::collect, w -> ctx.output(WINDOWS, w), s -> ctx.output(SIGNALS, s));
    }

    /**
     * The samples waiting at one timestamp, in bytes, one after the other: ref, value, noise floor, signal kind.
     * The series is the key and the timestamp the map key, so neither is written.
     */
    static final class PendingSamples {
        private static final byte METRIC = 0;
        private static final byte LATENCY = 1;
        private static final byte OTHER = 2;
        private static final byte NO_KIND = 3;

        private PendingSamples() {}

        static byte[] append(byte[] existing, SeriesPoint p) {
            byte[] ref = p.ref() == null ? null : p.ref().getBytes(StandardCharsets.UTF_8);
            String kind = p.signalKind();
            byte code = kind == null ? NO_KIND : kind.equals(SeriesPoint.METRIC_ANOMALY) ? METRIC
                    : kind.equals(SeriesPoint.LATENCY_ANOMALY) ? LATENCY : OTHER;
            byte[] other = code == OTHER ? kind.getBytes(StandardCharsets.UTF_8) : null;
            int offset = existing == null ? 0 : existing.length;
            ByteBuffer out = ByteBuffer.allocate(offset + 4 + (ref == null ? 0 : ref.length) + 8 + 8 + 1
                    + (other == null ? 0 : 4 + other.length));
            if (existing != null) {
                out.put(existing);
            }
            out.putInt(ref == null ? -1 : ref.length);
            if (ref != null) {
                out.put(ref);
            }
            out.putDouble(p.value());
            out.putDouble(p.noiseFloor());
            out.put(code);
            if (other != null) {
                out.putInt(other.length);
                out.put(other);
            }
            return out.array();
        }

        static List<SeriesPoint> read(byte[] bytes, String series, long tsMillis) {
            List<SeriesPoint> points = new ArrayList<>(1);
            ByteBuffer in = ByteBuffer.wrap(bytes);
            while (in.hasRemaining()) {
                String ref = string(in, bytes);
                double value = in.getDouble();
                double noiseFloor = in.getDouble();
                byte code = in.get();
                String kind = switch (code) {
                    case METRIC -> SeriesPoint.METRIC_ANOMALY;
                    case LATENCY -> SeriesPoint.LATENCY_ANOMALY;
                    case OTHER -> string(in, bytes);
                    case NO_KIND -> null;
                    default -> throw new IllegalStateException("unknown signal kind code " + code);
                };
                points.add(new SeriesPoint(series, tsMillis, value, ref, kind, noiseFloor));
            }
            return points;
        }

        private static String string(ByteBuffer in, byte[] bytes) {
            int length = in.getInt();
            if (length < 0) {
                return null;
            }
            String s = new String(bytes, in.position(), length, StandardCharsets.UTF_8);
            in.position(in.position() + length);
            return s;
        }
    }

    /** The decoded {@link #memory} value. */
    static final class Memory {
        /** 2 adds {@link #figuresWaitUntil}; format 1 (without it) is still read. */
        private static final byte FORMAT = 2;
        private static final byte FORMAT_1 = 1;

        /** The detector's state; null before the first sample and after the series is forgotten. */
        SeriesState model;
        /** Event time at which this series counts as gone (last scored sample + idle); NONE before the first. */
        long idleDeadline = NONE;
        /**
         * When the idle timer is registered (≤ the deadline); NONE when none is. The timer is not moved on every
         * sample (a delete and a register in the timer queue each): when it fires before the deadline it is
         * registered again at the deadline.
         */
        long idleTimer = NONE;
        /** Signal kind of this series, remembered for the signal of a window closed by the idle timer. */
        String signalKind;
        /** Timestamp of the latest window figure waiting for the watermark; NONE when none waits. */
        long figuresWaitUntil = NONE;

        boolean isEmpty() {
            return model == null && idleDeadline == NONE && idleTimer == NONE && signalKind == null
                    && figuresWaitUntil == NONE;
        }

        static Memory decode(byte[] bytes) {
            Memory m = new Memory();
            if (bytes == null) {
                return m;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte format = in.get();
            if (format != FORMAT && format != FORMAT_1) {
                throw new IllegalStateException("unknown series memory format " + bytes[0]);
            }
            m.idleDeadline = in.getLong();
            m.idleTimer = in.getLong();
            if (format == FORMAT) {
                m.figuresWaitUntil = in.getLong();
            }
            int kindLength = in.getInt();
            if (kindLength >= 0) {
                m.signalKind = new String(bytes, in.position(), kindLength, StandardCharsets.UTF_8);
                in.position(in.position() + kindLength);
            }
            if (in.get() != 0) {
                m.model = SeriesStateCodec.read(in);
            }
            return m;
        }

        byte[] encode() {
            byte[] kind = signalKind == null ? null : signalKind.getBytes(StandardCharsets.UTF_8);
            ByteBuffer out = ByteBuffer.allocate(1 + 8 + 8 + 8 + 4 + (kind == null ? 0 : kind.length) + 1
                    + (model == null ? 0 : SeriesStateCodec.size(model)));
            out.put(FORMAT);
            out.putLong(idleDeadline);
            out.putLong(idleTimer);
            out.putLong(figuresWaitUntil);
            out.putInt(kind == null ? -1 : kind.length);
            if (kind != null) {
                out.put(kind);
            }
            out.put((byte) (model == null ? 0 : 1));
            if (model != null) {
                SeriesStateCodec.write(model, out);
            }
            return out.array();
        }
    }
}
