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

        public String describe() {
            return describe(new StringBuilder(64)).toString();
        }

        /** Appends the description (numbers as {@code %.2f} would write them, see {@link FixedDecimal}). */
        public StringBuilder describe(StringBuilder sb) {
            if (demandClass == UNKNOWN) {
                return sb.append("demand class unknown (").append(nonZero).append(" non-zero of ").append(buckets)
                        .append(" buckets)");
            }
            sb.append(demandClass.name().toLowerCase(Locale.ROOT)).append(" demand (ADI ");
            FixedDecimal.append(sb, adi, 2).append(adi < ADI_CUTOFF ? " < " : " ≥ ").append("1.32, CV² ");
            return FixedDecimal.append(sb, cv2, 2).append(cv2 < CV2_CUTOFF ? " < " : " ≥ ").append("0.49)");
        }
    }
}
