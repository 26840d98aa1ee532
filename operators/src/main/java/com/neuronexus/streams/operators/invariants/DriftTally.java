package com.neuronexus.streams.operators.invariants;

import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.DriftScore;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The drift score (DESIGN §5): per invariant and overall, the share of checked entities without a violation,
 * 0–100. An entity counts once per invariant, by its latest check; an invariant with nothing checked scores 100.
 * The overall score pools the entities of all invariants.
 */
public final class DriftTally {
    private final Map<Invariant, long[]> counts = new EnumMap<>(Invariant.class);

    public DriftTally() {
        for (Invariant invariant : Invariant.values()) {
            counts.put(invariant, new long[2]);
        }
    }

    /** Counter slots of {@link #accumulate}: checked per invariant, violated per invariant, number of checks. */
    public static final int SLOTS = 2 * Invariant.values().length + 1;

    /** Adds a delta to a counter array of {@link #SLOTS} slots. */
    public static void accumulate(long[] counts, DriftDelta delta) {
        int n = Invariant.values().length;
        counts[delta.invariant().ordinal()] += delta.checked();
        counts[n + delta.invariant().ordinal()] += delta.violated();
        if (delta.check()) {
            counts[2 * n]++;
        }
    }

    /** Adds the counters of {@code delta} (same layout) to {@code totals}, the number of checks excepted. */
    public static void addCounts(long[] totals, long[] delta) {
        for (int i = 0; i < 2 * Invariant.values().length; i++) {
            totals[i] += delta[i];
        }
    }

    /** The number of checks recorded in a counter array. */
    public static long checks(long[] counts) {
        return counts[2 * Invariant.values().length];
    }

    /** A tally from counter arrays: how many entities are checked / violated per invariant. */
    public static DriftTally of(long[] counts) {
        int n = Invariant.values().length;
        DriftTally tally = new DriftTally();
        for (Invariant invariant : Invariant.values()) {
            long[] c = tally.counts.get(invariant);
            c[0] = counts[invariant.ordinal()];
            c[1] = counts[n + invariant.ordinal()];
        }
        return tally;
    }

    public void add(Invariant invariant, boolean violated) {
        long[] c = counts.get(invariant);
        c[0]++;
        if (violated) {
            c[1]++;
        }
    }

    public long checked() {
        return counts.values().stream().mapToLong(c -> c[0]).sum();
    }

    public long violated() {
        return counts.values().stream().mapToLong(c -> c[1]).sum();
    }

    public double score(Invariant invariant) {
        long[] c = counts.get(invariant);
        return score(c[0], c[1]);
    }

    static double score(long checked, long violated) {
        if (checked == 0) {
            return 100.0;
        }
        return Math.round(10_000.0 * (checked - violated) / checked) / 100.0;
    }

    public DriftScore toScore(Instant ts, long windowMs) {
        Map<String, Object> perInvariant = new LinkedHashMap<>();
        for (Invariant invariant : Invariant.values()) {
            long[] c = counts.get(invariant);
            perInvariant.put(invariant.name(), Map.of("score", score(c[0], c[1]), "checked", c[0], "violated", c[1]));
        }
        return new DriftScore(ts, score(checked(), violated()), Json.object(perInvariant), checked(), violated(),
                windowMs / 1000);
    }
}
