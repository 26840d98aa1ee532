package com.neuronexus.streams.operators.invariants;

import java.math.BigDecimal;

/** Money comparison with an explicit tolerance (DESIGN §3: never == on doubles). */
public final class Money {
    /** Quantities are doubles; differences below this are floating-point noise, not stock. */
    public static final double QTY_EPSILON = 1e-6;

    private Money() {}

    public static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    /** |a − b| ≤ tolerance. */
    public static boolean equalWithin(BigDecimal a, BigDecimal b, BigDecimal tolerance) {
        return orZero(a).subtract(orZero(b)).abs().compareTo(tolerance) <= 0;
    }

    /** a ≤ b + tolerance. */
    public static boolean atMost(BigDecimal a, BigDecimal b, BigDecimal tolerance) {
        return orZero(a).compareTo(orZero(b).add(tolerance)) <= 0;
    }

    public static String text(BigDecimal value) {
        return orZero(value).toPlainString();
    }

    /** Quantities in evidence: integral values without a trailing ".0". */
    public static String qty(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
