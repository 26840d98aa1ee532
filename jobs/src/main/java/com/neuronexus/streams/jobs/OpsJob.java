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
import com.neuronexus.streams.operators.ops.LatencyPane;
import com.neuronexus.streams.operators.ops.LatencyRules;
import com.neuronexus.streams.operators.ops.ScoredPoint;
import com.neuronexus.streams.operators.ops.SeriesPoint;
import com.neuronexus.streams.operators.ops.flink.LatencyAggregate;
import com.neuronexus.streams.operators.ops.flink.LatencyRulesFunction;
import com.neuronexus.streams.operators.ops.flink.LatencyStatsTypeInfo;
import com.neuronexus.streams.operators.ops.flink.LatencyWindowFunction;
import com.neuronexus.streams.operators.ops.flink.SeriesAnomalyFunction;
import com.neuronexus.streams.operators.ops.flink.SlidingLatencyFunction;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
        double accuracy = settings.get(OpsSettings.SKETCH_ACCURACY);
        Duration tumbling = Duration.ofSeconds(settings.get(OpsSettings.TUMBLING_SECONDS));
        Duration sliding = Duration.ofSeconds(settings.get(OpsSettings.SLIDING_SECONDS));
        Duration slide = Duration.ofSeconds(settings.get(OpsSettings.SLIDE_SECONDS));
        LatencyRules.Config rules = new LatencyRules.Config(settings.get(OpsSettings.RULE_ERROR_RATE),
                settings.get(OpsSettings.RULE_ERROR_MIN_REQUESTS), settings.get(OpsSettings.RULE_P95_FACTOR),
                settings.get(OpsSettings.RULE_P95_SUSTAIN_SECONDS) * 1000L, settings.get(OpsSettings.RULE_MEAN_SIGMAS));

        DataStream<RequestLatencyEvent> requests = io.read(env, Topic.REQUEST_LATENCY, RequestLatencyEvent.class);
        DataStream<MetricSample> metrics = io.read(env, Topic.METRICS, MetricSample.class);

        KeyedStream<RequestLatencyEvent, String> byRoute = requests.keyBy(e -> LatencyAggregate.key(e.service(), e.route()));
        TypeInformation<LatencyWindow> windowType = TypeInformation.of(LatencyWindow.class);
        // When the slide equals the tumbling size (the default), the sliding windows are merged from the tumbling
        // windows' sketches: each request then updates one window's state, not size/slide of them.
        boolean fromPanes = slide.equals(tumbling) && sliding.toMillis() % slide.toMillis() == 0;
        SingleOutputStreamOperator<LatencyWindow> tumblingWindows = byRoute
                .window(TumblingEventTimeWindows.of(tumbling))
                .aggregate(new LatencyAggregate(accuracy), new LatencyWindowFunction(LatencyWindow.TUMBLING, fromPanes),
                        LatencyStatsTypeInfo.INSTANCE, LatencyStatsTypeInfo.INSTANCE, windowType)
                .name("latency-windows-tumbling").uid("ops-latency-tumbling");
        DataStream<LatencyWindow> slidingWindows = fromPanes
                ? tumblingWindows.getSideOutput(LatencyWindowFunction.PANES)
                        .keyBy(LatencyPane::key)
                        .process(new SlidingLatencyFunction(sliding.toMillis(), slide.toMillis()), windowType)
                        .name("latency-windows-sliding").uid("ops-latency-sliding-panes")
                : byRoute
                        .window(SlidingEventTimeWindows.of(sliding, slide))
                        .aggregate(new LatencyAggregate(accuracy), new LatencyWindowFunction(LatencyWindow.SLIDING),
                                LatencyStatsTypeInfo.INSTANCE, LatencyStatsTypeInfo.INSTANCE, windowType)
                        .name("latency-windows-sliding").uid("ops-latency-sliding");
        DataStream<LatencyWindow> windows = tumblingWindows.union(slidingWindows);
        io.write(windows, Topic.LATENCY_WINDOWS, LatencyWindow.class);

        DataStream<Signal> ruleSignals = windows
                .keyBy(w -> LatencyAggregate.key(w.service(), w.route()))
                .process(new LatencyRulesFunction(rules, IDLE_MILLIS))
                .name("latency-seed-rules").uid("ops-latency-rules");

        DataStream<SeriesPoint> figures = tumblingWindows
                .flatMap(OpsJob::figures, TypeInformation.of(SeriesPoint.class))
                .name("latency-figures").uid("ops-latency-figures");
        DataStream<SeriesPoint> samples = metrics
                .map(m -> new SeriesPoint(m.series(), m.ts().toEpochMilli(), m.value(), m.eventId(), SeriesPoint.METRIC_ANOMALY, 0))
                .returns(SeriesPoint.class)
                .name("metric-samples").uid("ops-metric-samples");
        SingleOutputStreamOperator<ScoredPoint> scored = figures.union(samples)
                .keyBy(SeriesPoint::series)
                .process(new SeriesAnomalyFunction(detectorConfig(settings), IDLE_MILLIS))
                .name("series-anomaly-detector").uid("ops-anomaly-detector");

        io.write(scored.getSideOutput(SeriesAnomalyFunction.WINDOWS), Topic.ANOMALIES, AnomalyWindow.class);
        io.write(scored.getSideOutput(SeriesAnomalyFunction.SIGNALS).union(ruleSignals), Topic.SIGNALS, Signal.class);
    }

    /**
     * The figures of a tumbling window that the detector watches, one series each, with the noise their
     * request count implies: one error in n requests moves the error rate by 1/n, a Poisson count has noise
     * √n, and the sketch's p95 is exact to 1 % — differences within that noise are not anomalies.
     */
    static void figures(LatencyWindow w, Collector<SeriesPoint> out) {
        long ts = w.windowEnd().toEpochMilli() - 1; // the window's own event time (its max timestamp)
        String ref = w.windowStart().toString();
        double n = Math.max(1, w.requestCount());
        double seconds = Math.max(1, w.windowSeconds());
        out.collect(new SeriesPoint(LatencyWindow.seriesName("p95_ms", w.service(), w.route()), ts, w.p95Ms(), ref,
                SeriesPoint.LATENCY_ANOMALY, 0.01 * w.p95Ms()));
        out.collect(new SeriesPoint(LatencyWindow.seriesName("error_rate", w.service(), w.route()), ts, w.errorRate(), ref,
                SeriesPoint.LATENCY_ANOMALY, 1.0 / n));
        out.collect(new SeriesPoint(LatencyWindow.seriesName("request_rate", w.service(), w.route()), ts, w.requestRate(), ref,
                SeriesPoint.LATENCY_ANOMALY, Math.sqrt(n) / seconds));
    }
}
