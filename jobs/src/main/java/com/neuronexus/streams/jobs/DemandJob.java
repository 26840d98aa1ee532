package com.neuronexus.streams.jobs;

import com.neuronexus.streams.connectors.io.TopicIo;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.events.ItemEvent;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.events.StockEvent;
import com.neuronexus.streams.core.events.UsageEvent;
import com.neuronexus.streams.core.outputs.Forecast;
import com.neuronexus.streams.core.outputs.ForecastAccuracy;
import com.neuronexus.streams.core.outputs.ReorderRecommendation;
import com.neuronexus.streams.core.settings.DemandSettings;
import com.neuronexus.streams.core.settings.Settings;
import com.neuronexus.streams.operators.demand.BucketSize;
import com.neuronexus.streams.operators.demand.DemandConfig;
import com.neuronexus.streams.operators.demand.SelectionMode;
import com.neuronexus.streams.operators.demand.flink.AbcAssignment;
import com.neuronexus.streams.operators.demand.flink.AbcClassFunction;
import com.neuronexus.streams.operators.demand.flink.AbcValue;
import com.neuronexus.streams.operators.demand.flink.AccuracyOverallFunction;
import com.neuronexus.streams.operators.demand.flink.AnnualUsageFunction;
import com.neuronexus.streams.operators.demand.flink.DemandFunction;
import com.neuronexus.streams.operators.demand.flink.DemandInput;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Continuous demand statistics, forecasts, accuracy and drift, ABC classes and reorder recommendations.
 *
 * <pre>
 * usage ─┬──────────────────────────────────────────────┐
 *        └─► annual usage value (by sku) ─► ABC (global) ─► classes ─┐
 * items ─┬─┘                                                         ├─► demand (by sku) ─► recommendations
 * stock ─┴───────────────────────────────────────────────────────────┘        ├─► forecasts, drift signals
 *                                                  accuracy ─► overall + high-variance (global) ◄─┘
 * </pre>
 *
 * ABC reads the sources itself, not the demand operator's output, so the graph has no cycle. Every keyed
 * operator buffers its inputs until the watermark and applies them in event-time order: the output does not
 * depend on how the streams interleave.
 */
public final class DemandJob extends NexusJob {

    public static void main(String[] args) throws Exception {
        JobLauncher.run(args, "demand", DemandJob::new);
    }

    public DemandJob(Settings settings, TopicIo io) {
        super(settings, io);
    }

    @Override
    public String shortName() {
        return "demand";
    }

    /** The operators' plain configuration from the typed settings. */
    public static DemandConfig config(Settings s) {
        return new DemandConfig(
                BucketSize.valueOf(s.get(DemandSettings.BUCKET).name()),
                s.get(DemandSettings.HORIZON),
                s.get(DemandSettings.MIN_HISTORY),
                s.get(DemandSettings.HISTORY_WEEKS),
                SelectionMode.valueOf(s.get(DemandSettings.SELECTION).name()),
                s.get(DemandSettings.ERROR_WINDOW_WEEKS),
                s.get(DemandSettings.ACCURACY_WINDOW_WEEKS),
                s.get(DemandSettings.INTERVAL_LEVEL),
                s.get(DemandSettings.DRIFT_P_VALUE),
                s.get(DemandSettings.HIGH_VARIANCE_FACTOR),
                s.get(DemandSettings.DEFAULT_LEAD_TIME_DAYS),
                s.get(DemandSettings.ABC_A_SHARE),
                s.get(DemandSettings.ABC_B_SHARE),
                s.get(DemandSettings.AUTO_APPROVE_CLASSES),
                s.get(DemandSettings.AUTO_APPROVE_PRIORITIES),
                s.get(DemandSettings.AUTO_APPROVE_MAX_VALUE));
    }

    @Override
    public void build(StreamExecutionEnvironment env) {
        DemandConfig config = config(settings);

        DataStream<DemandInput> usage = io.read(env, Topic.INVENTORY_USAGE, UsageEvent.class)
                .map(DemandInput::of).returns(DemandInput.class)
                .name("usage as demand input").uid("demand-usage-input");
        DataStream<DemandInput> stock = io.read(env, Topic.INVENTORY_STOCK, StockEvent.class)
                .map(DemandInput::of).returns(DemandInput.class)
                .name("stock as demand input").uid("demand-stock-input");
        DataStream<DemandInput> items = io.read(env, Topic.INVENTORY_ITEMS, ItemEvent.class)
                .map(DemandInput::of).returns(DemandInput.class)
                .name("items as demand input").uid("demand-items-input");

        DataStream<AbcValue> annualValues = usage.union(items)
                .keyBy(DemandInput::sku)
                .process(new AnnualUsageFunction())
                .name("annual usage value per sku").uid("demand-annual-usage-value");
        DataStream<AbcAssignment> classes = annualValues
                .keyBy(value -> AbcClassFunction.GLOBAL_KEY)
                .process(new AbcClassFunction(config.abcAShare(), config.abcBShare()))
                .setParallelism(1)
                .name("abc classes").uid("demand-abc-classes");
        DataStream<DemandInput> classInputs = classes
                .map(DemandInput::of).returns(DemandInput.class)
                .name("classes as demand input").uid("demand-class-input");

        SingleOutputStreamOperator<ReorderRecommendation> recommendations = usage.union(stock, items, classInputs)
                .keyBy(DemandInput::sku)
                .process(new DemandFunction(config))
                .name("demand forecast and reorder per sku").uid("demand-per-sku");

        io.write(recommendations, Topic.RECOMMENDATIONS, ReorderRecommendation.class);
        io.write(recommendations.getSideOutput(DemandFunction.FORECASTS), Topic.FORECASTS, Forecast.class);
        DataStream<ForecastAccuracy> accuracy = recommendations.getSideOutput(DemandFunction.ACCURACY)
                .keyBy(row -> AccuracyOverallFunction.GLOBAL_KEY)
                .process(new AccuracyOverallFunction(config.highVarianceFactor()))
                .setParallelism(1)
                .name("accuracy overall and high-variance items").uid("demand-accuracy-overall");
        io.write(accuracy, Topic.ACCURACY, ForecastAccuracy.class);
        io.write(recommendations.getSideOutput(DemandFunction.SIGNALS), Topic.SIGNALS, Signal.class);
    }
}
