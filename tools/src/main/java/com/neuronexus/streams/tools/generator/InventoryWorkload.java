package com.neuronexus.streams.tools.generator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.tools.generator.SkuCatalog.Sku;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code inventory.items}, {@code inventory.stock} and {@code inventory.usage} from one small simulation per SKU:
 * usage is consumed from on-hand stock (never below zero: a stock-out censors demand), a daily (s, Q) review at
 * 22:00 places orders that arrive after a noisy lead time, a few orders are cancelled, a few adjustments, and a
 * weekly COUNT that equals the simulated on-hand, so the stock position formula of DESIGN §3 holds exactly.
 */
final class InventoryWorkload implements Workload {
    static final String SITE = "DC-1";
    private static final String[] NAMES = {"Bearing", "Bolt", "Cable", "Filter", "Gasket", "Hinge", "Lamp", "Motor",
        "Nozzle", "Pump", "Relay", "Seal", "Sensor", "Switch", "Valve", "Washer"};

    static final Malformed.Spec USAGE_SPEC = new Malformed.Spec("sku", "qty", "qty", null);
    static final Malformed.Spec STOCK_SPEC = new Malformed.Spec("sku", "qty", "qty", "type");
    static final Malformed.Spec ITEMS_SPEC = new Malformed.Spec("name", "lead_time_days", "unit_cost", null);

    private final long seed;
    private final SkuCatalog catalog;
    private final SkuState[] states;

    /** What the simulation remembers of a SKU between days. */
    private static final class SkuState {
        long onHand;
        long onOrder;
        final List<Receipt> pendingReceipts = new ArrayList<>();
    }

    private record Receipt(Instant ts, long qty) {}

    private record Step(Instant ts, int order, long qty) {}

    InventoryWorkload(long seed, SkuCatalog catalog) {
        this.seed = seed;
        this.catalog = catalog;
        this.states = new SkuState[catalog.size()];
        for (int i = 0; i < states.length; i++) {
            states[i] = new SkuState();
        }
    }

    @Override
    public void generateDay(int day, Instant dayStart, Emitter out) {
        emitMalformed(day, dayStart, out);
        for (Sku sku : catalog.all()) {
            generateSkuDay(sku, states[sku.index()], day, dayStart, out);
        }
    }

    private void generateSkuDay(Sku sku, SkuState state, int day, Instant dayStart, Emitter out) {
        SplittableRandom r = Rand.of(seed, "inventory", sku.index(), day);
        // Nothing moves before the SKU's initial COUNT (within the run's first minute).
        Instant runStart = out.runStart().plusSeconds(61);
        if (day == 0) {
            if (sku.hasItemRecord()) {
                out.emit(Topic.INVENTORY_ITEMS, sku.id(), item(sku, out.runStart(), true, out), out.runStart());
            } else {
                out.inject(new Injection("SKU_WITHOUT_ITEM_RECORD", Topic.INVENTORY_ITEMS.topicName(), sku.id(),
                        out.runStart(), null, java.util.Map.of("item_records", 0)));
            }
            state.onHand = Math.round(sku.meanDailyDemand() * (sku.leadTimeDays() + 10 + r.nextInt(10)));
            Instant countTs = out.runStart().plusSeconds(1 + sku.index() % 60);
            out.emit(Topic.INVENTORY_STOCK, sku.id(), stock(sku, "COUNT", state.onHand, countTs, out), countTs);
        }
        boolean discontinuedToday = sku.discontinuedOnDay() == day;
        if (discontinuedToday) {
            Instant ts = dayStart.plusSeconds(3600 + sku.index() % 60);
            if (sku.hasItemRecord() && out.fits(ts, Duration.ZERO)) {
                out.emit(Topic.INVENTORY_ITEMS, sku.id(), item(sku, ts, false, out), ts);
            }
            if (out.fits(ts, Duration.ZERO)) {
                out.inject(new Injection("SKU_DISCONTINUED", Topic.INVENTORY_ITEMS.topicName(), sku.id(), ts, null,
                        java.util.Map.of("usage_events_after", 0, "orders_after", 0)));
            }
        }
        boolean active = sku.discontinuedOnDay() < 0 || day < sku.discontinuedOnDay();

        // Today's movements, applied in time order. order: 0 receipt, 1 usage, 2 adjustment.
        List<Step> steps = new ArrayList<>();
        Instant dayEnd = dayStart.plus(Duration.ofDays(1));
        state.pendingReceipts.removeIf(receipt -> {
            if (receipt.ts().isBefore(dayEnd)) {
                steps.add(new Step(receipt.ts(), 0, receipt.qty()));
                return true;
            }
            return false;
        });
        if (active) {
            long demand = dailyDemand(sku, day, dayStart, r);
            int events = demand == 0 ? 0 : (int) Math.min(demand, sku.intermittent() ? 1 + r.nextInt(2) : 2 + Rand.poisson(r, 3));
            long[] parts = split(demand, events, r);
            for (long part : parts) {
                steps.add(new Step(dayStart.plusSeconds(7 * 3600 + r.nextInt(14 * 3600)), 1, part));
            }
        }
        if (r.nextDouble() < 0.03) {
            steps.add(new Step(dayStart.plusSeconds(20 * 3600 + 1800 + r.nextInt(1800)), 2, 0));
        }
        steps.sort(Comparator.comparing(Step::ts).thenComparingInt(Step::order));
        for (Step step : steps) {
            switch (step.order()) {
                case 0 -> {
                    state.onHand += step.qty();
                    state.onOrder = Math.max(0, state.onOrder - step.qty());
                }
                case 1 -> {
                    long qty = Math.min(step.qty(), state.onHand);
                    if (qty > 0 && !step.ts().isBefore(runStart)) {
                        state.onHand -= qty;
                        out.emit(Topic.INVENTORY_USAGE, sku.id(), usage(sku, qty, step.ts(), r, out), step.ts());
                    }
                }
                default -> {
                    long delta = state.onHand >= 3 ? -(1 + r.nextInt(3)) : 1 + r.nextInt(2);
                    if (!step.ts().isBefore(runStart)) {
                        state.onHand += delta;
                        out.emit(Topic.INVENTORY_STOCK, sku.id(), stock(sku, "ADJUSTMENT", delta, step.ts(), out), step.ts());
                    }
                }
            }
        }

        Instant reviewTs = dayStart.plusSeconds(22 * 3600 + sku.index() % 3600);
        if (active && out.fits(reviewTs, Duration.ZERO)) {
            review(sku, state, day, dayStart, reviewTs, r, out);
        }
        Instant countTs = dayStart.plusSeconds(23 * 3600 + sku.index() % 3600);
        if (day > 0 && (day + sku.index()) % 7 == 0 && out.fits(countTs, Duration.ZERO)) {
            out.emit(Topic.INVENTORY_STOCK, sku.id(), stock(sku, "COUNT", state.onHand, countTs, out), countTs);
        }
    }

    private long dailyDemand(Sku sku, int day, Instant dayStart, SplittableRandom r) {
        DayOfWeek dow = dayStart.atZone(ZoneOffset.UTC).getDayOfWeek();
        double trend = Math.max(0.2, 1 + sku.trendPerYear() * day / 365.0);
        if (sku.intermittent()) {
            if (r.nextDouble() >= sku.demandDayProbability()) {
                return 0;
            }
            double size = sku.meanDailyDemand() / sku.demandDayProbability() * trend * Rand.lognormal(r, 1, 0.5);
            return Math.max(1, Math.round(size));
        }
        double expected = sku.meanDailyDemand() * sku.weekdayFactor()[dow.getValue() - 1] * trend * Rand.lognormal(r, 1, 0.25);
        return Rand.poisson(r, expected);
    }

    /** Splits {@code total} units into {@code parts} positive integers. */
    private static long[] split(long total, int parts, SplittableRandom r) {
        long[] result = new long[parts];
        if (parts == 0) {
            return result;
        }
        double[] weights = new double[parts];
        double sum = 0;
        for (int j = 0; j < parts; j++) {
            weights[j] = 0.2 + r.nextDouble();
            sum += weights[j];
        }
        long rest = total - parts;
        long given = 0;
        for (int j = 0; j < parts; j++) {
            result[j] = 1 + (long) Math.floor(rest * weights[j] / sum);
            given += result[j];
        }
        result[0] += total - given;
        return result;
    }

    /** Daily (s, Q) review: order up to four weeks of demand plus safety stock when the position is below s. */
    private void review(Sku sku, SkuState state, int day, Instant dayStart, Instant ts, SplittableRandom r, Emitter out) {
        double trend = Math.max(0.2, 1 + sku.trendPerYear() * day / 365.0);
        double mu = sku.meanDailyDemand() * trend;
        double sigma = sku.intermittent() ? mu * 1.5 : mu * 0.35;
        double safety = 1.65 * sigma * Math.sqrt(sku.leadTimeDays());
        double reorderPoint = mu * sku.leadTimeDays() + safety;
        long position = state.onHand + state.onOrder;
        if (position >= reorderPoint) {
            return;
        }
        double lot = sku.lotSize();
        long qty = (long) Math.max(sku.minOrderQty(), Math.ceil((mu * 28 + safety - position) / lot) * lot);
        if (qty <= 0) {
            return;
        }
        out.emit(Topic.INVENTORY_STOCK, sku.id(), stock(sku, "ORDER_PLACED", qty, ts, out), ts);
        if (r.nextDouble() < 0.04) {
            Instant cancelTs = dayStart.plus(Duration.ofDays(1)).plusSeconds(10 * 3600 + r.nextInt(3600));
            out.emit(Topic.INVENTORY_STOCK, sku.id(), stock(sku, "ORDER_CANCELLED", qty, cancelTs, out), cancelTs);
            return;
        }
        long leadDays = Math.max(1, Math.round(sku.leadTimeDays() + sku.leadTimeStdDays() * Rand.gaussian(r)));
        Instant receiptTs = dayStart.plus(Duration.ofDays(leadDays)).plusSeconds(8 * 3600 + r.nextInt(8 * 3600));
        state.onOrder += qty;
        state.pendingReceipts.add(new Receipt(receiptTs, qty));
        out.emit(Topic.INVENTORY_STOCK, sku.id(), stock(sku, "RECEIPT", qty, receiptTs, out), receiptTs);
    }

    private void emitMalformed(int day, Instant dayStart, Emitter out) {
        Sku sku = catalog.get(0);
        SplittableRandom r = Rand.of(seed, "inventory-bad", 0, day);
        for (Malformed.Planned p : Malformed.plan(day, dayStart, out, USAGE_SPEC, 0)) {
            out.emitMalformed(Topic.INVENTORY_USAGE, sku.id(), usage(sku, 3, p.ts(), r, null), p.kind(), USAGE_SPEC, p.ts());
        }
        for (Malformed.Planned p : Malformed.plan(day, dayStart, out, STOCK_SPEC, 10)) {
            out.emitMalformed(Topic.INVENTORY_STOCK, sku.id(), stock(sku, "RECEIPT", 5, p.ts(), null), p.kind(), STOCK_SPEC, p.ts());
        }
        for (Malformed.Planned p : Malformed.plan(day, dayStart, out, ITEMS_SPEC, 20)) {
            out.emitMalformed(Topic.INVENTORY_ITEMS, sku.id(), item(sku, p.ts(), true, null), p.kind(), ITEMS_SPEC, p.ts());
        }
    }

    private static ObjectNode base(Topic topic, Instant ts, Emitter out) {
        if (out != null) {
            return out.newEvent(topic, ts);
        }
        ObjectNode node = com.neuronexus.streams.core.json.Json.newObject();
        node.put("event_id", "");
        node.put("ts", ts.toString());
        return node;
    }

    private static ObjectNode usage(Sku sku, long qty, Instant ts, SplittableRandom r, Emitter out) {
        ObjectNode node = base(Topic.INVENTORY_USAGE, ts, out);
        node.put("sku", sku.id());
        node.put("qty", qty);
        node.put("site", SITE);
        if (!sku.hasItemRecord() || r.nextDouble() < 0.3) {
            node.put("unit_cost", sku.unitCost());
        }
        return node;
    }

    private static ObjectNode stock(Sku sku, String type, long qty, Instant ts, Emitter out) {
        ObjectNode node = base(Topic.INVENTORY_STOCK, ts, out);
        node.put("sku", sku.id());
        node.put("type", type);
        node.put("qty", qty);
        node.put("site", SITE);
        return node;
    }

    private static ObjectNode item(Sku sku, Instant ts, boolean active, Emitter out) {
        ObjectNode node = base(Topic.INVENTORY_ITEMS, ts, out);
        node.put("sku", sku.id());
        node.put("name", NAMES[sku.index() % NAMES.length] + " " + (sku.index() + 1));
        node.put("unit_cost", sku.unitCost());
        node.put("lead_time_days", sku.leadTimeDays());
        node.put("active", active);
        if (sku.fullItemRecord()) {
            node.put("lead_time_std_days", sku.leadTimeStdDays());
            node.put("min_order_qty", sku.minOrderQty());
            node.put("lot_size", sku.lotSize());
            node.put("supplier_id", sku.supplierId());
            if (sku.serviceLevel() != null) {
                node.put("service_level", sku.serviceLevel());
            }
        }
        return node;
    }
}
