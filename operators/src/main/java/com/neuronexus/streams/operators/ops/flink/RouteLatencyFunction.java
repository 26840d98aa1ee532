package com.neuronexus.streams.operators.ops.flink;

import com.neuronexus.streams.operators.state.CachedValueState;
import com.neuronexus.streams.core.events.RequestLatencyEvent;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.AnomalyWindow;
import com.neuronexus.streams.core.outputs.LatencyWindow;
import com.neuronexus.streams.operators.ops.DetectorConfig;
import com.neuronexus.streams.operators.ops.LatencyFigures;
import com.neuronexus.streams.operators.ops.LatencyRuleState;
import com.neuronexus.streams.operators.ops.LatencyRules;
import com.neuronexus.streams.operators.ops.LatencyStats;
import com.neuronexus.streams.operators.ops.LatencySummary;
import com.neuronexus.streams.operators.ops.ScoredPoint;
import com.neuronexus.streams.operators.ops.SeriesPoint;
import com.neuronexus.streams.operators.ops.SeriesScoring;
import com.neuronexus.streams.operators.ops.SeriesState;
import com.neuronexus.streams.operators.ops.SeriesStateCodec;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Everything one (service, route) computes from its requests, in one keyed function: the tumbling windows
 * (size = slide), the sliding windows merged from them, the seed rules over both, and the anomaly detector
 * over the figures of each tumbling window ({@link LatencyFigures}). It emits exactly what Flink's
 * {@code TumblingEventTimeWindows} + {@link SlidingLatencyFunction} + {@link LatencyRulesFunction} emit together
 * (every window holding at least one request, at the same watermark, with the same figures), and for the
 * figures the scores, anomaly windows and signals {@link SeriesAnomalyFunction} gives for them (the same
 * {@link SeriesScoring}), with a few keyed state round trips per pane
 * instead of a window operator, a shuffle of the panes, a shuffle of the windows and ~ten state updates and
 * timer moves per pane. Late requests (their pane already closed) are dropped, as the window operator does.
 */
public final class RouteLatencyFunction extends KeyedProcessFunction<String, RequestLatencyEvent, LatencyWindow> {
    private static final long serialVersionUID = 1L;

    /** Rule signals (ERROR_RATE_HIGH, P95_REGRESSION, LATENCY_ANOMALY; raised and cleared). */
    public static final OutputTag<Signal> SIGNALS = new OutputTag<>("route-rule-signals", TypeInformation.of(Signal.class));
    /** The detector's score of each figure (p95, error rate, request rate) of every tumbling window. */
    public static final OutputTag<ScoredPoint> FIGURE_SCORES = new OutputTag<>("route-figure-scores", TypeInformation.of(ScoredPoint.class));
    /** Anomaly windows (OPEN, then CLOSED) of the figure series. */
    public static final OutputTag<AnomalyWindow> ANOMALY_WINDOWS = new OutputTag<>("route-anomaly-windows", TypeInformation.of(AnomalyWindow.class));
    /** The signals of those windows (OBSERVED, then CLEARED). */
    public static final OutputTag<Signal> ANOMALY_SIGNALS = new OutputTag<>("route-anomaly-signals", TypeInformation.of(Signal.class));

    private static final long NONE = Long.MIN_VALUE;
    /** Routes whose memory is kept on the heap as well (a few KB each). */
    static final int CACHED_ROUTES = 4096;

    private final double relativeAccuracy;
    private final long paneMillis;
    private final long sizeMillis;
    private final LatencyRules.Config rulesConfig;
    private final long idleMillis;
    private final DetectorConfig detectorConfig;
    private transient LatencyRules rules;
    private transient SeriesScoring scoring;

    /**
     * Panes still being filled, by pane start, each a {@link LatencyStats} in bytes: several wait when requests
     * run ahead of the watermark. Only point reads (a request reads its own pane, the timer at a pane's end
     * reads and removes that pane): on RocksDB an iteration seeks past every removed pane, so a route's pane
     * starts are iterated only once per function instance, for the heap index that spares reading the panes
     * that do not exist ({@link IndexedMapState}: most window ends of a sparse route have none).
     */
    private transient IndexedMapState<String, Long, byte[]> openPanes;
    /**
     * The closed panes still inside a sliding window not yet emitted (at most size/slide − 1 of them, each
     * start + {@link LatencyStats} bytes, oldest first), the {@link LatencySummary} of those panes once read (a
     * sparse route's next sliding windows hold the same panes: no sketch is decoded again for them), the
     * baselines and firing flags of the three seed rules, and the idle bookkeeping of the rules (deadline and the
     * instant of the registered idle timer): one small value read and written once per pane end. Read through
     * a write-through cache of the last {@link #CACHED_ROUTES} routes' values ({@link CachedValueState}).
     */
    private transient CachedValueState<String, byte[]> recent;
    /**
     * The detector's models of this route's three figure series and the time of their last figure
     * ({@link FigureModels}), read and written once per tumbling window. Scored here, where the figures are
     * made in window order, rather than shuffled to {@link SeriesAnomalyFunction}: same detector, same records,
     * without a serialization, a shuffle and a state round trip per figure there. Not in {@link #recent}: that
     * one is read and written by every timer of the sliding-window chain, this one only when a pane closes.
     * Its decoded value is cached ({@link CachedValueState}, write-through like {@link #recent}), so a window
     * encodes the models once (the write) instead of decoding them first.
     */
    private transient CachedValueState<String, FigureModels> figureModels;
    /**
     * Requests whose pane had already closed. The ingest step dead-letters anything behind the source's
     * watermark, so this only counts requests let through by {@code events.allowed-lateness-ms} &gt; 0.
     */
    private transient Counter lateDropped;

    /*
     * Timers: one at the last millisecond of each pane that received a request (it closes the pane: tumbling
     * window, then the sliding window ending there) and one at the end of each later sliding window that
     * still holds a closed pane, registered as a chain from the previous one (the chain's windows that the
     * watermark has already passed are emitted in the same firing instead, see slideAhead, so a catch-up's
     * watermark step costs one timer per pane, not one per window); plus at most one idle timer,
     * not moved per window: when it fires before the (later) deadline it is registered again at the deadline,
     * and at the deadline the route's rules clear what fires and forget their state, and the figure series
     * are forgotten too (an open anomaly window closed at the figures' own deadline, last figure + idle, as
     * SeriesAnomalyFunction's idle timer would: that deadline is never later than the route's, so the route's
     * idle timer serves both and the figures need no timer of their own).
     */

    public RouteLatencyFunction(double relativeAccuracy, long paneMillis, long sizeMillis, LatencyRules.Config rulesConfig,
            long idleMillis, DetectorConfig detectorConfig) {
        if (sizeMillis % paneMillis != 0) {
            throw new IllegalArgumentException("the sliding window size must be a multiple of the slide");
        }
        this.relativeAccuracy = relativeAccuracy;
        this.paneMillis = paneMillis;
        this.sizeMillis = sizeMillis;
        this.rulesConfig = rulesConfig;
        this.idleMillis = idleMillis;
        this.detectorConfig = detectorConfig;
    }

    @Override
    public void open(OpenContext openContext) {
        rules = new LatencyRules(rulesConfig);
        scoring = new SeriesScoring(detectorConfig);
        figureModels = CachedValueState.encoded(getRuntimeContext().getState(new ValueStateDescriptor<>("figure-models",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)), CACHED_ROUTES, FigureModels::decode, FigureModels::encode);
        openPanes = new IndexedMapState<>(getRuntimeContext().getMapState(new MapStateDescriptor<>("open-panes", Types.LONG,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)), CACHED_ROUTES);
        recent = CachedValueState.of(getRuntimeContext().getState(new ValueStateDescriptor<>("route-memory",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)), CACHED_ROUTES);
        lateDropped = getRuntimeContext().getMetricGroup().counter("nexus_late_requests_dropped");
    }

    @Override
    public void processElement(RequestLatencyEvent event, Context ctx, Collector<LatencyWindow> out) throws Exception {
        long timestamp = ctx.timestamp();
        long paneStart = timestamp - Math.floorMod(timestamp, paneMillis);
        long paneLast = paneStart + paneMillis - 1;
        if (paneLast <= ctx.timerService().currentWatermark()) {
            lateDropped.inc();
            return; // its pane has closed: late, dropped (and counted) like the window operator drops it
        }
        byte[] existing = openPanes.get(ctx.getCurrentKey(), paneStart);
        LatencyStats stats = existing == null ? new LatencyStats(relativeAccuracy) : LatencyStats.fromBytes(existing);
        openPanes.put(ctx.getCurrentKey(), paneStart, stats.add(event.status(), event.latencyMs()).toBytes());
        if (existing == null) {
            ctx.timerService().registerEventTimeTimer(paneLast);
        }
        if (rulesConfig.errorRateEarly() && event.status() >= 500) {
            raiseOnFillingWindow(paneStart, stats, timestamp, ctx);
        }
    }

    /**
     * Only a server error can tip the error rate over, so the sliding window ending with the current pane is
     * merged from its panes so far (closed ones from {@link #recent}, open ones by point reads) at server errors
     * only: a few reads per server error, none per ordinary request. Its content is every request of the window
     * that arrived before this one, whichever of its panes the watermark has closed. Whether the complete windows
     * already fire is not asked ({@link LatencyRules#onFillingWindow}): that depends on how far the watermark got.
     */
    private void raiseOnFillingWindow(long paneStart, LatencyStats current, long timestamp, Context ctx) throws Exception {
        String key = ctx.getCurrentKey();
        Recent r = Recent.decode(recent.value(key));
        LatencyRuleState state = r.rules == null ? new LatencyRuleState() : r.rules;
        long end = paneStart + paneMillis;
        if (!rules.fillingWindowMatters(state, end)) {
            return;
        }
        LatencyStats filling = panesSoFar(r, key, end - sizeMillis, paneStart);
        filling = filling == null ? current : filling.merge(current);
        String service = LatencyAggregate.serviceOf(key);
        String route = LatencyAggregate.routeOf(key);
        LatencyWindow window = filling.toWindow(service, route, end - sizeMillis, end, LatencyWindow.SLIDING);
        long breachEnd = state.earlyBreachEnd;
        Signal raised = rules.onFillingWindow(state, window, timestamp, paneStart, () -> {
            LatencyStats previous = uncheckedPanesSoFar(r, key, paneStart - sizeMillis, paneStart);
            return previous == null ? null
                    : previous.toWindow(service, route, paneStart - sizeMillis, paneStart, LatencyWindow.SLIDING);
        });
        if (raised != null) {
            ctx.output(SIGNALS, raised);
        }
        if (state.earlyBreachEnd != breachEnd) {
            // The current pane's timer closes a window of this route later, which sets the idle timer that
            // eventually forgets this state.
            r.rules = state;
            recent.update(key, r.encode());
        }
    }

    /**
     * The panes from {@code start} up to (not including) {@code before} merged in time order, as the complete
     * window merges them: the closed ones from {@code r}, the open ones by point reads; null when there are none.
     * Every pane of a window that has not completed yet is still there: a closed window only drops the panes
     * before the next window's start.
     */
    private LatencyStats panesSoFar(Recent r, String key, long start, long before) throws Exception {
        LatencyStats merged = null;
        long lastClosed = Long.MIN_VALUE;
        for (int i = 0; i < r.starts.size(); i++) {
            long pane = r.starts.get(i);
            if (pane >= start && pane < before) {
                merged = merged == null ? LatencyStats.fromBytes(r.panes.get(i)) : merged.mergeBytes(r.panes.get(i));
            }
            lastClosed = Math.max(lastClosed, pane);
        }
        for (long pane = lastClosed == Long.MIN_VALUE ? start : Math.max(start, lastClosed + paneMillis); pane < before;
                pane += paneMillis) {
            byte[] open = openPanes.get(key, pane);
            if (open != null) {
                merged = merged == null ? LatencyStats.fromBytes(open) : merged.mergeBytes(open);
            }
        }
        return merged;
    }

    private LatencyStats uncheckedPanesSoFar(Recent r, String key, long start, long before) {
        try {
            return panesSoFar(r, key, start, before);
        } catch (Exception e) {
            throw new IllegalStateException("reading the open panes of " + key, e);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LatencyWindow> out) throws Exception {
        Recent r = Recent.decode(recent.value(ctx.getCurrentKey()));
        long end = timestamp + 1;
        if (Math.floorMod(end, paneMillis) == 0) {
            long next = closeWindowsEndingAt(end, r, ctx, out);
            // The later sliding windows of the chain that this watermark passes too, in this same firing: one
            // state read and write and no timer for each (a watermark step of a catch-up passes many).
            TimestampedCollector<LatencyWindow> stamped = out instanceof TimestampedCollector<LatencyWindow> t ? t : null;
            while (next != NONE) {
                if (stamped == null || !slideAhead(next, r, ctx, stamped)) {
                    ctx.timerService().registerEventTimeTimer(next - 1);
                    break;
                }
                next = r.starts.isEmpty() ? NONE : next + paneMillis;
            }
        }
        if (r.idleTimer == timestamp) {
            if (r.idleDeadline > timestamp) {
                ctx.timerService().registerEventTimeTimer(r.idleDeadline);
                r.idleTimer = r.idleDeadline;
            } else {
                forgetRules(r, timestamp, ctx);
                forgetFigures(ctx);
                r.idleTimer = NONE;
                r.idleDeadline = NONE;
            }
        }
        if (r.isEmpty()) {
            recent.clear(ctx.getCurrentKey());
        } else {
            recent.update(ctx.getCurrentKey(), r.encode());
        }
    }

    /**
     * Emits the sliding window ending at {@code end} (the next of the chain, later than the firing timer) now,
     * exactly as its own timer would, if nothing can tell the difference: the watermark has passed its last
     * instant, no pane closes there (that one's timer closes it, with the tumbling window, the rules and the
     * figures), the idle timer is not due before it, and the rules give no signal on it (a side output is
     * stamped with the firing timer's time, so a window with a signal keeps its own timer). Its row is stamped
     * with its own last instant, as its timer would stamp it. Only the order of rows across routes within one
     * watermark step changes. False when it is left to its own timer.
     */
    private boolean slideAhead(long end, Recent r, OnTimerContext ctx, TimestampedCollector<LatencyWindow> out) throws Exception {
        String key = ctx.getCurrentKey();
        if (end - 1 > ctx.timerService().currentWatermark() || (r.idleTimer != NONE && end - 1 >= r.idleTimer)
                || openPanes.contains(key, end - paneMillis)) {
            return false;
        }
        long start = end - sizeMillis;
        r.dropBefore(start); // done by the window's own timer first thing, too
        if (r.starts.isEmpty()) {
            return true; // not reached: the chain goes on only while a closed pane is inside the next window
        }
        if (r.summary == null) {
            r.summary = merge(r.panes).summary();
        }
        LatencyWindow sliding = r.summary.toWindow(LatencyAggregate.serviceOf(key), LatencyAggregate.routeOf(key),
                start, end, LatencyWindow.SLIDING);
        if (rules.signalsOn(r.rules == null ? new LatencyRuleState() : r.rules, sliding)) {
            return false;
        }
        out.setAbsoluteTimestamp(end - 1);
        out.collect(sliding);
        if (!applyRules(r, sliding, ctx).isEmpty()) {
            throw new IllegalStateException("a sliding window emitted ahead of its timer gave a signal");
        }
        r.idleDeadline = end + idleMillis;
        if (r.idleTimer == NONE) {
            ctx.timerService().registerEventTimeTimer(r.idleDeadline);
            r.idleTimer = r.idleDeadline;
        }
        r.dropBefore(start + paneMillis);
        return true;
    }

    /** Returns the end of the next sliding window of the chain, or NONE when no closed pane is left for one. */
    private long closeWindowsEndingAt(long end, Recent r, OnTimerContext ctx, Collector<LatencyWindow> out) throws Exception {
        String key = ctx.getCurrentKey();
        String service = LatencyAggregate.serviceOf(key);
        String route = LatencyAggregate.routeOf(key);
        LatencyRuleState state = null;

        long paneStart = end - paneMillis;
        byte[] closing = openPanes.get(key, paneStart);
        LatencySummary closed = null;
        if (closing != null) {
            openPanes.remove(key, paneStart);
            closed = LatencyStats.fromBytes(closing).summary();
            LatencyWindow tumbling = closed.toWindow(service, route, paneStart, end, LatencyWindow.TUMBLING);
            out.collect(tumbling);
            applyRules(r, tumbling, ctx);
            state = r.rules;
            scoreFigures(tumbling, ctx);
            r.add(paneStart, closing);
        }
        long start = end - sizeMillis;
        r.dropBefore(start);
        if (!r.starts.isEmpty()) {
            if (r.summary == null) {
                // The pane just closed is the newest, never dropped here: alone, it is the whole window.
                r.summary = r.starts.size() == 1 && closed != null ? closed : merge(r.panes).summary();
            }
            LatencyWindow sliding = r.summary.toWindow(service, route, start, end, LatencyWindow.SLIDING);
            out.collect(sliding);
            applyRules(r, sliding, ctx);
            state = r.rules;
        }
        if (state != null) {
            r.idleDeadline = end + idleMillis;
            if (r.idleTimer == NONE) {
                ctx.timerService().registerEventTimeTimer(r.idleDeadline);
                r.idleTimer = r.idleDeadline;
            }
        }
        // The pane at this window's start is in no later window; the next window holds the rest, if any.
        r.dropBefore(start + paneMillis);
        return r.starts.isEmpty() ? NONE : end + paneMillis;
    }

    /**
     * The window's three figures, each scored against its series' model as SeriesAnomalyFunction scores it. A
     * gap of more than {@code idleMillis} since the last figure (the route's idle timer not yet fired: sliding
     * windows kept it alive) means SeriesAnomalyFunction would have forgotten the series at its deadline first.
     */
    private void scoreFigures(LatencyWindow tumbling, OnTimerContext ctx) throws Exception {
        FigureModels stored = figureModels.value(ctx.getCurrentKey());
        FigureModels f = stored == null ? new FigureModels() : stored;
        long ts = tumbling.windowEnd().toEpochMilli() - 1; // the figures' timestamp (LatencyFigures)
        SeriesScoring.Sink sink = sink(ctx);
        if (f.lastTs != NONE && ts > f.lastTs + idleMillis) {
            forceCloseFigures(f, tumbling.service(), tumbling.route(), sink);
        }
        int[] next = {0};
        LatencyFigures.of(tumbling, p -> {
            int i = next[0]++;
            if (f.models[i] == null) {
                f.models[i] = scoring.newState();
            }
            scoring.score(f.models[i], p, sink);
        });
        f.lastTs = ts;
        figureModels.update(ctx.getCurrentKey(), f);
    }

    /** The route is idle: its figure series are forgotten, an open window closed at their own idle deadline. */
    private void forgetFigures(OnTimerContext ctx) throws Exception {
        FigureModels f = figureModels.value(ctx.getCurrentKey());
        if (f != null) {
            String key = ctx.getCurrentKey();
            forceCloseFigures(f, LatencyAggregate.serviceOf(key), LatencyAggregate.routeOf(key), sink(ctx));
            figureModels.clear(ctx.getCurrentKey());
        }
    }

    private void forceCloseFigures(FigureModels f, String service, String route, SeriesScoring.Sink sink) {
        List<String> series = LatencyFigures.series(service, route);
        for (int i = 0; i < f.models.length; i++) {
            if (f.models[i] != null) {
                scoring.forceClose(f.models[i], series.get(i), SeriesPoint.LATENCY_ANOMALY, f.lastTs + idleMillis, sink);
                f.models[i] = null;
            }
        }
        f.lastTs = NONE;
    }

    private static SeriesScoring.Sink sink(OnTimerContext ctx) {
        return new SeriesScoring.Sink(p -> ctx.output(FIGURE_SCORES, p), w -> ctx.output(ANOMALY_WINDOWS, w),
                s -> ctx.output(ANOMALY_SIGNALS, s));
    }

    /** In time order, so that sums of doubles do not depend on anything but the panes. */
    private static LatencyStats merge(List<byte[]> panes) {
        LatencyStats merged = null;
        for (byte[] bytes : panes) {
            merged = merged == null ? LatencyStats.fromBytes(bytes) : merged.mergeBytes(bytes);
        }
        return merged;
    }

    /** Returns the signals it emitted. */
    private List<Signal> applyRules(Recent r, LatencyWindow window, OnTimerContext ctx) {
        if (r.rules == null) {
            r.rules = new LatencyRuleState();
        }
        List<Signal> signals = rules.onWindow(r.rules, window);
        for (Signal signal : signals) {
            ctx.output(SIGNALS, signal);
        }
        return signals;
    }

    private void forgetRules(Recent r, long timestamp, OnTimerContext ctx) {
        LatencyRuleState state = r.rules;
        if (state != null) {
            String entity = ctx.getCurrentKey().replace('\u001f', ':');
            Instant ts = Instant.ofEpochMilli(timestamp);
            String evidence = Json.object(Map.of("reason", "no requests for " + idleMillis / 1000 + " s"));
            if (state.errorFiring) {
                ctx.output(SIGNALS, Signal.of(LatencyRules.SOURCE, LatencyRules.ERROR_RATE_HIGH, entity, "P2", Signal.SignalState.CLEARED, ts, evidence));
            }
            if (state.p95Firing) {
                ctx.output(SIGNALS, Signal.of(LatencyRules.SOURCE, LatencyRules.P95_REGRESSION, entity, "P2", Signal.SignalState.CLEARED, ts, evidence));
            }
            if (state.meanFiring) {
                ctx.output(SIGNALS, Signal.of(LatencyRules.SOURCE, LatencyRules.LATENCY_ANOMALY, entity, "P3", Signal.SignalState.CLEARED, ts, evidence));
            }
        }
        r.rules = null;
    }

    /**
     * The decoded {@link #figureModels} value: the time of the last figure and one {@link SeriesState} per
     * figure series, in {@link LatencyFigures#FIGURES} order (null before its first figure), each in
     * {@link SeriesStateCodec}'s bytes.
     */
    static final class FigureModels {
        long lastTs = NONE;
        final SeriesState[] models = new SeriesState[LatencyFigures.FIGURES.size()];

        static FigureModels decode(byte[] bytes) {
            FigureModels f = new FigureModels();
            if (bytes == null) {
                return f;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            f.lastTs = in.getLong();
            for (int i = 0; i < f.models.length; i++) {
                if (in.get() != 0) {
                    f.models[i] = SeriesStateCodec.read(in);
                }
            }
            return f;
        }

        byte[] encode() {
            int size = 8;
            for (SeriesState m : models) {
                size += 1 + (m == null ? 0 : SeriesStateCodec.size(m));
            }
            ByteBuffer out = ByteBuffer.allocate(size);
            out.putLong(lastTs);
            for (SeriesState m : models) {
                out.put((byte) (m == null ? 0 : 1));
                if (m != null) {
                    SeriesStateCodec.write(m, out);
                }
            }
            return out.array();
        }
    }

    /** The decoded {@link #recent} value. */
    static final class Recent {
        final List<Long> starts = new ArrayList<>();
        final List<byte[]> panes = new ArrayList<>();
        long idleDeadline = NONE;
        long idleTimer = NONE;
        /** Figures of exactly the panes above, once read; null whenever the panes change. */
        LatencySummary summary;
        /** Baselines and firing flags of the three seed rules; null before the first window and once forgotten. */
        LatencyRuleState rules;

        boolean isEmpty() {
            return starts.isEmpty() && idleTimer == NONE && rules == null;
        }

        void add(long start, byte[] pane) {
            starts.add(start);
            panes.add(pane);
            summary = null;
        }

        void dropBefore(long start) {
            while (!starts.isEmpty() && starts.get(0) < start) {
                starts.remove(0);
                panes.remove(0);
                summary = null;
            }
        }

        static Recent decode(byte[] bytes) {
            Recent r = new Recent();
            if (bytes == null) {
                return r;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            r.idleDeadline = in.getLong();
            r.idleTimer = in.getLong();
            int n = in.getInt();
            for (int i = 0; i < n; i++) {
                r.starts.add(in.getLong());
                byte[] pane = new byte[in.getInt()];
                in.get(pane);
                r.panes.add(pane);
            }
            if (in.get() != 0) {
                r.summary = LatencySummary.read(in);
            }
            if (in.get() != 0) {
                r.rules = LatencyRuleState.read(in);
            }
            return r;
        }

        byte[] encode() {
            int size = 8 + 8 + 4 + 1 + (summary == null ? 0 : LatencySummary.BYTES) + 1 + (rules == null ? 0 : rules.bytes());
            for (byte[] pane : panes) {
                size += 8 + 4 + pane.length;
            }
            ByteBuffer out = ByteBuffer.allocate(size);
            out.putLong(idleDeadline);
            out.putLong(idleTimer);
            out.putInt(starts.size());
            for (int i = 0; i < starts.size(); i++) {
                out.putLong(starts.get(i));
                out.putInt(panes.get(i).length);
                out.put(panes.get(i));
            }
            out.put((byte) (summary == null ? 0 : 1));
            if (summary != null) {
                summary.write(out);
            }
            out.put((byte) (rules == null ? 0 : 1));
            if (rules != null) {
                rules.write(out);
            }
            return out.array();
        }
    }
}
