package com.neuronexus.streams.operators.demand.flink;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.state.ListState;

/**
 * Holds a key's inputs until the watermark passes them, then hands them out in a total order. Keyed
 * operators fed by several streams (or a shuffle) see their inputs in arrival order, which differs between
 * a live run, a replay and a recovery; processing them in (event time, tie-breaker) order once the
 * watermark guarantees nothing earlier can still arrive makes the output independent of that interleaving.
 */
final class EventTimeBuffer {
    private EventTimeBuffer() {}

    /** Removes and returns, sorted, the buffered elements with event time ≤ {@code upTo}. */
    static <T> List<T> drain(ListState<T> buffer, long upTo, ToLongFunction<T> eventTime, Comparator<T> order)
            throws Exception {
        List<T> due = new ArrayList<>();
        List<T> later = new ArrayList<>();
        Iterable<T> all = buffer.get();
        if (all != null) {
            for (T element : all) {
                (eventTime.applyAsLong(element) <= upTo ? due : later).add(element);
            }
        }
        if (due.isEmpty() && later.isEmpty()) {
            return due; // nothing buffered (every bucket-end timer of a quiet SKU): no write, no RocksDB tombstone
        }
        if (later.isEmpty()) {
            buffer.clear();
        } else if (!due.isEmpty()) {
            buffer.update(later);
        }
        due.sort(order);
        return due;
    }
}
