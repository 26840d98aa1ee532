package com.neuronexus.streams.operators.demand.flink;

import com.neuronexus.streams.operators.state.LruMap;
import com.neuronexus.streams.operators.state.ReleaseBuckets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimerService;

/**
 * Holds a key's inputs until the watermark passes them, then hands them out in a total order. Keyed
 * operators fed by several streams (or a shuffle) see their inputs in arrival order, which differs between
 * a live run, a replay and a recovery; processing them in (event time, tie-breaker) order once the
 * watermark guarantees nothing earlier can still arrive makes the output independent of that interleaving.
 *
 * <p>Per-key instances ({@link #open}) keep the inputs in {@link ReleaseBuckets}: one list per event time, one
 * event-time timer per list. What this class adds is the demand functions' own: state from before the buckets
 * (one {@code ListState} per key under the old name) is read once per key after a restore, lazily on the key's
 * first touch, and moved into the buckets (see {@link #migrate}).
 */
final class EventTimeBuffer<T> {
    /** Keys whose legacy list was already looked at in this run; bounded, a key that drops out is looked at again. */
    private static final int CHECKED_KEYS = 65_536;

    /** Inputs not yet passed by the watermark, by event time; each bucket has an event-time timer at its time. */
    private final ReleaseBuckets<T> buckets;
    /** The single pending list of state written before the buckets; null on a fresh start (it cannot exist). */
    private final ListState<T> legacy;
    private final Map<Object, Boolean> checked;
    private final ToLongFunction<T> eventTime;

    private EventTimeBuffer(ReleaseBuckets<T> buckets, ListState<T> legacy, ToLongFunction<T> eventTime) {
        this.buckets = buckets;
        this.legacy = legacy;
        this.checked = legacy == null ? null : new LruMap<>(CHECKED_KEYS);
        this.eventTime = eventTime;
    }

    /**
     * The buffer of a keyed function. {@code legacyName} is the name of the old pending {@code ListState}; the
     * buckets live under {@code legacyName + "-by-release"}. {@code restored}: the function started from a
     * checkpoint or savepoint, which may hold old lists.
     */
    static <T> EventTimeBuffer<T> open(RuntimeContext context, String legacyName, TypeInformation<T> type,
            ToLongFunction<T> eventTime, Comparator<T> order, boolean restored) {
        ReleaseBuckets<T> buckets = ReleaseBuckets.open(context, legacyName + "-by-release", type, order, 0);
        ListState<T> legacy = restored ? context.getListState(new ListStateDescriptor<>(legacyName, type)) : null;
        return new EventTimeBuffer<>(buckets, legacy, eventTime);
    }

    /** Buffers {@code element} of the current key {@code key} and makes sure a timer fires at its event time. */
    void add(Object key, T element, TimerService timers) throws Exception {
        migrate(key, Long.MIN_VALUE, timers);
        buckets.add(key, eventTime.applyAsLong(element), element, timers);
    }

    /** Removes and returns, sorted, the current key's elements due at the timer {@code timestamp}. */
    List<T> release(Object key, long timestamp, TimerService timers) throws Exception {
        migrate(key, timestamp, timers);
        return buckets.release(key, timestamp);
    }

    /** {@link ReleaseBuckets#holdsAt}: a bucket-end timer that inputs wait for too must stay. */
    boolean holdsAt(long timestamp) throws Exception {
        return buckets.holdsAt(timestamp);
    }

    /**
     * Moves the key's old pending list, if any, into the buckets and drops it. During the timer at {@code now}
     * the elements the old list would have released then (event time ≤ now) join bucket {@code now}; the others
     * get their own buckets and timers (the old code registered a timer at every element's time, so these
     * usually exist; registering again is a no-op).
     */
    private void migrate(Object key, long now, TimerService timers) throws Exception {
        if (legacy == null || checked.put(key, Boolean.TRUE) != null) {
            return;
        }
        Iterable<T> old = legacy.get();
        if (old == null || !old.iterator().hasNext()) {
            return;
        }
        Map<Long, List<T>> moved = new LinkedHashMap<>();
        for (T element : old) {
            long at = Math.max(eventTime.applyAsLong(element), now);
            moved.computeIfAbsent(at, t -> new ArrayList<>()).add(element);
        }
        legacy.clear();
        for (Map.Entry<Long, List<T>> e : moved.entrySet()) {
            buckets.addAll(key, e.getKey(), e.getValue());
            if (e.getKey() != now) {
                timers.registerEventTimeTimer(e.getKey()); // not the timer firing now: it would fire a second time
            }
        }
    }

    /**
     * Removes and returns, sorted, the elements of one pending list with event time ≤ {@code upTo}. For the
     * operators on one global key (ABC classes, overall accuracy): their inputs are all SKUs' rows for one instant,
     * produced when the watermark passes it, so the list holds about one instant's rows; a bucket per instant
     * would instead rewrite an N-row list at every one of its N adds.
     */
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
            return due; // nothing buffered: no write, no RocksDB tombstone
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
