package com.neuronexus.streams.operators.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * A keyed function's inputs waiting for the watermark: one {@code MapState} list per release time, with one
 * event-time timer per list; the timer at {@code t} reads and removes only list {@code t}. Timers of a key fire
 * in time order, so every earlier list was released by its own timer before: a release hands out exactly what
 * the watermark has passed, without reading or rewriting the rest (one list of everything pending, read and
 * rewritten at every timer, is quadratic while a replay or a catch-up runs days ahead of the watermark), and an
 * add rewrites only its own instant's list, which holds the few inputs one key has at one instant.
 *
 * <p>Only bookkeeping over the caller's state and timers: the caller names the state, so its layout (a
 * {@code MapState<Long, List<T>>}), name and serializer stay those of the function, and decides what a release
 * time is and what else its timers do ({@link #holdsAt}).
 *
 * <p>Optionally ({@code cachedLists > 0}) a bounded write-through heap copy of the lists this instance wrote, by
 * (key, release time), so the timer that releases a list does not read back (on RocksDB: a JNI call and a
 * decoding) what an add wrote a moment before. The state stays the truth: every add writes it, an evicted list
 * or one from a restore (a new instance, an empty cache) is read from it, and a released list leaves the cache.
 * Nothing else may write the state.
 */
public final class ReleaseBuckets<T> {
    /** The waiting inputs by release time; each list has an event-time timer at its release time. */
    private final MapState<Long, List<T>> lists;
    /** The order in which a released list is handed out (the input order must not matter). */
    private final Comparator<? super T> order;
    /** Heap copy of the lists this instance wrote, by (key, release time); null when not cached. */
    private final LruMap<Slot, List<T>> written;

    /** A list's place: the function's key and the release time. */
    private record Slot(Object key, long at) {}

    private ReleaseBuckets(MapState<Long, List<T>> lists, Comparator<? super T> order, int cachedLists) {
        this.lists = lists;
        this.order = order;
        this.written = cachedLists > 0 ? new LruMap<>(cachedLists) : null;
    }

    /**
     * The lists of a keyed function in its {@code MapState<Long, List<T>>} {@code name}; {@code cachedLists}: how
     * many lists the heap copy keeps, 0 for none.
     */
    public static <T> ReleaseBuckets<T> open(RuntimeContext context, String name, TypeInformation<T> type,
            Comparator<? super T> order, int cachedLists) {
        return new ReleaseBuckets<>(context.getMapState(new MapStateDescriptor<>(name, Types.LONG, Types.LIST(type))),
                order, cachedLists);
    }

    /**
     * Adds {@code element} of the current key {@code key} to the list released at {@code at}; a new list gets its
     * timer. One in the past (an input behind the watermark) fires at the next watermark, before any later timer.
     */
    public void add(Object key, long at, T element, TimerService timers) throws Exception {
        Slot slot = slot(key, at);
        List<T> list = read(slot, at);
        if (list == null) {
            list = new ArrayList<>(1);
            timers.registerEventTimeTimer(at);
        }
        list.add(element);
        write(slot, at, list);
    }

    /**
     * Adds {@code elements} to the list released at {@code at} and registers no timer: for moving in inputs from
     * an older layout, whose caller knows which timers exist (not the one firing now, for one).
     */
    public void addAll(Object key, long at, Collection<? extends T> elements) throws Exception {
        Slot slot = slot(key, at);
        List<T> list = read(slot, at);
        if (list == null) {
            list = new ArrayList<>(elements.size());
        }
        list.addAll(elements);
        write(slot, at, list);
    }

    /**
     * Removes and returns, sorted, the current key's list released at {@code at} (its timer is firing); an empty
     * list, with no state write (no RocksDB tombstone), when nothing waits for that instant (another timer).
     */
    public List<T> release(Object key, long at) throws Exception {
        Slot slot = slot(key, at);
        List<T> due = slot == null ? null : written.remove(slot);
        if (due == null) {
            due = lists.get(at);
        }
        if (due == null) {
            return List.of();
        }
        lists.remove(at);
        due.sort(order);
        return due;
    }

    /**
     * Whether inputs wait for the timer at {@code at}: a function that deletes a timer of its own (a bucket end, a
     * bucket of its dedup memory) must keep it when inputs wait for the same instant, as timers with one timestamp
     * are one timer.
     */
    public boolean holdsAt(long at) throws Exception {
        return lists.contains(at);
    }

    /** The cache's place of a list; null when not cached. */
    private Slot slot(Object key, long at) {
        return written == null ? null : new Slot(key, at);
    }

    private List<T> read(Slot slot, long at) throws Exception {
        List<T> list = slot == null ? null : written.get(slot);
        return list != null ? list : lists.get(at);
    }

    private void write(Slot slot, long at, List<T> list) throws Exception {
        lists.put(at, list);
        if (slot != null) {
            written.put(slot, list);
        }
    }
}
