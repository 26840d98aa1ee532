package com.neuronexus.streams.operators.invariants.flink;

import com.neuronexus.streams.operators.ops.flink.LruMap;
import java.io.IOException;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;

/**
 * A keyed {@code ValueState} with a bounded write-through heap cache of the latest value of the most recently
 * used keys. The invariant functions read the same few values on every event and every timer of a key (the
 * SKU's ledger, the sale's progress, the dedup buckets); on RocksDB each read is a JNI call, a lookup and a
 * deserialization of what this very function wrote a moment before.
 *
 * <p>The state stays the truth: every update and clear goes to it at once, so a checkpoint holds exactly what
 * it would hold without the cache, and a restored or rescaled function (a new instance) starts with an empty
 * cache and reads the state. The cached object is the one last written, so a caller sees its own object again,
 * as on the heap state backend: the functions write back every change they make (they already had to, for
 * RocksDB), so the cached object and the stored value never differ. Nothing else writes these states (no TTL,
 * no {@code applyToAllKeys}), so a cached value cannot go stale.
 */
final class CachedValueState<T> {
    /** Marks a key known to have no value, so that an absent value is not read again either. */
    private static final Object ABSENT = new Object();

    private final ValueState<T> state;
    private final Map<String, Object> latest;

    CachedValueState(ValueState<T> state, int maxKeys) {
        this.state = state;
        this.latest = new LruMap<>(maxKeys);
    }

    /** The value of {@code currentKey} (the function's current key), or null. */
    @SuppressWarnings("unchecked")
    T value(String currentKey) throws IOException {
        Object cached = latest.get(currentKey);
        if (cached == null) {
            T stored = state.value();
            latest.put(currentKey, stored == null ? ABSENT : stored);
            return stored;
        }
        return cached == ABSENT ? null : (T) cached;
    }

    void update(String currentKey, T value) throws IOException {
        state.update(value);
        latest.put(currentKey, value == null ? ABSENT : value);
    }

    /** Clears the value; the key is dropped from the cache too (a finished entity is not read again). */
    void clear(String currentKey) {
        state.clear();
        latest.remove(currentKey);
    }
}
