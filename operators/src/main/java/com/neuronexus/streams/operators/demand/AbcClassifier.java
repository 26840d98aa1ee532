package com.neuronexus.streams.operators.demand;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * ABC classes from annual usage value: SKUs sorted by value (highest first, ties by SKU so the result does
 * not depend on input order); a SKU is A while the cumulative share before it is under {@code aShare}
 * (so the top SKU is always A), B while under {@code bShare}, else C. SKUs with no value are C.
 */
public final class AbcClassifier {
    private AbcClassifier() {}

    public static Map<String, String> classify(Map<String, Double> annualValue, double aShare, double bShare) {
        List<Map.Entry<String, Double>> entries = new ArrayList<>(annualValue.entrySet());
        entries.sort((x, y) -> {
            int byValue = Double.compare(safe(y.getValue()), safe(x.getValue()));
            return byValue != 0 ? byValue : x.getKey().compareTo(y.getKey());
        });
        double total = 0;
        for (Map.Entry<String, Double> e : entries) {
            total += safe(e.getValue());
        }
        Map<String, String> classes = new TreeMap<>();
        double cumulative = 0;
        for (Map.Entry<String, Double> e : entries) {
            double value = safe(e.getValue());
            String cls;
            if (total <= 0 || value <= 0) {
                cls = "C";
            } else {
                double shareBefore = cumulative / total;
                cls = shareBefore < aShare ? "A" : shareBefore < bShare ? "B" : "C";
            }
            cumulative += value;
            classes.put(e.getKey(), cls);
        }
        return classes;
    }

    private static double safe(Double v) {
        return v == null || !Double.isFinite(v) || v < 0 ? 0 : v;
    }
}
