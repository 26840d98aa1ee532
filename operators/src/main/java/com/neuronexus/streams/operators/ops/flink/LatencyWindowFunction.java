package com.neuronexus.streams.operators.ops.flink;

import com.neuronexus.streams.core.outputs.LatencyWindow;
import com.neuronexus.streams.operators.ops.LatencyStats;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Turns the aggregated {@link LatencyStats} of one window and key into a {@link LatencyWindow} row. */
public final class LatencyWindowFunction extends ProcessWindowFunction<LatencyStats, LatencyWindow, String, TimeWindow> {
    private static final long serialVersionUID = 1L;
    /** Side output of the tumbling windows' sketches, from which the sliding windows are merged. */
    public static final org.apache.flink.util.OutputTag<com.neuronexus.streams.operators.ops.LatencyPane> PANES =
            new org.apache.flink.util.OutputTag<>("latency-panes",
                    org.apache.flink.api.common.typeinfo.TypeInformation.of(com.neuronexus.streams.operators.ops.LatencyPane.class));

    private final String kind;
    private final boolean emitPanes;

    public LatencyWindowFunction(String kind) {
        this(kind, false);
    }

    public LatencyWindowFunction(String kind, boolean emitPanes) {
        this.kind = kind;
        this.emitPanes = emitPanes;
    }

    @Override
    public void process(String key, Context context, Iterable<LatencyStats> elements, Collector<LatencyWindow> out) {
        String service = LatencyAggregate.serviceOf(key);
        String route = LatencyAggregate.routeOf(key);
        TimeWindow window = context.window();
        for (LatencyStats stats : elements) {
            out.collect(stats.toWindow(service, route, window.getStart(), window.getEnd(), kind));
            if (emitPanes) {
                context.output(PANES, new com.neuronexus.streams.operators.ops.LatencyPane(key, service, route,
                        window.getStart(), window.getEnd(), stats.toBytes()));
            }
        }
    }
}
