package com.neuronexus.streams.operators.demand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.events.ItemEvent;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.events.StockEvent;
import com.neuronexus.streams.core.events.StockMovementType;
import com.neuronexus.streams.core.events.UsageEvent;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.Forecast;
import com.neuronexus.streams.core.outputs.ForecastAccuracy;
import com.neuronexus.streams.core.outputs.ReorderRecommendation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class SkuDemandEngineTest {
    static final long DAY = 86_400_000L;
    static final long T0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli(); // a Monday

    static final class Collected implements DemandOutputs {
        final List<Forecast> forecasts = new ArrayList<>();
        final List<ReorderRecommendation> recommendations = new ArrayList<>();
        final List<ForecastAccuracy> accuracy = new ArrayList<>();
        final List<Signal> signals = new ArrayList<>();

        @Override
        public void forecast(Forecast f) {
            forecasts.add(f);
        }

        @Override
        public void recommendation(ReorderRecommendation r) {
            recommendations.add(r);
        }

        @Override
        public void accuracy(ForecastAccuracy a) {
            accuracy.add(a);
        }

        @Override
        public void signal(Signal s) {
            signals.add(s);
        }

        Forecast lastForecast() {
            return forecasts.get(forecasts.size() - 1);
        }
    }

    static UsageEvent usage(String sku, long ts, double qty) {
        return new UsageEvent("u-" + sku + "-" + ts, Instant.ofEpochMilli(ts), sku, qty, null, null);
    }

    static ItemEvent item(String sku, long ts, double cost, double leadTime) {
        return new ItemEvent("i-" + sku + "-" + ts, Instant.ofEpochMilli(ts), sku, "item " + sku, cost, leadTime,
                null, null, 10.0, null, true, null);
    }

    /** Runs {@code days} days of the series through an engine, closing each day. */
    static Collected run(SkuDemandEngine engine, int days, IntToDoubleFunction demand) {
        Collected out = new Collected();
        for (int d = 0; d < days; d++) {
            double qty = demand.applyAsDouble(d);
            if (qty > 0) {
                engine.onUsage(usage(engine.sku(), T0 + d * DAY + 3_600_000L, qty), out);
            } else if (!engine.forecaster().started()) {
                engine.forecaster().startAt(T0);
            }
            engine.closeBucket(out);
        }
        return out;
    }

    @Test
    void constantDemandForecastsTheConstant() {
        SkuDemandEngine engine = new SkuDemandEngine(DemandConfig.defaults(), "const");
        Collected out = run(engine, 60, d -> 5);
        assertEquals(60 - 11, out.forecasts.size(), "one forecast per close from the 12th bucket on");
        Forecast f = out.lastForecast();
        assertEquals(28, f.points().length);
        for (double p : f.points()) {
            assertEquals(5, p, 1e-6);
        }
        assertEquals(0, f.std(), 1e-6);
        assertEquals(14 * 5, f.leadTimeDemand(), 1e-4); // default lead time 14 days without an item
        assertEquals(28 * 5, f.fourWeekDemand(), 1e-4);
        assertEquals(Instant.ofEpochMilli(T0 + 60 * DAY), f.asOf());
        assertEquals("SMOOTH", f.demandClass());
        assertEquals(0, f.wape(), 1e-6);
    }

    @Test
    void weeklySeasonIsForecast() {
        double[] week = {20, 40, 60, 80, 100, 30, 10};
        SkuDemandEngine engine = new SkuDemandEngine(DemandConfig.defaults(), "season");
        Collected out = run(engine, 140, d -> week[d % 7]);
        Forecast f = out.lastForecast();
        for (int h = 1; h <= 28; h++) {
            assertEquals(week[(140 + h - 1) % 7], f.points()[h - 1], 2.0, "step " + h + " by " + f.model());
        }
        assertTrue(f.model().startsWith("HoltWinters") || f.model().startsWith("SeasonalNaive"), f.model());
        assertTrue(f.modelReason().contains("lowest rolling one-step RMSE"), f.modelReason());
    }

    @Test
    void trendIsFollowed() {
        SkuDemandEngine engine = new SkuDemandEngine(DemandConfig.defaults(), "trend");
        Collected out = run(engine, 90, d -> 10 + 0.5 * d);
        Forecast f = out.lastForecast();
        assertEquals(10 + 0.5 * 90, f.points()[0], 1.5, f.model());
        assertTrue(f.points()[6] > f.points()[0], "trend continues: " + f.model());
    }

    @Test
    void intermittentDemandUsesCrostonType() {
        SkuDemandEngine engine = new SkuDemandEngine(DemandConfig.defaults(), "spares");
        Collected out = run(engine, 200, d -> d % 3 == 2 ? 6 : 0);
        Forecast f = out.lastForecast();
        assertEquals("INTERMITTENT", f.demandClass());
        assertEquals(3.0, f.adi(), 0.05);
        assertTrue(f.model().matches("(Croston|SBA|TSB|SeasonalNaive).*"), f.model());
        double rate = f.leadTimeDemand() / 14;
        assertEquals(2.0, rate, 0.3, "demand rate per bucket, model " + f.model());
    }

    @Test
    void weightedSelectionCombinesFamilies() {
        SkuDemandEngine engine = new SkuDemandEngine(DemandConfig.defaults().withSelection(SelectionMode.WEIGHTED), "w");
        Collected out = run(engine, 60, d -> 5 + (d % 7));
        Forecast f = out.lastForecast();
        assertTrue(f.model().startsWith("Weighted("), f.model());
        assertTrue(f.modelReason().contains("min 0.1"), f.modelReason());
    }

    @Test
    void accuracyIsPublishedPerStepAndDriftRaisesASignal() {
        SkuDemandEngine engine = new SkuDemandEngine(DemandConfig.defaults(), "drifty");
        // calm for 120 days, then wild swings: recent errors grow
        Collected out = run(engine, 150, d -> d < 120 ? 10 + (d % 2) : (d % 2 == 0 ? 40 : 0));
        assertFalse(out.accuracy.isEmpty());
        ForecastAccuracy last = out.accuracy.get(out.accuracy.size() - 1);
        assertNotNull(last.mape());
        assertTrue(Json.readTree(last.byStep()).size() == 28, last.byStep());
        assertTrue(last.drift(), String.valueOf(last));
        assertEquals(1, out.signals.size());
        Signal s = out.signals.get(0);
        assertEquals("FORECAST_DRIFT:drifty", s.dedupKey());
        assertEquals("P3", s.priority());
        assertEquals(Signal.SignalState.OBSERVED, s.state());
        // calm again: the test passes and the signal clears
        Collected after = new Collected();
        for (int d = 150; d < 260; d++) {
            engine.onUsage(usage("drifty", T0 + d * DAY + 1, 10), after);
            engine.closeBucket(after);
        }
        assertEquals(1, after.signals.size());
        assertEquals(Signal.SignalState.CLEARED, after.signals.get(0).state());
    }

    @Test
    void recommendationWaitsForItemThenFollowsStock() {
        SkuDemandEngine engine = new SkuDemandEngine(DemandConfig.defaults(), "r1");
        Collected out = run(engine, 20, d -> 10);
        assertEquals(1, out.recommendations.size(), "one waiting record, not one per event");
        assertTrue(out.recommendations.get(0).reason().contains("waiting for item master data"));
        assertFalse(out.forecasts.isEmpty(), "forecasts do not wait for the item");

        Collected later = new Collected();
        long now = T0 + 20 * DAY + 1000;
        engine.onItem(item("r1", now, 2.0, 5), later);
        engine.onStock(new StockEvent("s1", Instant.ofEpochMilli(now + 1), "r1", StockMovementType.COUNT, 500, null), later);
        ReorderRecommendation stocked = later.recommendations.get(later.recommendations.size() - 1);
        assertFalse(stocked.shouldReorder());
        assertEquals(500, stocked.stockPosition(), 1e-9);
        int before = later.recommendations.size();
        // usage of 1 unit: nothing material changes
        engine.onUsage(usage("r1", now + 2, 1), later);
        assertEquals(before, later.recommendations.size());
        // stock drops under the reorder point (ROP ≈ 50 for 10/day, L=5): a recommendation at once
        engine.onStock(new StockEvent("s2", Instant.ofEpochMilli(now + 3), "r1", StockMovementType.COUNT, 30, null), later);
        ReorderRecommendation reorder = later.recommendations.get(later.recommendations.size() - 1);
        assertTrue(reorder.shouldReorder(), reorder.reason());
        assertEquals("STOCK", reorder.triggeredBy());
        assertEquals("urgent", reorder.priority()); // 3 days < L
        assertEquals(0, reorder.orderQty() % 10, 1e-9); // lot 10
        assertEquals(Math.ceil((280 + reorder.safetyStock() - 30) / 10) * 10, reorder.orderQty(), 1e-6);
        assertTrue(reorder.recommendationId().startsWith("rec-"));
        assertTrue(reorder.autoApprove() == false || "B".equals(reorder.abcClass()) == false);
        // ABC class C: auto-approved by default policy
        engine.onClass("C", Instant.ofEpochMilli(now + 4), later);
        ReorderRecommendation asC = later.recommendations.get(later.recommendations.size() - 1);
        assertEquals("C", asC.abcClass());
        assertTrue(asC.autoApprove());
        assertEquals(1.28, asC.z(), 1e-12);
    }

    @Test
    void stateRoundTripsAndStaysBounded() {
        DemandConfig config = DemandConfig.defaults();
        SkuDemandEngine engine = new SkuDemandEngine(config, "big");
        run(engine, 800, d -> (d * 37) % 11);
        byte[] bytes = engine.toBytes();
        SkuDemandEngine copy = SkuDemandEngine.fromBytes(config, "big", bytes);
        Collected a = run(engine, 30, d -> (d * 13) % 7);
        Collected b = run(copy, 30, d -> (d * 13) % 7);
        assertEquals(Json.toText(a.forecasts), Json.toText(b.forecasts));
        assertEquals(Json.toText(a.accuracy), Json.toText(b.accuracy));
        int day = engine.toBytes().length;
        // a changed horizon restarts scoring instead of failing on the old state
        SkuDemandEngine reshaped = SkuDemandEngine.fromBytes(config.withBucket(BucketSize.DAY, 7), "big", bytes);
        Collected c = run(reshaped, 5, d -> 3);
        assertEquals(7, c.lastForecast().points().length);
        SkuDemandEngine rebucketed = SkuDemandEngine.fromBytes(config.withBucket(BucketSize.WEEK, 13), "big", bytes);
        assertEquals(0, rebucketed.forecaster().closedBuckets(), "a new bucket size starts a fresh forecaster");
        SkuDemandEngine weekly = new SkuDemandEngine(config.withBucket(BucketSize.WEEK, 13), "wk");
        for (int w = 0; w < 200; w++) {
            weekly.onUsage(usage("wk", T0 + w * 7 * DAY, 5 + w % 3), new Collected());
            weekly.closeBucket(new Collected());
        }
        int week = weekly.toBytes().length;
        System.out.printf("demand state per SKU: DAY/104 weeks/horizon 28 = %d bytes; WEEK/104/13 = %d bytes%n", day, week);
        assertTrue(day < 16_000, "bounded: " + day);
        assertTrue(week < 6_000, "weekly state bounded: " + week);
        assertNull(new SkuDemandEngine(config, "x").abcClass());
    }
}
