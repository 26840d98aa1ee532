package com.neuronexus.streams.tools.demand;

import com.fasterxml.jackson.databind.JsonNode;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.operators.demand.DemandConfig;
import com.neuronexus.streams.operators.demand.DemandForecaster;
import com.neuronexus.streams.operators.demand.SelectionMode;
import com.neuronexus.streams.operators.demand.model.SeasonalNaive;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Backtest of the demand models against the seasonal-naive baseline on an {@code inventory.usage.jsonl}
 * (generator output or a plain history): daily totals per SKU, the same forecaster DemandJob runs, and the
 * forecasts made 1, 7 and 28 days ahead scored by WAPE over the second half of the period.
 *
 * <pre>java -cp ... com.neuronexus.streams.tools.demand.NaiveComparison usage.jsonl FROM_ISO DAYS</pre>
 */
public final class NaiveComparison {
    private static final long DAY = 86_400_000L;
    private static final int[] STEPS = {1, 7, 28};

    private NaiveComparison() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: NaiveComparison inventory.usage.jsonl FROM_ISO DAYS");
            System.exit(2);
        }
        long firstDay = Math.floorDiv(Instant.parse(args[1]).toEpochMilli(), DAY);
        int days = Integer.parseInt(args[2]);
        Map<String, double[]> daily = read(Path.of(args[0]), firstDay, days);
        for (SelectionMode mode : SelectionMode.values()) {
            System.out.println(compare(daily, firstDay, days, DemandConfig.defaults().withSelection(mode)));
        }
    }

    /** Daily totals per SKU; lines that DemandJob's input would reject (bad JSON, qty ≤ 0, out of range) are skipped. */
    static Map<String, double[]> read(Path file, long firstDay, int days) throws Exception {
        Map<String, double[]> daily = new TreeMap<>();
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            String line;
            while ((line = reader.readLine()) != null) {
                JsonNode n;
                try {
                    n = Json.MAPPER.readTree(line);
                } catch (Exception e) {
                    continue;
                }
                if (n == null || !n.path("qty").isNumber() || n.path("qty").asDouble() <= 0 || !n.hasNonNull("sku")
                        || !n.hasNonNull("ts")) {
                    continue;
                }
                long ts;
                try {
                    ts = n.get("ts").isNumber() ? n.get("ts").asLong() : Instant.parse(n.get("ts").asText()).toEpochMilli();
                } catch (Exception e) {
                    continue;
                }
                long day = Math.floorDiv(ts, DAY) - firstDay;
                if (day >= 0 && day < days) {
                    daily.computeIfAbsent(n.get("sku").asText(), k -> new double[days])[(int) day] += n.get("qty").asDouble();
                }
            }
        }
        return daily;
    }

    static String compare(Map<String, double[]> daily, long firstDay, int days, DemandConfig config) {
        double[] modelAbs = new double[STEPS.length];
        double[] naiveAbs = new double[STEPS.length];
        double[] actual = new double[STEPS.length];
        Map<String, Integer> finalModels = new TreeMap<>();
        int atLeastAsGood = 0;
        for (double[] series : daily.values()) {
            DemandForecaster forecaster = new DemandForecaster(config);
            SeasonalNaive naive = new SeasonalNaive(7);
            forecaster.startAt(firstDay * DAY);
            List<double[]> modelPoints = new ArrayList<>();
            List<double[]> naivePoints = new ArrayList<>();
            double skuModel = 0;
            double skuNaive = 0;
            String model = "none";
            for (int d = 0; d < days; d++) {
                double y = series[d];
                for (int k = 0; k < STEPS.length; k++) {
                    int h = STEPS[k];
                    if (modelPoints.size() >= h && d >= days / 2) {
                        double fm = modelPoints.get(modelPoints.size() - h)[h - 1];
                        double fn = naivePoints.get(naivePoints.size() - h)[h - 1];
                        modelAbs[k] += Math.abs(fm - y);
                        naiveAbs[k] += Math.abs(fn - y);
                        actual[k] += y;
                        if (h == 1) {
                            skuModel += Math.abs(fm - y);
                            skuNaive += Math.abs(fn - y);
                        }
                    }
                }
                forecaster.addUsage((firstDay + d) * DAY, y);
                DemandForecaster.Published published = forecaster.close(14);
                naive.update(y);
                if (published != null) {
                    double[] np = new double[28];
                    for (int h = 1; h <= 28; h++) {
                        np[h - 1] = naive.forecast(h);
                    }
                    modelPoints.add(published.points());
                    naivePoints.add(np);
                    model = published.model().replaceAll("\\(.*", "");
                }
            }
            finalModels.merge(model, 1, Integer::sum);
            if (skuModel <= skuNaive) {
                atLeastAsGood++;
            }
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s: %d SKUs, %d days; WAPE over the second half",
                config.selection(), daily.size(), days));
        for (int k = 0; k < STEPS.length; k++) {
            sb.append(String.format(Locale.ROOT, "; step %d: %.1f%% (seasonal naive %.1f%%)", STEPS[k],
                    100 * modelAbs[k] / actual[k], 100 * naiveAbs[k] / actual[k]));
        }
        sb.append(String.format(Locale.ROOT, "; SKUs at least as good as naive at step 1: %d; models at the end: %s",
                atLeastAsGood, finalModels));
        return sb.toString();
    }
}
