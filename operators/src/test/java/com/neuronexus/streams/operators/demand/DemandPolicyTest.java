package com.neuronexus.streams.operators.demand;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DemandPolicyTest {

    @Test
    void bucketsAreUtcCalendarPeriods() {
        long ts = Instant.parse("2026-03-05T10:15:30Z").toEpochMilli(); // a Thursday
        assertEquals(Instant.parse("2026-03-05T00:00:00Z").toEpochMilli(), BucketSize.DAY.start(ts));
        assertEquals(Instant.parse("2026-03-02T00:00:00Z").toEpochMilli(), BucketSize.WEEK.start(ts));
        assertEquals(Instant.parse("2026-03-01T00:00:00Z").toEpochMilli(), BucketSize.MONTH.start(ts));
        assertEquals(Instant.parse("2026-04-01T00:00:00Z").toEpochMilli(),
                BucketSize.MONTH.next(BucketSize.MONTH.start(ts)));
        assertEquals(728, BucketSize.DAY.bucketsFor(104));
        assertEquals(104, BucketSize.WEEK.bucketsFor(104));
        assertEquals(24, BucketSize.MONTH.bucketsFor(104));
    }

    @Test
    void syntetosBoylanProfile() {
        DemandClass.Profile p = DemandClass.Profile.of(new double[] {0, 3, 0, 5, 0, 0, 4, 0});
        assertEquals(8.0 / 3, p.adi(), 1e-12);
        assertEquals(1.0 / 16, p.cv2(), 1e-12); // sizes 3,5,4: mean 4, sample variance 1
        assertEquals(DemandClass.INTERMITTENT, p.demandClass());
        assertEquals(DemandClass.SMOOTH, DemandClass.of(1.0, 0.2));
        assertEquals(DemandClass.ERRATIC, DemandClass.of(1.31, 0.49));
        assertEquals(DemandClass.LUMPY, DemandClass.of(1.32, 0.49));
        assertEquals(DemandClass.UNKNOWN, DemandClass.Profile.of(new double[] {0, 0, 1}).demandClass());
    }

    @Test
    void reorderFormulasHandComputed() {
        // μ=10/day σ=3 L=4 z=1.65: σ_LT=√(4·9)=6, SS=9.9, ROP=49.9; position 40 → reorder
        ReorderPolicy.Decision d = ReorderPolicy.decide(
                new ReorderPolicy.Inputs(10, 3, 4, null, 280, 30, 10, 1.65, 25, 0));
        assertEquals(9.9, d.safetyStock(), 1e-9);
        assertEquals(49.9, d.reorderPoint(), 1e-9);
        assertEquals(40, d.stockPosition(), 1e-9);
        assertTrue(d.shouldReorder());
        assertEquals(250, d.orderQty(), 1e-9); // ceil(249.9/25)=10 lots
        assertEquals(3.01, d.daysUntilStockout(), 1e-9);
        assertEquals("urgent", d.priority());

        ReorderPolicy.Decision withMoq = ReorderPolicy.decide(
                new ReorderPolicy.Inputs(10, 3, 4, null, 280, 30, 10, 1.65, 25, 300));
        assertEquals(300, withMoq.orderQty(), 1e-9);

        // lead-time variance: σ_LT = √(4·9 + 100·1) = √136
        ReorderPolicy.Decision withLtStd = ReorderPolicy.decide(
                new ReorderPolicy.Inputs(10, 3, 4, 1.0, 280, 30, 10, 1.65, 1, 0));
        assertEquals(1.65 * Math.sqrt(136), withLtStd.safetyStock(), 1e-9);

        ReorderPolicy.Decision high = ReorderPolicy.decide(
                new ReorderPolicy.Inputs(10, 0, 4, null, 280, 50, 0, 1.65, 1, 0));
        assertEquals("high", high.priority()); // 5 days < 1.5·4
        assertFalse(high.shouldReorder()); // 50 ≥ ROP 40
        ReorderPolicy.Decision medium = ReorderPolicy.decide(
                new ReorderPolicy.Inputs(10, 10, 4, null, 280, 60, 0, 2.33, 1, 0));
        // SS = 2.33·20 = 46.6, ROP 86.6 > 60; days = (60−46.6)/10 = 1.34 → urgent
        assertEquals("urgent", medium.priority());
        ReorderPolicy.Decision low = ReorderPolicy.decide(
                new ReorderPolicy.Inputs(1, 0, 4, null, 28, 100, 0, 1.65, 1, 0));
        assertEquals("low", low.priority());
        assertEquals(0, low.orderQty());
        ReorderPolicy.Decision noDemand = ReorderPolicy.decide(
                new ReorderPolicy.Inputs(0, 0, 4, null, 0, 0, 0, 1.65, 1, 0));
        assertNull(noDemand.daysUntilStockout());
        assertFalse(noDemand.shouldReorder());
    }

    @Test
    void serviceLevels() {
        assertEquals(2.33, ServiceLevels.z(ServiceLevels.forClass("A")));
        assertEquals(1.65, ServiceLevels.z(ServiceLevels.forClass("B")));
        assertEquals(1.28, ServiceLevels.z(ServiceLevels.forClass("C")));
        assertEquals(1.959964, ServiceLevels.z(0.975), 1e-6);
        assertEquals(1.959964, ServiceLevels.intervalZ(0.95), 1e-6);
    }

    @Test
    void abcByCumulativeShare() {
        Map<String, Double> values = new TreeMap<>(Map.of("a", 1000.0, "b", 150.0, "c", 50.0, "d", 0.0));
        Map<String, String> classes = AbcClassifier.classify(values, 0.80, 0.95);
        assertEquals(Map.of("a", "A", "b", "B", "c", "C", "d", "C"), classes);
        // ties broken by sku: same input, any order, same classes
        Map<String, String> tied = AbcClassifier.classify(Map.of("x", 10.0, "y", 10.0), 0.5, 0.9);
        assertEquals("A", tied.get("x"));
        assertEquals("B", tied.get("y"));
    }

    @Test
    void weightsRespectTheFloor() {
        assertArrayEquals(new double[] {0.8, 0.1, 0.1}, ModelBank.floorWeights(new double[] {0.9, 0.05, 0.05}, 0.1), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.5}, ModelBank.floorWeights(new double[] {1, 1}, 0.1), 1e-12);
        double[] w = ModelBank.floorWeights(new double[] {0.5, 0.25, 0.25}, 0.1);
        assertArrayEquals(new double[] {0.5, 0.25, 0.25}, w, 1e-12);
    }

    @Test
    void annualUsageValueTrailsAYear() {
        AnnualUsageValue usage = new AnnualUsageValue();
        long day0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        usage.addUsage(day0 + 1000, 10, 2.0);
        assertEquals(20.0, usage.closeDay(), 1e-12);
        usage.setItemCost(day0 + 86_400_000L, 3.0); // item cost wins and revalues the year
        for (int d = 1; d < 365; d++) {
            usage.closeDay();
        }
        assertEquals(30.0, usage.value(), 1e-12);
        usage.closeDay(); // day 0 leaves the window
        assertEquals(0.0, usage.value(), 1e-12);
        assertTrue(usage.idleForAYear());
        AnnualUsageValue copy = AnnualUsageValue.fromBytes(usage.toBytes());
        assertEquals(usage.openDayEnd(), copy.openDayEnd());
    }
}
