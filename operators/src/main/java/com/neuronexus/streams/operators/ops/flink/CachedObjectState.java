package com.neuronexus.streams.operators.ops.flink;

import java.io.IOException;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.api.common.state.ValueState;

/**
 * A keyed {@code ValueState<byte[]>} whose decoded values of the most recently used keys stay on the heap, so a
 * read of a value this function wrote needs no decoding (the route's figure models: three ~870-byte detector
 * states, read and written once per tumbling window, were decoded each time from bytes the function itself had
 * just encoded).
 *
 * <p>Write-through like {@link CachedByteState}: every update encodes the value and writes the bytes to the
 * state at once, so a checkpoint holds exactly what it would hold without the cache, and a restored or
 * rescaled function (a new instance) starts with an empty cache and decodes the state. The codec must be
 * exact ({@code decode(encode(v))} equal to {@code v} field by field), so that a cached object and one decoded
 * from the state behave the same. A caller may change the object {@link #value} returns, but must then
 * {@link #update} or {@link #clear} the key before anything else reads it; if it fails in between, the task
 * fails and restarts from a checkpoint with a new instance, whose cache is empty. Nothing else writes this
 * state (no TTL, no {@code applyToAllKeys}), so a cached value cannot go stale.
 */
final class CachedObjectState<K, V> {
    /** Marks a key known to have no value, so that an absent value is not read again either. */
    private static final Object ABSENT = new Object();

    private final ValueState<byte[]> state;
    private final Function<byte[], V> decode;
    private final Function<V, byte[]> encode;
    private final Map<K, Object> latest;

    CachedObjectState(ValueState<byte[]> state, int maxKeys, Function<byte[], V> decode, Function<V, byte[]> encode) {
        this.state = state;
        this.decode = decode;
        this.encode = encode;
        this.latest = new LruMap<>(maxKeys);
    }

    /** The value of {@code currentKey} (the function's current key), or null. */
    @SuppressWarnings("unchecked")
    V value(K currentKey) throws IOException {
        Object cached = latest.get(currentKey);
        if (cached == null) {
            byte[] stored = state.value();
            V decoded = stored == null ? null : decode.apply(stored);
            latest.put(currentKey, decoded == null ? ABSENT : decoded);
            return decoded;
        }
        return cached == ABSENT ? null : (V) cached;
    }

    void update(K currentKey, V value) throws IOException {
        if (value == null) {
            clear(currentKey);
            return;
        }
        state.update(encode.apply(value));
        latest.put(currentKey, value);
    }

    void clear(K currentKey) {
        state.clear();
        latest.put(currentKey, ABSENT);
    }
}
