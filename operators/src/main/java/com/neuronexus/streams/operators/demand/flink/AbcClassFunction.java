package com.neuronexus.streams.operators.demand.flink;

import com.neuronexus.streams.operators.demand.AbcClassifier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * Second stage of ABC, on one global key: keeps every SKU's annual usage value, recomputes the classes
 * when the watermark passes a day end for which values changed, and emits only the SKUs whose class
 * changed. Values wait for the watermark and are applied in (time, sku) order, so classes do not depend on
 * which upstream partition delivered first.
 */
public class AbcClassFunction extends KeyedProcessFunction<String, AbcValue, AbcAssignment> {
    private static final long serialVersionUID = 1L;
    public static final String GLOBAL_KEY = "all-skus";

    private final double aShare;
    private final double bShare;

    /** Annual usage value per SKU with a value above zero. */
    private transient MapState<String, Double> values;
    /** Class last announced per SKU (SKUs absent are C by default and never announced). */
    private transient MapState<String, String> classes;
    /** Values waiting for the watermark. */
    private transient ListState<AbcValue> pending;

    public AbcClassFunction(double aShare, double bShare) {
        this.aShare = aShare;
        this.bShare = bShare;
    }

    @Override
    public void open(OpenContext openContext) {
        values = getRuntimeContext().getMapState(new MapStateDescriptor<>("abc-values", Types.STRING, Types.DOUBLE));
        classes = getRuntimeContext().getMapState(new MapStateDescriptor<>("abc-classes", Types.STRING, Types.STRING));
        pending = getRuntimeContext().getListState(
                new ListStateDescriptor<>("abc-pending", TypeInformation.of(AbcValue.class)));
    }

    @Override
    public void processElement(AbcValue value, Context ctx, Collector<AbcAssignment> out) throws Exception {
        pending.add(value);
        ctx.timerService().registerEventTimeTimer(value.ts());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AbcAssignment> out) throws Exception {
        List<AbcValue> due = EventTimeBuffer.drain(pending, timestamp, AbcValue::ts,
                java.util.Comparator.comparingLong(AbcValue::ts).thenComparing(AbcValue::sku));
        if (due.isEmpty()) {
            return;
        }
        for (AbcValue v : due) {
            if (v.annualValue() > 0 && Double.isFinite(v.annualValue())) {
                values.put(v.sku(), v.annualValue());
            } else {
                values.remove(v.sku());
            }
        }
        Map<String, Double> all = new TreeMap<>();
        for (Map.Entry<String, Double> e : values.entries()) {
            all.put(e.getKey(), e.getValue());
        }
        for (AbcValue v : due) {
            all.putIfAbsent(v.sku(), 0.0); // a SKU that dropped to zero still gets told it is C now
        }
        Map<String, String> computed = AbcClassifier.classify(all, aShare, bShare);
        Instant asOf = Instant.ofEpochMilli(timestamp);
        for (Map.Entry<String, String> e : computed.entrySet()) {
            String sku = e.getKey();
            String cls = e.getValue();
            String previous = classes.get(sku);
            boolean valued = values.get(sku) != null;
            // Announce a valued SKU's first class and every change; a SKU losing its value hears "C" once.
            if (previous == null ? valued : !cls.equals(previous)) {
                out.collect(new AbcAssignment(sku, cls, asOf, all.get(sku)));
            }
            if (!valued) {
                classes.remove(sku);
            } else {
                classes.put(sku, cls);
            }
        }
    }
}
