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
