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
 * Accuracy across SKUs, on one global key, downstream of the per-SKU operator (no cycle). For each bucket
 * close it takes every SKU's accuracy row, flags high-variance items (item MAPE above
 * {@code highVarianceFactor} × the average item MAPE over all SKUs' latest MAPE), emits the rows, and adds
 * an overall row with {@code sku = "_overall"}: the mean of the item figures, {@code scored} = number of
 * SKUs. Rows wait for the watermark and are emitted sorted by SKU, so the result is order independent.
 */
public class AccuracyOverallFunction extends KeyedProcessFunction<String, ForecastAccuracy, ForecastAccuracy> {
    private static final long serialVersionUID = 1L;
    public static final String GLOBAL_KEY = "all-skus";
    public static final String OVERALL_SKU = "_overall";

    private final double highVarianceFactor;

    /** Latest item MAPE per SKU (SKUs without a MAPE — only zero actuals — are absent). */
    private transient MapState<String, Double> latestMape;
    /**
     * Rows waiting for the watermark, appended without being read (a RocksDB merge). A timer at {@code t} takes
     * the rows with as_of ≤ t; each row registered a timer at its as_of.
     */
    private transient ListState<ForecastAccuracy> pending;
    /**
     * Rows the current watermark step has passed, by as_of, moved out of {@code pending} by the first timer of the
     * step; each waits for its own as_of's timer, later in the same step. One watermark step of a catch-up passes
     * many instants: the list was read whole at every instant's timer (mostly decoding rows not yet due), it is now
     * read once per step. Empty between steps.
     */
    private transient MapState<Long, List<ForecastAccuracy>> passed;
    /**
     * Not state: {@code pending} of key {@link #splitKey} holds no row with as_of ≤ this (moved to {@code passed} or
     * released), as nothing was added since. Long.MIN_VALUE (after a start, a restore or any add): read it.
     */
    private transient long splitUpTo;
    private transient Object splitKey;

    public AccuracyOverallFunction(double highVarianceFactor) {
        this.highVarianceFactor = highVarianceFactor;
    }

    @Override
    public void open(OpenContext openContext) {
        latestMape = getRuntimeContext().getMapState(new MapStateDescriptor<>("accuracy-mape", Types.STRING, Types.DOUBLE));
        pending = getRuntimeContext().getListState(
                new ListStateDescriptor<>("accuracy-pending", TypeInformation.of(ForecastAccuracy.class)));
        passed = getRuntimeContext().getMapState(new MapStateDescriptor<>("accuracy-passed", Types.LONG,
                Types.LIST(TypeInformation.of(ForecastAccuracy.class))));
        splitUpTo = Long.MIN_VALUE;
    }

    @Override
    public void processElement(ForecastAccuracy row, Context ctx, Collector<ForecastAccuracy> out) throws Exception {
        pending.add(row);
        splitUpTo = Long.MIN_VALUE;
        ctx.timerService().registerEventTimeTimer(row.asOf().toEpochMilli());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ForecastAccuracy> out) throws Exception {
        List<ForecastAccuracy> due = due(timestamp, ctx);
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

    /**
     * The rows with as_of ≤ {@code timestamp}, sorted: what draining the one pending list gave. Timers fire in time
     * order and every row has a timer at its as_of, so {@code passed} holds nothing before {@code timestamp}; the rows
     * of later instants the watermark has passed too move there, for their own timers.
     */
    private List<ForecastAccuracy> due(long timestamp, OnTimerContext ctx) throws Exception {
        List<ForecastAccuracy> due = new ArrayList<>();
        List<ForecastAccuracy> ready = passed.get(timestamp);
        if (ready != null) {
            passed.remove(timestamp);
            due.addAll(ready);
        }
        Object key = ctx.getCurrentKey();
        if (timestamp > splitUpTo || !key.equals(splitKey)) {
            long upTo = Math.max(timestamp, ctx.timerService().currentWatermark());
            split(timestamp, upTo, due);
            splitUpTo = upTo;
            splitKey = key;
        }
        due.sort(ORDER);
        return due;
    }

    /** Moves {@code pending}'s rows with as_of ≤ {@code now} into {@code due}, those up to {@code upTo} into {@code passed}. */
    private void split(long now, long upTo, List<ForecastAccuracy> due) throws Exception {
        Iterable<ForecastAccuracy> all = pending.get();
        if (all == null) {
            return;
        }
        int before = due.size();
        java.util.TreeMap<Long, List<ForecastAccuracy>> later = new java.util.TreeMap<>();
        List<ForecastAccuracy> waiting = new ArrayList<>();
        for (ForecastAccuracy row : all) {
            long at = row.asOf().toEpochMilli();
            if (at <= now) {
                due.add(row);
            } else if (at <= upTo) {
                later.computeIfAbsent(at, t -> new ArrayList<>()).add(row);
            } else {
                waiting.add(row);
            }
        }
        if (due.size() == before && later.isEmpty()) {
            return; // nothing due: no write, no RocksDB tombstone
        }
        if (waiting.isEmpty()) {
            pending.clear();
        } else {
            pending.update(waiting);
        }
        for (Map.Entry<Long, List<ForecastAccuracy>> e : later.entrySet()) {
            // Arrival order kept (earlier split first), as in the one list: the sort is stable.
            List<ForecastAccuracy> rows = passed.get(e.getKey());
            if (rows == null) {
                rows = e.getValue();
            } else {
                rows.addAll(e.getValue());
            }
            passed.put(e.getKey(), rows);
        }
    }

    private static final Comparator<ForecastAccuracy> ORDER =
            Comparator.comparing(ForecastAccuracy::asOf).thenComparing(ForecastAccuracy::sku);

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
