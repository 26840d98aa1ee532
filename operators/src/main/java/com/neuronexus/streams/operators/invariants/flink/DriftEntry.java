package com.neuronexus.streams.operators.invariants.flink;

/** The latest check of one entity for one invariant, as {@link DriftEntityFunction} keeps it. A Flink POJO. */
public class DriftEntry {
    public String invariant;
    public long ts;
    public boolean violated;

    public DriftEntry() {}

    public DriftEntry(String invariant, long ts, boolean violated) {
        this.invariant = invariant;
        this.ts = ts;
        this.violated = violated;
    }
}
