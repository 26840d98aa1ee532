package com.neuronexus.streams.jobs;

import com.neuronexus.streams.connectors.io.TopicIo;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.MetricSample;
import com.neuronexus.streams.core.events.RequestLatencyEvent;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.outputs.AnomalyWindow;
import com.neuronexus.streams.core.outputs.LatencyWindow;
import com.neuronexus.streams.core.settings.OpsSettings;
import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.operators.ops.DetectorConfig;
import com.neuronexus.streams.operators.ops.LatencyFigures;
import com.neuronexus.streams.operators.ops.LatencyRules;
import com.neuronexus.streams.operators.ops.ScoredPoint;
import com.neuronexus.streams.operators.ops.SeriesPoint;
import com.neuronexus.streams.operators.ops.flink.LatencyAggregate;
import com.neuronexus.streams.operators.ops.flink.LatencyRulesFunction;
import com.neuronexus.streams.operators.ops.flink.LatencyStatsTypeInfo;
import com.neuronexus.streams.operators.ops.flink.LatencyWindowFunction;
import com.neuronexus.streams.operators.ops.flink.SeriesAnomalyFunction;
import com.neuronexus.streams.operators.ops.flink.RouteLatencyFunction;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.Collector;

/**
 * Ops: request latencies → latency windows (tumbling and sliding, DDSketch quantiles) → seed rules and the
 * anomaly detector (on p95, error rate and request rate per route, and on every raw metric sample) →
 * {@code ops.latency-windows}, {@code ops.anomalies}, {@code ops.signals}.
 */
public final class OpsJob extends NexusJob {
    /** A series or route silent this long (event time) is forgotten. */
    static final long IDLE_MILLIS = Duration.ofDays(2).toMillis();
    public static void main(String[] args) throws Exception {
        JobLauncher.run(args, "ops", OpsJob::new);
    }

    public OpsJob(Settings settings, TopicIo io) {
        super(settings, io);
    }

    @Override
    public String shortName() {
        return "ops";
    }

    public static DetectorConfig detectorConfig(Settings settings) {
        return DetectorConfig.defaults()
                .withHysteresis(settings.get(OpsSettings.DETECTOR_OPEN_SCORE), settings.get(OpsSettings.DETECTOR_CLOSE_SCORE),
                        settings.get(OpsSettings.DETECTOR_CLOSE_AFTER))
                .withWarmup(settings.get(OpsSettings.DETECTOR_WARMUP))
                .withLevelAlpha(settings.get(OpsSettings.DETECTOR_LEVEL_ALPHA))
                .withSeasonal(settings.get(OpsSettings.DETECTOR_SEASONAL));
    }

    @Override
    public void build(StreamExecutionEnvironment env) {
        // Every record between chained operators of this job would otherwise be deep-copied by its serializer
        // (≈2.6 output rows per input event, each copied on its way to the sink or a side output). Safe here, and
        // checked for each function this job chains: every record type it passes (RequestLatencyEvent,
        // MetricSample, Ingested, LatencyWindow, SeriesPoint, ScoredPoint, Signal, AnomalyWindow, DeadLetter)
        // is a record or built fresh per message and never changed after it is emitted; no function changes
        // its input; and the one function that keeps an input (SeriesAnomalyFunction's pending samples) keeps
        // an immutable record that nothing upstream reuses. A new function in this job must keep to that.
        env.getConfig().enableObjectReuse();
        // Timers on the heap, for this job only (with RocksDB they are RocksDB entries by default): per route at
        // most size/slide pane and window ends plus one idle timer, per series one per waiting timestamp (as many
        // as samples wait for the watermark: a few live, more while one input catches up) plus one idle timer;
        // a timer in RocksDB costs a write on register and a seek and delete on firing, a seventh of the job's
        // time in a profile. Heap timers are checkpointed with the keyed state (in the synchronous part); the
        // keyed state itself stays in RocksDB.
        env.configure(Configuration.fromMap(Map.of("state.backend.rocksdb.timer-service.factory", "HEAP")));
        double accuracy = settings.get(OpsSettings.SKETCH_ACCURACY);
        Duration tumbling = Duration.ofSeconds(settings.get(OpsSettings.TUMBLING_SECONDS));
        Duration sliding = Duration.ofSeconds(settings.get(OpsSettings.SLIDING_SECONDS));
        Duration slide = Duration.ofSeconds(settings.get(OpsSettings.SLIDE_SECONDS));
        LatencyRules.Config rules = new LatencyRules.Config(settings.get(OpsSettings.RULE_ERROR_RATE),
                settings.get(OpsSettings.RULE_ERROR_MIN_REQUESTS), settings.get(OpsSettings.RULE_P95_FACTOR),
                settings.get(OpsSettings.RULE_P95_SUSTAIN_SECONDS) * 1000L, settings.get(OpsSettings.RULE_MEAN_SIGMAS),
                settings.get(OpsSettings.RULE_ERROR_RATE_EARLY), settings.get(OpsSettings.RULE_MEAN_MIN_REQUESTS));

        // Keyed state waits for the watermark, which is the slowest reader's: a route's panes until the request
        // watermark passes them, a metric sample in the detector until the metrics watermark does (and with
        // other windows than the default, until the request watermark does too, for the window figures). While a
        // backlog is read, a reader with less data per hour of event time (another partition, the other topic)
        // runs ahead, and everything it reads waits in state, each pane and sample with a heap timer: days of
        // it, unaligned. Aligned, no reader gets more than the drift ahead of the slowest (pausing per Kafka
        // split); live, all are at the wall clock and nothing pauses. A reader may run the drift ahead of the
        // slowest *as last reported*, so a catch-up moves at most the drift per alignment update (KafkaTopicIo):
        // with 6 h and 200 ms updates that capped the bench's sparse workload at ~26k events/s (docs/ops.md,
        // "Session 8"); 10 min had cost it ~18 % more.
        int driftMinutes = settings.get(OpsSettings.SOURCE_MAX_DRIFT_MINUTES);
        if (driftMinutes < 1) {
            throw new IllegalArgumentException(OpsSettings.SOURCE_MAX_DRIFT_MINUTES.name() + " must be at least 1, was " + driftMinutes);
        }
        Duration drift = Duration.ofMinutes(driftMinutes);
        DataStream<RequestLatencyEvent> requests = io.readAligned(env, Topic.REQUEST_LATENCY, RequestLatencyEvent.class, drift);
        DataStream<MetricSample> metrics = io.readAligned(env, Topic.METRICS, MetricSample.class, drift);

        KeyedStream<RequestLatencyEvent, String> byRoute = requests.keyBy(e -> LatencyAggregate.key(e.service(), e.route()));
        TypeInformation<LatencyWindow> windowType = TypeInformation.of(LatencyWindow.class);
        DataStream<LatencyWindow> windows;
        DataStream<Signal> ruleSignals;
        // Window figures for SeriesAnomalyFunction; null when the route function scores them itself.
        DataStream<SeriesPoint> figures;
        DataStream<AnomalyWindow> figureWindows = null;
        DataStream<Signal> figureSignals = null;
        if (slide.equals(tumbling) && sliding.toMillis() % slide.toMillis() == 0) {
            // The default: tumbling panes, sliding windows merged from them, the seed rules and the detector over
            // the windows' figures in one keyed function per route, so a pane costs a few state round trips and
            // no shuffle (figures were ~84 % of the detector's input, each a shuffle and a state round trip).
            SingleOutputStreamOperator<LatencyWindow> routeWindows = byRoute
                    .process(new RouteLatencyFunction(accuracy, tumbling.toMillis(), sliding.toMillis(), rules, IDLE_MILLIS,
                            detectorConfig(settings)), windowType)
                    .name("latency-windows-and-rules").uid("ops-latency-route");
            windows = routeWindows;
            ruleSignals = routeWindows.getSideOutput(RouteLatencyFunction.SIGNALS);
            figures = null;
            figureWindows = routeWindows.getSideOutput(RouteLatencyFunction.ANOMALY_WINDOWS);
            figureSignals = routeWindows.getSideOutput(RouteLatencyFunction.ANOMALY_SIGNALS);
        } else {
            SingleOutputStreamOperator<LatencyWindow> tumblingWindows = byRoute
                    .window(TumblingEventTimeWindows.of(tumbling))
                    .aggregate(new LatencyAggregate(accuracy), new LatencyWindowFunction(LatencyWindow.TUMBLING),
                            LatencyStatsTypeInfo.INSTANCE, LatencyStatsTypeInfo.INSTANCE, windowType)
                    .name("latency-windows-tumbling").uid("ops-latency-tumbling");
            DataStream<LatencyWindow> slidingWindows = byRoute
                    .window(SlidingEventTimeWindows.of(sliding, slide))
                    .aggregate(new LatencyAggregate(accuracy), new LatencyWindowFunction(LatencyWindow.SLIDING),
                            LatencyStatsTypeInfo.INSTANCE, LatencyStatsTypeInfo.INSTANCE, windowType)
                    .name("latency-windows-sliding").uid("ops-latency-sliding");
            windows = tumblingWindows.union(slidingWindows);
            ruleSignals = windows
                    .keyBy(w -> LatencyAggregate.key(w.service(), w.route()))
                    .process(new LatencyRulesFunction(rules, IDLE_MILLIS))
                    .name("latency-seed-rules").uid("ops-latency-rules");
            figures = tumblingWindows
                    .flatMap(OpsJob::figures, TypeInformation.of(SeriesPoint.class))
                    .name("latency-figures").uid("ops-latency-figures");
        }
        io.write(windows, Topic.LATENCY_WINDOWS, LatencyWindow.class);

        DataStream<SeriesPoint> samples = metrics
                .map(m -> new SeriesPoint(m.series(), m.ts().toEpochMilli(), m.value(), m.eventId(), SeriesPoint.METRIC_ANOMALY, 0))
                .returns(SeriesPoint.class)
                .name("metric-samples").uid("ops-metric-samples");
        SingleOutputStreamOperator<ScoredPoint> scored = (figures == null ? samples : figures.union(samples))
                .keyBy(SeriesPoint::series)
                .process(new SeriesAnomalyFunction(detectorConfig(settings), IDLE_MILLIS))
                .name("series-anomaly-detector").uid("ops-anomaly-detector");

        DataStream<AnomalyWindow> anomalies = scored.getSideOutput(SeriesAnomalyFunction.WINDOWS);
        DataStream<Signal> signals = scored.getSideOutput(SeriesAnomalyFunction.SIGNALS).union(ruleSignals);
        if (figureWindows != null) {
            anomalies = anomalies.union(figureWindows);
            signals = signals.union(figureSignals);
        }
        io.write(anomalies, Topic.ANOMALIES, AnomalyWindow.class);
        io.write(signals, Topic.SIGNALS, Signal.class);
    }

    /** The figures of a tumbling window that the detector watches, see {@link LatencyFigures}. */
    static void figures(LatencyWindow w, Collector<SeriesPoint> out) {
        LatencyFigures.of(w, out::collect);
    }
}
