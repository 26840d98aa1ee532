package com.neuronexus.streams.operators.ops;

/**
 * The aggregated requests of one (service, route) over one tumbling window, with its sketch, so that sliding
 * windows are merged from panes instead of adding every request to every window it falls in.
 *
 * @param key the (service, route) key, see {@code LatencyAggregate.key}
 * @param stats {@link LatencyStats#toBytes()}
 */
public record LatencyPane(String key, String service, String route, long startMillis, long endMillis, byte[] stats) {}
