package com.neuronexus.streams.operators.state;

import java.util.LinkedHashMap;
import java.util.Map;

/** A map of at most {@code maxKeys} entries that drops the least recently used one: the heap side of the state caches. */
public final class LruMap<K, V> extends LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;
    private final int maxKeys;

    public LruMap(int maxKeys) {
        super(16, 0.75f, true);
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1");
        }
        this.maxKeys = maxKeys;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > maxKeys;
    }
}
