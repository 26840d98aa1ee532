package com.neuronexus.streams.operators.ops.flink;

import com.neuronexus.streams.operators.state.LruMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.MapState;

/**
 * A keyed {@code MapState} whose map keys are also known on the heap, for the most recently used keys, so that
 * asking for an entry that is not there costs no state read. A route asks for its pane at every pane end and
 * at every sliding-window end, and on sparse traffic nearly all of those panes do not exist: on RocksDB each
 * such miss is still a JNI call and a lookup through the memtable and the files' bloom filters.
 *
 * <p>A key's map keys are read once, by iterating its entries, the first time this instance meets the key
 * (after a start, a restore, a rescale, or an eviction from the index), and then kept up to date by every
 * put and remove, which go to the state at once: the state stays the truth and a checkpoint is unchanged.
 * Callers pass the current key; nothing else writes this state.
 */
final class IndexedMapState<K, M, V> {
    private final MapState<M, V> state;
    private final Map<K, Set<M>> present;

    IndexedMapState(MapState<M, V> state, int maxKeys) {
        this.state = state;
        this.present = new LruMap<>(maxKeys);
    }

    /** The entry of {@code currentKey} (the function's current key) at {@code mapKey}, or null. */
    V get(K currentKey, M mapKey) throws Exception {
        return mapKeys(currentKey).contains(mapKey) ? state.get(mapKey) : null;
    }

    /** Whether {@code currentKey} has an entry at {@code mapKey}, from the index alone (no state read). */
    boolean contains(K currentKey, M mapKey) throws Exception {
        return mapKeys(currentKey).contains(mapKey);
    }

    void put(K currentKey, M mapKey, V value) throws Exception {
        Set<M> keys = mapKeys(currentKey);
        state.put(mapKey, value);
        keys.add(mapKey);
    }

    void remove(K currentKey, M mapKey) throws Exception {
        Set<M> keys = mapKeys(currentKey);
        if (keys.remove(mapKey)) {
            state.remove(mapKey);
        }
    }

    private Set<M> mapKeys(K currentKey) throws Exception {
        Set<M> keys = present.get(currentKey);
        if (keys == null) {
            keys = new HashSet<>();
            for (M mapKey : state.keys()) {
                keys.add(mapKey);
            }
            present.put(currentKey, keys);
        }
        return keys;
    }
}
