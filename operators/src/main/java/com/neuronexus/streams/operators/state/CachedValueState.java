package com.neuronexus.streams.operators.state;

import java.io.IOException;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.api.common.state.ValueState;

/**
 * A keyed {@code ValueState} with a bounded write-through heap cache of the latest value of the most recently
 * used keys. Functions that read the same value on every event and timer of a key (a route's memory, a SKU's
 * stock ledger, a sale's progress) would otherwise pay, on RocksDB, a JNI call, a lookup and a decoding of
 * what they wrote a moment before.
 *
 * <p>The state stays the truth: every update and clear goes to it at once, so a checkpoint holds exactly what
 * it would hold without the cache, and a restored or rescaled function (a new instance) starts with an empty
 * cache and reads the state. Nothing else may write the state (no TTL, no {@code applyToAllKeys}), so a
 * cached value cannot go stale.
 *
 * <p>The cached object is the one last written (or decoded), as on the heap state backend. A caller may change
 * it, but must then {@link #update} or {@link #clear} the key before anything else reads it; if it fails in
 * between, the task fails and restarts from a checkpoint with a new instance, whose cache is empty. With a
 * codec ({@link #encoded}) the codec must be exact ({@code decode(encode(v))} equal to {@code v} field by
 * field), so that a cached object and one decoded from the state behave the same.
 */
public final class CachedValueState<K, V> {
    /** Marks a key known to have no value, so that an absent value is not read again either. */
    private static final Object ABSENT = new Object();

    /** The state's value as the cache sees it: read, written and cleared through the codec. */
    private interface Store<V> {
        V read() throws IOException;

        void write(V value) throws IOException;

        void clear();
    }

    private final Store<V> store;
    private final Map<K, Object> latest;

    private CachedValueState(Store<V> store, int maxKeys) {
        this.store = store;
        this.latest = new LruMap<>(maxKeys);
    }

    /** Caches the state's own values. */
    public static <K, V> CachedValueState<K, V> of(ValueState<V> state, int maxKeys) {
        return new CachedValueState<>(new Store<>() {
            @Override
            public V read() throws IOException {
                return state.value();
            }

            @Override
            public void write(V value) throws IOException {
                state.update(value);
            }

            @Override
            public void clear() {
                state.clear();
            }
        }, maxKeys);
    }

    /** Caches decoded values of a state that stores them encoded (an update encodes once, a hit decodes never). */
    public static <K, S, V> CachedValueState<K, V> encoded(ValueState<S> state, int maxKeys, Function<S, V> decode,
            Function<V, S> encode) {
        return new CachedValueState<>(new Store<>() {
            @Override
            public V read() throws IOException {
                S stored = state.value();
                return stored == null ? null : decode.apply(stored);
            }

            @Override
            public void write(V value) throws IOException {
                state.update(encode.apply(value));
            }

            @Override
            public void clear() {
                state.clear();
            }
        }, maxKeys);
    }

    /** The value of {@code currentKey} (the function's current key), or null. */
    @SuppressWarnings("unchecked")
    public V value(K currentKey) throws IOException {
        Object cached = latest.get(currentKey);
        if (cached == null) {
            V stored = store.read();
            latest.put(currentKey, stored == null ? ABSENT : stored);
            return stored;
        }
        return cached == ABSENT ? null : (V) cached;
    }

    /** Sets the value of {@code currentKey}; null clears it. */
    public void update(K currentKey, V value) throws IOException {
        if (value == null) {
            clear(currentKey);
            return;
        }
        store.write(value);
        latest.put(currentKey, value);
    }

    public void clear(K currentKey) {
        store.clear();
        latest.put(currentKey, ABSENT);
    }
}
