package com.neuronexus.streams.operators.demand;

import java.util.Locale;

/**
 * {@code String.format(Locale.US, "%.Nf", x)} without the Formatter: the text of a forecast's reason is built at
 * every day close of every SKU, and the Formatter (parsing the pattern, boxing, its own digit buffers) was ~10 %
 * of a close. Same text by the same rule: the JDK rounds the digits of {@link Double#toString} half up at the
 * N-th decimal, and so does this (checked against the Formatter on millions of values in the test). Values
 * that {@code Double.toString} writes in E notation, NaN and the infinities go to the Formatter.
 */
final class FixedDecimal {
    private FixedDecimal() {
    }

    /** Appends {@code x} with {@code decimals} (0–9) digits after the point. */
    static StringBuilder append(StringBuilder sb, double x, int decimals) {
        String digits = Double.isFinite(x) ? Double.toString(Math.abs(x)) : "E";
        if (digits.indexOf('E') >= 0) {
            return sb.append(String.format(Locale.US, "%." + decimals + "f", x));
        }
        int dot = digits.indexOf('.');
        int fractionLength = digits.length() - dot - 1;
        // out[0] is room for a carry that adds a digit in front (9.9995 → 10.000)
        char[] out = new char[dot + 2 + decimals];
        int p = 1;
        for (int i = 0; i < dot; i++) {
            out[p++] = digits.charAt(i);
        }
        int pointAt = p;
        out[p++] = '.';
        for (int i = 0; i < decimals; i++) {
            out[p++] = i < fractionLength ? digits.charAt(dot + 1 + i) : '0';
        }
        int start = 1;
        if (fractionLength > decimals && digits.charAt(dot + 1 + decimals) >= '5') {
            for (int q = p - 1; ; q--) {
                if (q == pointAt) {
                    continue;
                }
                if (q < 1) {
                    out[0] = '1';
                    start = 0;
                    break;
                }
                if (out[q] != '9') {
                    out[q]++;
                    break;
                }
                out[q] = '0';
            }
        }
        if (Double.doubleToRawLongBits(x) < 0) {
            sb.append('-'); // as the Formatter: -0.0 and -0.0001 are "-0.000"
        }
        return sb.append(out, start, (decimals == 0 ? pointAt : p) - start);
    }
}
