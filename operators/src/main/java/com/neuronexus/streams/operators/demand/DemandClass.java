package com.neuronexus.streams.operators.demand;

import java.util.Locale;

/**
 * Syntetos–Boylan demand classes from the average inter-demand interval (ADI, buckets per non-zero
 * bucket) and the squared coefficient of variation of the non-zero sizes (CV²), cut-offs 1.32 and 0.49.
 * UNKNOWN until at least two non-zero buckets exist.
 */
public enum DemandClass {
    SMOOTH,
    ERRATIC,
    INTERMITTENT,
    LUMPY,
    UNKNOWN;

    public static final double ADI_CUTOFF = 1.32;
    public static final double CV2_CUTOFF = 0.49;

    public static DemandClass of(double adi, double cv2) {
        if (!Double.isFinite(adi) || !Double.isFinite(cv2)) {
            return UNKNOWN;
        }
        boolean frequent = adi < ADI_CUTOFF;
        boolean steadySize = cv2 < CV2_CUTOFF;
        if (frequent) {
            return steadySize ? SMOOTH : ERRATIC;
        }
        return steadySize ? INTERMITTENT : LUMPY;
    }

    /** Whether Croston-type models (sizes and intervals smoothed apart) fit this class. */
    public boolean intermittent() {
        return this == INTERMITTENT || this == LUMPY;
    }

    /** ADI, CV² and class of a demand series. ADI = buckets / non-zero buckets; CV² over non-zero sizes. */
    public record Profile(double adi, double cv2, DemandClass demandClass, int buckets, int nonZero) {
        public static Profile of(double[] demand) {
            int nonZero = 0;
            double sum = 0;
            double sumSq = 0;
            for (double d : demand) {
                if (d > 0) {
                    nonZero++;
                    sum += d;
                    sumSq += d * d;
                }
            }
            if (nonZero < 2) {
                return new Profile(Double.NaN, Double.NaN, UNKNOWN, demand.length, nonZero);
            }
            double adi = (double) demand.length / nonZero;
            double mean = sum / nonZero;
            double variance = Math.max(0, (sumSq - nonZero * mean * mean) / (nonZero - 1));
            double cv2 = variance / (mean * mean);
            return new Profile(adi, cv2, DemandClass.of(adi, cv2), demand.length, nonZero);
        }

        /** Locale.US for the speed of the JDK's Formatter, same text as ROOT (see {@code ModelBank.reason}). */
        public String describe() {
            if (demandClass == UNKNOWN) {
                return "demand class unknown (" + nonZero + " non-zero of " + buckets + " buckets)";
            }
            return String.format(Locale.US, "%s demand (ADI %.2f %s 1.32, CV² %.2f %s 0.49)",
                    demandClass.name().toLowerCase(Locale.ROOT), adi, adi < ADI_CUTOFF ? "<" : "≥",
                    cv2, cv2 < CV2_CUTOFF ? "<" : "≥");
        }
    }
}
