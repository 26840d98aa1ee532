package com.neuronexus.streams.operators.ops.flink;

import com.neuronexus.streams.core.events.RequestLatencyEvent;
import com.neuronexus.streams.operators.ops.LatencyStats;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Folds requests into a {@link LatencyStats} (sketch + counts) incrementally: no raw values are kept. */
public final class LatencyAggregate implements AggregateFunction<RequestLatencyEvent, LatencyStats, LatencyStats> {
    private static final long serialVersionUID = 1L;
    private final double relativeAccuracy;

    public LatencyAggregate(double relativeAccuracy) {
        this.relativeAccuracy = relativeAccuracy;
    }

    @Override
    public LatencyStats createAccumulator() {
        return new LatencyStats(relativeAccuracy);
    }

    @Override
    public LatencyStats add(RequestLatencyEvent event, LatencyStats acc) {
        return acc.add(event.status(), event.latencyMs());
    }

    @Override
    public LatencyStats getResult(LatencyStats acc) {
        return acc;
    }

    @Override
    public LatencyStats merge(LatencyStats a, LatencyStats b) {
        return a.merge(b);
    }

    /** Key of a request's (service, route); unit separator because neither name contains it. */
    public static String key(String service, String route) {
        return service + '\u001f' + route;
    }

    /** The service of a {@link #key}. */
    public static String serviceOf(String key) {
        int cut = key.indexOf('\u001f');
        return cut < 0 ? key : key.substring(0, cut);
    }

    /** The route of a {@link #key} ("" if the key has none). */
    public static String routeOf(String key) {
        int cut = key.indexOf('\u001f');
        return cut < 0 ? "" : key.substring(cut + 1);
    }
}
