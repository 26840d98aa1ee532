package com.neuronexus.streams.operators.demand.flink;

import com.neuronexus.streams.core.outputs.ForecastAccuracy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Test reference: {@link AccuracyOverallFunction} before session 7, draining one pending list at every timer
 * (AccuracyOverallBenchmarkTest compares output and CPU). Otherwise unchanged.
 *
 * <p>Accuracy across SKUs, on one global key, downstream of the per-SKU operator (no cycle). For each bucket
 * close it takes every SKU's accuracy row, flags high-variance items (item MAPE above
 * {@code highVarianceFactor} × the average item MAPE over all SKUs' latest MAPE), emits the rows, and adds
 * an overall row with {@code sku = "_overall"}: the mean of the item figures, {@code scored} = number of
 * SKUs. Rows wait for the watermark and are emitted sorted by SKU, so the result is order independent.
 */
public class OldAccuracyOverallFunction extends KeyedProcessFunction<String, ForecastAccuracy, ForecastAccuracy> {
    private static final long serialVersionUID = 1L;
    public static final String GLOBAL_KEY = "all-skus";
    public static final String OVERALL_SKU = "_overall";

    private final double highVarianceFactor;

    /** Latest item MAPE per SKU (SKUs without a MAPE — only zero actuals — are absent). */
    private transient MapState<String, Double> latestMape;
    /** Rows waiting for the watermark. */
    private transient ListState<ForecastAccuracy> pending;

    public OldAccuracyOverallFunction(double highVarianceFactor) {
        this.highVarianceFactor = highVarianceFactor;
    }

    @Override
    public void open(OpenContext openContext) {
        latestMape = getRuntimeContext().getMapState(new MapStateDescriptor<>("accuracy-mape", Types.STRING, Types.DOUBLE));
        pending = getRuntimeContext().getListState(
                new ListStateDescriptor<>("accuracy-pending", TypeInformation.of(ForecastAccuracy.class)));
    }

    @Override
    public void processElement(ForecastAccuracy row, Context ctx, Collector<ForecastAccuracy> out) throws Exception {
        pending.add(row);
        ctx.timerService().registerEventTimeTimer(row.asOf().toEpochMilli());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ForecastAccuracy> out) throws Exception {
        List<ForecastAccuracy> due = EventTimeBuffer.drain(pending, timestamp, r -> r.asOf().toEpochMilli(),
                Comparator.comparing(ForecastAccuracy::asOf).thenComparing(ForecastAccuracy::sku));
        if (due.isEmpty()) {
            return;
        }
        for (ForecastAccuracy row : due) {
            if (row.mape() != null) {
                latestMape.put(row.sku(), row.mape());
            } else {
                latestMape.remove(row.sku());
            }
        }
        // Summed in ascending order of value: floating-point addition depends on order, and the map's iteration
        // order does not stay the same (heap vs RocksDB state), so the mean would differ in its last digits
        // between a replay and a live run (DemandEndToEndTest caught exactly that).
        double[] mapes = new double[16];
        int count = 0;
        for (Map.Entry<String, Double> e : latestMape.entries()) {
            if (count == mapes.length) {
                mapes = java.util.Arrays.copyOf(mapes, count * 2);
            }
            mapes[count++] = e.getValue();
        }
        java.util.Arrays.sort(mapes, 0, count);
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += mapes[i];
        }
        double averageMape = count == 0 ? Double.NaN : sum / count;
        List<ForecastAccuracy> flagged = new ArrayList<>(due.size());
        for (ForecastAccuracy row : due) {
            Boolean high = row.mape() == null || Double.isNaN(averageMape) ? null
                    : row.mape() > highVarianceFactor * averageMape;
            flagged.add(new ForecastAccuracy(row.sku(), row.asOf(), row.bucket(), row.scored(), row.mape(), row.wape(),
                    row.mase(), row.bias(), row.byStep(), high, row.driftPValue(), row.driftRecentMeanError(),
                    row.driftBaselineMeanError(), row.drift()));
        }
        flagged.forEach(out::collect);
        // One overall row per as_of among the rows that closed now.
        ForecastAccuracy last = due.get(due.size() - 1);
        out.collect(new ForecastAccuracy(OVERALL_SKU, last.asOf(), last.bucket(), count,
                Double.isNaN(averageMape) ? null : averageMape,
                mean(due, ForecastAccuracy::wape), mean(due, ForecastAccuracy::mase), mean(due, ForecastAccuracy::bias),
                "[]", null, null, null, null, due.stream().anyMatch(ForecastAccuracy::drift)));
    }

    private static Double mean(List<ForecastAccuracy> rows, java.util.function.Function<ForecastAccuracy, Double> field) {
        double sum = 0;
        int n = 0;
        for (ForecastAccuracy row : rows) {
            Double v = field.apply(row);
            if (v != null) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }
}
