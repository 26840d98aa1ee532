package com.neuronexus.streams.operators.ops.flink;

import java.io.IOException;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;

/**
 * A keyed {@code ValueState<byte[]>} with a bounded write-through cache of the latest value of the most
 * recently used keys. A route's memory is read on every timer of the route (the end of every pane and of every
 * sliding window, ~6 per request on sparse traffic); on RocksDB each read is a JNI call, a lookup and a copy of
 * the value, and it returns what this very function wrote a moment before.
 *
 * <p>The state stays the truth: every update and clear goes to it at once, so a checkpoint holds exactly what
 * it would hold without the cache, and a restored or rescaled function (a new instance) starts with an empty
 * cache and reads the state. Callers pass the current key and never modify an array after handing it over
 * (they encode a fresh one per update). Nothing else writes this state (no TTL, no
 * {@code applyToAllKeys}), so a cached value cannot go stale.
 */
final class CachedByteState<K> {
    /** Marks a key known to have no value, so that an absent value is not read again either. */
    private static final byte[] ABSENT = new byte[0];

    private final ValueState<byte[]> state;
    private final Map<K, byte[]> latest;

    CachedByteState(ValueState<byte[]> state, int maxKeys) {
        this.state = state;
        this.latest = new LruMap<>(maxKeys);
    }

    /** The value of {@code currentKey} (the function's current key), or null. */
    byte[] value(K currentKey) throws IOException {
        byte[] cached = latest.get(currentKey);
        if (cached == null) {
            byte[] stored = state.value();
            latest.put(currentKey, stored == null ? ABSENT : stored);
            return stored;
        }
        return cached == ABSENT ? null : cached;
    }

    void update(K currentKey, byte[] value) throws IOException {
        state.update(value);
        latest.put(currentKey, value == null ? ABSENT : value);
    }

    void clear(K currentKey) {
        state.clear();
        latest.put(currentKey, ABSENT);
    }
}
