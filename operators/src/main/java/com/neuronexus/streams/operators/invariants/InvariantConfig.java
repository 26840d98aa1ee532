package com.neuronexus.streams.operators.invariants;

import java.io.Serializable;
import java.math.BigDecimal;

/** The plain values the invariant operators need (event-time milliseconds), taken from InvariantSettings by the job. */
public record InvariantConfig(long settleTimeoutMs, long orphanTimeoutMs, long invoiceRetentionMs,
        BigDecimal moneyTolerance, long dedupWindowMs, long driftIntervalMs, long driftWindowMs)
        implements Serializable {

    public InvariantConfig {
        if (settleTimeoutMs <= 0 || orphanTimeoutMs <= 0 || invoiceRetentionMs <= 0 || dedupWindowMs < 0
                || driftIntervalMs <= 0 || driftWindowMs <= 0) {
            throw new IllegalArgumentException("invariant timeouts, retention and drift interval/window must be > 0"
                    + " (dedup window >= 0): " + this);
        }
        if (moneyTolerance == null || moneyTolerance.signum() < 0) {
            throw new IllegalArgumentException("money tolerance must be >= 0, got " + moneyTolerance);
        }
    }

    public static InvariantConfig defaults() {
        return new InvariantConfig(300_000L, 60_000L, 2_592_000_000L, new BigDecimal("0.005"), 600_000L, 10_000L,
                3_600_000L);
    }
}
