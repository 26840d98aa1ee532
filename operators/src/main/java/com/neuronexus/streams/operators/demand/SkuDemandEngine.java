package com.neuronexus.streams.operators.demand;

import com.neuronexus.streams.core.events.ItemEvent;
import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.events.StockEvent;
import com.neuronexus.streams.core.events.UsageEvent;
import com.neuronexus.streams.core.ids.ContentIds;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.core.outputs.Forecast;
import com.neuronexus.streams.core.outputs.ForecastAccuracy;
import com.neuronexus.streams.core.outputs.ReorderRecommendation;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything DemandJob knows about one SKU: its demand forecaster, stock position, item master data, ABC
 * class and the last recommendation it published. Events must be fed in event-time order (the Flink
 * function sorts them); every event re-evaluates the reorder decision and a recommendation is published
 * only on material change. The whole state serializes to one compact byte array ({@link #toBytes}).
 */
public final class SkuDemandEngine {
    public static final String SOURCE = "demand";
    public static final String DRIFT_KIND = "FORECAST_DRIFT";

    private static final int NOTHING = 0, WAITING_ITEM = 1, WAITING_DEMAND = 2, DECIDED = 3;

    private final DemandConfig config;
    private final String sku;
    private final DemandForecaster forecaster;

    private double onHand;
    private double onOrder;

    private boolean hasItem;
    private boolean active = true;
    private double unitCost = Double.NaN;
    private double leadTimeDays;
    private double leadTimeStdDays = Double.NaN;
    private double minOrderQty;
    private double lotSize = 1;
    private double itemServiceLevel = Double.NaN;

    private String abcClass;

    /** Demand basis of the reorder policy, from the last forecast (or the history before the first one). */
    private boolean hasBasis;
    private boolean basisFromForecast;
    private double avgDaily;
    private double stdDaily;
    private double fourWeekDemand;

    private int published = NOTHING;
    private boolean lastShouldReorder;
    private String lastPriority = "";
    private double lastOrderQty;
    private boolean lastAutoApprove;

    private boolean drifting;

    public SkuDemandEngine(DemandConfig config, String sku) {
        this.config = config;
        this.sku = sku;
        this.forecaster = new DemandForecaster(config);
    }

    public String sku() {
        return sku;
    }

    public DemandForecaster forecaster() {
        return forecaster;
    }

    /** False once the item master marks the SKU inactive: the caller drops its state and timers. */
    public boolean active() {
        return active;
    }

    /**
     * A SKU nobody describes (no item master data) whose whole bounded history is zero demand: nothing
     * left to forecast or reorder, so its state can go.
     */
    public boolean retirable() {
        if (hasItem) {
            return false;
        }
        DoubleRing history = forecaster.history();
        return history.size() == history.capacity() && history.sumNewest(history.size()) == 0;
    }

    public boolean hasItem() {
        return hasItem;
    }

    public String abcClass() {
        return abcClass;
    }

    public double onHand() {
        return onHand;
    }

    public double onOrder() {
        return onOrder;
    }

    // ---- inputs ----

    public void onUsage(UsageEvent usage, DemandOutputs out) {
        forecaster.addUsage(usage.ts().toEpochMilli(), usage.qty());
        if (usage.qty() > 0 && Double.isFinite(usage.qty())) {
            onHand -= usage.qty();
        }
        if (!hasItem && usage.unitCost() != null && Double.isFinite(usage.unitCost())) {
            unitCost = usage.unitCost();
        }
        evaluate(usage.ts(), "USAGE", out);
    }

    public void onStock(StockEvent stock, DemandOutputs out) {
        double qty = Double.isFinite(stock.qty()) ? stock.qty() : 0;
        switch (stock.type()) {
            case COUNT -> onHand = qty;
            case RECEIPT -> {
                onHand += qty;
                onOrder = Math.max(0, onOrder - qty);
            }
            case ADJUSTMENT -> onHand += qty;
            case ORDER_PLACED -> onOrder += qty;
            case ORDER_CANCELLED -> onOrder = Math.max(0, onOrder - qty);
            default -> { }
        }
        forecaster.startAt(stock.ts().toEpochMilli());
        evaluate(stock.ts(), "STOCK", out);
    }

    public void onItem(ItemEvent item, DemandOutputs out) {
        hasItem = true;
        active = item.active();
        unitCost = finiteOr(item.unitCost(), Double.NaN);
        leadTimeDays = Math.max(0, finiteOr(item.leadTimeDays(), 0));
        leadTimeStdDays = item.leadTimeStdDays() == null ? Double.NaN : Math.max(0, item.leadTimeStdDays());
        minOrderQty = item.minOrderQty() == null ? 0 : Math.max(0, item.minOrderQty());
        lotSize = item.lotSize() == null || !(item.lotSize() > 0) ? 1 : item.lotSize();
        itemServiceLevel = item.serviceLevel() == null || !(item.serviceLevel() > 0 && item.serviceLevel() < 1)
                ? Double.NaN : item.serviceLevel();
        forecaster.startAt(item.ts().toEpochMilli());
        if (active) {
            evaluate(item.ts(), "ITEM", out);
        }
    }

    public void onClass(String newClass, Instant ts, DemandOutputs out) {
        abcClass = newClass;
        evaluate(ts, "CLASS", out);
    }

    /** Closes the open demand bucket (event time reached its end): forecast, accuracy, drift, reorder. */
    public void closeBucket(DemandOutputs out) {
        DemandForecaster.Published forecast = forecaster.close(leadTime());
        long closedEnd = forecaster.openBucketStart();
        Instant asOf = Instant.ofEpochMilli(closedEnd);
        if (forecast == null) {
            double[] history = forecaster.history().toArray();
            double mean = 0;
            for (double d : history) {
                mean += d;
            }
            mean /= history.length;
            double var = 0;
            for (double d : history) {
                var += (d - mean) * (d - mean);
            }
            double std = history.length > 1 ? Math.sqrt(var / (history.length - 1)) : 0;
            double days = config.bucket().days();
            setBasis(mean / days, std / Math.sqrt(days), mean * config.bucket().bucketsInFourWeeks(), false);
        } else {
            out.forecast(toForecast(forecast));
            double l = forecast.leadTimeDays();
            double days = config.bucket().days();
            double daily = l > 0 ? forecast.leadTimeDemand() / l : forecast.points()[0] / days;
            setBasis(daily, forecast.std() / Math.sqrt(days), forecast.fourWeekDemand(), true);
            publishAccuracy(asOf, out);
        }
        evaluate(asOf, "FORECAST", out);
    }

    private void setBasis(double daily, double std, double fourWeeks, boolean fromForecast) {
        hasBasis = true;
        basisFromForecast = fromForecast;
        avgDaily = daily;
        stdDaily = std;
        fourWeekDemand = fourWeeks;
    }

    private double leadTime() {
        return hasItem ? leadTimeDays : config.defaultLeadTimeDays();
    }

    // ---- outputs ----

    private Forecast toForecast(DemandForecaster.Published p) {
        DemandClass.Profile profile = p.profile();
        AccuracyTracker.Metrics m = p.accuracy();
        return new Forecast(sku, Instant.ofEpochMilli(p.asOf()), config.bucket().name(), config.horizon(), p.points(),
                p.lower(), p.upper(), config.intervalLevel(), p.std(), p.leadTimeDays(), p.leadTimeDemand(),
                p.fourWeekDemand(), p.model(), p.reason(), profile.demandClass().name(), orNull(profile.adi()),
                orNull(profile.cv2()), (int) Math.min(Integer.MAX_VALUE, forecaster.closedBuckets()),
                orNull(m.mape()), orNull(m.wape()), orNull(m.mase()), orNull(m.bias()));
    }

    private void publishAccuracy(Instant asOf, DemandOutputs out) {
        AccuracyTracker tracker = forecaster.accuracy();
        AccuracyTracker.Metrics overall = tracker.metrics(0);
        if (overall.scored() <= 0) {
            return;
        }
        List<AccuracyTracker.Metrics> byStep = tracker.byStep();
        AccuracyTracker.Drift drift = tracker.drift(config.driftPValue());
        out.accuracy(new ForecastAccuracy(sku, asOf, config.bucket().name(), overall.scored(), orNull(overall.mape()),
                orNull(overall.wape()), orNull(overall.mase()), orNull(overall.bias()), byStepJson(byStep), null,
                drift == null ? null : orNull(drift.pValue()),
                drift == null ? null : drift.recentMeanError(),
                drift == null ? null : drift.baselineMeanError(),
                drift != null && drift.drifting()));
        if (drift != null && drift.drifting() != drifting) {
            drifting = drift.drifting();
            Map<String, Object> evidence = new TreeMap<>();
            evidence.put("sku", sku);
            evidence.put("p_value", orNull(drift.pValue()));
            evidence.put("recent_mean_abs_error", drift.recentMeanError());
            evidence.put("baseline_mean_abs_error", drift.baselineMeanError());
            evidence.put("test", "Welch t-test, last 4 weeks vs weeks 5-16 of one-step absolute errors");
            out.signal(Signal.of(SOURCE, DRIFT_KIND, sku, "P3",
                    drifting ? Signal.SignalState.OBSERVED : Signal.SignalState.CLEARED, asOf, Json.object(evidence)));
        }
    }

    /**
     * The {@code by_step} JSON: one object per step with scored forecasts, keys sorted. Written directly, byte for
     * byte what {@link Json#toText} makes of the same list of sorted maps ({@link #byStepJsonViaMaps}), which took
     * a fifth of a day close. Falls back to that for a non-finite count.
     */
    static String byStepJson(List<AccuracyTracker.Metrics> byStep) {
        StringBuilder sb = new StringBuilder(112 * byStep.size() + 2).append('[');
        for (int h = 1; h <= byStep.size(); h++) {
            AccuracyTracker.Metrics m = byStep.get(h - 1);
            if (m.scored() <= 0) {
                continue;
            }
            if (!Double.isFinite(round(m.scored()))) {
                return byStepJsonViaMaps(byStep);
            }
            if (sb.length() > 1) {
                sb.append(',');
            }
            // Keys in Jackson's sorted order; a null (non-finite) figure is left out as Json's NON_NULL leaves it.
            sb.append('{');
            appendRounded(sb, "\"bias\":", m.bias(), ",");
            appendRounded(sb, "\"mape\":", m.mape(), ",");
            appendRounded(sb, "\"mase\":", m.mase(), ",");
            appendRounded(sb, "\"scored\":", m.scored(), ",");
            sb.append("\"step\":").append(h);
            appendRounded(sb, ",\"wape\":", m.wape(), "");
            sb.append('}');
        }
        return sb.append(']').toString();
    }

    /** Smallest and largest |value| × 10⁶ that {@link #appendMillionths} writes; others go through Double.toString. */
    static final long FAST_MIN = 1_000, FAST_LIMIT = 1L << 28;

    /**
     * Appends key, {@code round(v)} as Jackson writes a double ({@link Double#toString}) and {@code after}; nothing
     * for a non-finite v (null). round(v) is the double nearest m/10⁶, m = Math.round(v·10⁶): between 0.001 and
     * 268.4 its Double.toString is m/10⁶ in plain decimals without trailing zeros (checked for every such m;
     * DayCloseTextTest samples them), written here without the JDK's costly binary-to-decimal conversion.
     */
    private static void appendRounded(StringBuilder sb, String key, double v, String after) {
        if (!Double.isFinite(v)) {
            return;
        }
        long m = Math.round(v * 1e6);
        sb.append(key);
        long abs = Math.abs(m);
        if (abs >= FAST_MIN && abs < FAST_LIMIT) {
            if (m < 0) {
                sb.append('-');
            }
            appendMillionths(sb, abs);
        } else {
            sb.append(Double.toString(m / 1e6));
        }
        sb.append(after);
    }

    /** m/10⁶ as plain decimals, at least one fraction digit, no trailing zeros (0 ≤ m < 10¹⁸). */
    static void appendMillionths(StringBuilder sb, long m) {
        char[] text = new char[20];
        int end = text.length;
        long fraction = m % 1_000_000;
        int digits = 6;
        while (digits > 1 && fraction % 10 == 0) {
            fraction /= 10; // trailing zeros go; one digit stays (x.0)
            digits--;
        }
        for (int i = 0; i < digits; i++) {
            text[--end] = (char) ('0' + fraction % 10);
            fraction /= 10;
        }
        text[--end] = '.';
        long whole = m / 1_000_000;
        do {
            text[--end] = (char) ('0' + whole % 10);
            whole /= 10;
        } while (whole > 0);
        sb.append(text, end, text.length - end);
    }

    /** The {@code by_step} JSON through Jackson, the reference for {@link #byStepJson}. */
    static String byStepJsonViaMaps(List<AccuracyTracker.Metrics> byStep) {
        List<Map<String, Object>> steps = new ArrayList<>();
        for (int h = 1; h <= byStep.size(); h++) {
            AccuracyTracker.Metrics m = byStep.get(h - 1);
            if (m.scored() <= 0) {
                continue;
            }
            Map<String, Object> step = new TreeMap<>();
            step.put("step", h);
            step.put("scored", round(m.scored()));
            step.put("mape", orNull(round(m.mape())));
            step.put("wape", orNull(round(m.wape())));
            step.put("mase", orNull(round(m.mase())));
            step.put("bias", orNull(round(m.bias())));
            steps.add(step);
        }
        return Json.toText(steps);
    }

    /** Re-evaluates the reorder decision; publishes only a material change. */
    private void evaluate(Instant ts, String trigger, DemandOutputs out) {
        if (!hasItem) {
            if (published != WAITING_ITEM) {
                published = WAITING_ITEM;
                out.recommendation(waiting(ts, trigger, "waiting for item master data (inventory.items) for this SKU;"
                        + " forecasts continue"));
            }
            return;
        }
        if (!hasBasis) {
            if (published != WAITING_DEMAND) {
                published = WAITING_DEMAND;
                out.recommendation(waiting(ts, trigger, "waiting for the first closed demand bucket"));
            }
            return;
        }
        double serviceLevel = Double.isNaN(itemServiceLevel) ? ServiceLevels.forClass(abcClass) : itemServiceLevel;
        double z = ServiceLevels.z(serviceLevel);
        Double ltStd = Double.isNaN(leadTimeStdDays) ? null : leadTimeStdDays;
        ReorderPolicy.Decision d = ReorderPolicy.decide(new ReorderPolicy.Inputs(avgDaily, stdDaily, leadTimeDays, ltStd,
                fourWeekDemand, onHand, onOrder, z, lotSize, minOrderQty));
        String shownClass = abcClass == null ? "B" : abcClass;
        boolean autoApprove = d.shouldReorder() && (config.autoApproveClassSet().contains(shownClass)
                || (config.autoApprovePrioritySet().contains(d.priority())
                        && Double.isFinite(unitCost) && d.orderQty() * unitCost <= config.autoApproveMaxValue()));
        boolean material = published != DECIDED
                || d.shouldReorder() != lastShouldReorder
                || !d.priority().equals(lastPriority)
                || Math.abs(d.orderQty() - lastOrderQty) >= lotSize - 1e-9
                || autoApprove != lastAutoApprove; // an approval flip changes what a buyer must do
        if (!material) {
            return;
        }
        published = DECIDED;
        lastShouldReorder = d.shouldReorder();
        lastPriority = d.priority();
        lastOrderQty = d.orderQty();
        lastAutoApprove = autoApprove;
        String reason = reason(d, serviceLevel, z, shownClass, autoApprove);
        String id = ContentIds.prefixed("rec", sku, ts.toEpochMilli(), trigger, d.shouldReorder(), d.priority(),
                d.orderQty(), d.stockPosition());
        out.recommendation(new ReorderRecommendation(id, sku, ts, shownClass, serviceLevel, z, avgDaily, stdDaily,
                leadTimeDays, d.safetyStock(), d.reorderPoint(), onHand, onOrder, d.stockPosition(), d.shouldReorder(),
                d.orderQty(), d.priority(), d.daysUntilStockout(), autoApprove, reason, trigger));
    }

    private String reason(ReorderPolicy.Decision d, double serviceLevel, double z, String shownClass, boolean auto) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "position %.2f %s ROP %.2f (μ_d %.3f/day × L %.1f d + SS %.2f; z %.2f"
                        + " for service level %.4f, class %s%s)",
                d.stockPosition(), d.shouldReorder() ? "<" : "≥", d.reorderPoint(), avgDaily, leadTimeDays,
                d.safetyStock(), z, serviceLevel, shownClass, abcClass == null ? " assumed until ABC is known" : ""));
        if (d.shouldReorder()) {
            sb.append(String.format(Locale.ROOT, "; order %.2f = max(ceil((4-week demand %.2f + SS − position)/lot %s)"
                    + "·lot, MOQ %s)", d.orderQty(), fourWeekDemand, fmt(lotSize), fmt(minOrderQty)));
        }
        if (d.daysUntilStockout() != null) {
            sb.append(String.format(Locale.ROOT, "; %.1f days until stockout → %s", d.daysUntilStockout(), d.priority()));
        }
        if (!basisFromForecast) {
            sb.append("; demand from history (no forecast yet)");
        }
        if (auto) {
            sb.append("; auto-approved by policy");
        }
        return sb.toString();
    }

    private ReorderRecommendation waiting(Instant ts, String trigger, String reason) {
        String id = ContentIds.prefixed("rec", sku, ts.toEpochMilli(), trigger, "waiting", reason);
        return new ReorderRecommendation(id, sku, ts, abcClass, null, null, null, null, hasItem ? leadTimeDays : null,
                null, null, onHand, onOrder, onHand + onOrder, false, 0, "low", null, false, reason, trigger);
    }

    private static String fmt(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static double finiteOr(double v, double fallback) {
        return Double.isFinite(v) ? v : fallback;
    }

    static Double orNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1e6) / 1e6 : v;
    }

    // ---- state ----

    public byte[] toBytes() {
        try {
            StateBytes.Out out = new StateBytes.Out(4096);
            write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where the bytes of {@link #toBytes} go, part by part (the forecaster's parts, then the rest); the
     * values add up to {@code toBytes().length}.
     */
    public java.util.Map<String, Integer> stateBreakdown() {
        java.util.Map<String, Integer> parts = new java.util.LinkedHashMap<>(forecaster.stateBreakdown());
        int counted = parts.values().stream().mapToInt(Integer::intValue).sum();
        parts.put("stock, item, class, last decision, framing", toBytes().length - counted);
        return parts;
    }

    public static SkuDemandEngine fromBytes(DemandConfig config, String sku, byte[] bytes) {
        SkuDemandEngine engine = new SkuDemandEngine(config, sku);
        try {
            engine.read(new StateBytes.In(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return engine;
    }

    /**
     * 3: unscored forecasts, accuracy sums and drift errors predicted and Rice-coded, decimal histories
     * packed. 2 (raw floats there) is still read, so state from before the change restores.
     */
    private static final int FORMAT = 3, FORMAT_FLOATS = 2;
    private static final int HAS_ITEM = 1, ACTIVE = 2, HAS_BASIS = 4, FROM_FORECAST = 8, LAST_REORDER = 16,
            LAST_AUTO = 32, DRIFTING = 64;

    private void write(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        // The forecaster's layout depends on the bucket (season lengths): tagged and length-prefixed, so a
        // changed demand.bucket starts a fresh forecaster instead of misreading the old one.
        StateBytes.Out nested = new StateBytes.Out(4096);
        forecaster.write(nested);
        byte[] forecasterBytes = nested.toByteArray();
        out.writeByte(config.bucket().ordinal());
        StateBytes.writeVarLong(out, forecasterBytes.length);
        out.write(forecasterBytes);
        out.writeByte((hasItem ? HAS_ITEM : 0) | (active ? ACTIVE : 0) | (hasBasis ? HAS_BASIS : 0)
                | (basisFromForecast ? FROM_FORECAST : 0) | (lastShouldReorder ? LAST_REORDER : 0)
                | (lastAutoApprove ? LAST_AUTO : 0) | (drifting ? DRIFTING : 0));
        // Stock and item master figures are whole or decimal numbers as entered: the lossless compact form.
        StateBytes.writeQuantity(out, onHand);
        StateBytes.writeQuantity(out, onOrder);
        if (hasItem) {
            StateBytes.writeQuantity(out, unitCost);
            StateBytes.writeQuantity(out, leadTimeDays);
            StateBytes.writeQuantity(out, leadTimeStdDays);
            StateBytes.writeQuantity(out, minOrderQty);
            StateBytes.writeQuantity(out, lotSize);
            StateBytes.writeQuantity(out, itemServiceLevel);
        } else {
            StateBytes.writeQuantity(out, unitCost); // from the usage events until the item arrives
        }
        StateBytes.writeShortString(out, abcClass == null ? "" : abcClass);
        if (hasBasis) {
            out.writeDouble(avgDaily);
            out.writeDouble(stdDaily);
            out.writeDouble(fourWeekDemand);
        }
        out.writeByte(published);
        StateBytes.writeShortString(out, lastPriority);
        StateBytes.writeQuantity(out, lastOrderQty);
    }

    private void read(DataInput in) throws IOException {
        int version = in.readByte();
        if (version != FORMAT && version != FORMAT_FLOATS) {
            throw new IOException("unknown demand state version " + version);
        }
        int bucket = in.readByte();
        long length = StateBytes.readVarLong(in);
        if (length > 1 << 24) {
            throw new IOException("demand forecaster state of " + length + " bytes");
        }
        byte[] forecasterBytes = new byte[(int) length];
        in.readFully(forecasterBytes);
        if (bucket == config.bucket().ordinal()) {
            if (version == FORMAT_FLOATS) {
                forecaster.read(new StateBytes.In(forecasterBytes), AccuracyTracker.FLOATS);
            } else {
                // Decoded when a close (or a caller) needs it; written back as read until then.
                forecaster.readLazily(forecasterBytes);
            }
        }
        int flags = in.readUnsignedByte();
        hasItem = (flags & HAS_ITEM) != 0;
        active = (flags & ACTIVE) != 0;
        hasBasis = (flags & HAS_BASIS) != 0;
        basisFromForecast = (flags & FROM_FORECAST) != 0;
        lastShouldReorder = (flags & LAST_REORDER) != 0;
        lastAutoApprove = (flags & LAST_AUTO) != 0;
        drifting = (flags & DRIFTING) != 0;
        onHand = StateBytes.readQuantity(in);
        onOrder = StateBytes.readQuantity(in);
        unitCost = StateBytes.readQuantity(in);
        if (hasItem) {
            leadTimeDays = StateBytes.readQuantity(in);
            leadTimeStdDays = StateBytes.readQuantity(in);
            minOrderQty = StateBytes.readQuantity(in);
            lotSize = StateBytes.readQuantity(in);
            itemServiceLevel = StateBytes.readQuantity(in);
        }
        String cls = StateBytes.readShortString(in);
        abcClass = cls.isEmpty() ? null : cls;
        if (hasBasis) {
            avgDaily = in.readDouble();
            stdDaily = in.readDouble();
            fourWeekDemand = in.readDouble();
        }
        published = in.readByte();
        lastPriority = StateBytes.readShortString(in);
        lastOrderQty = StateBytes.readQuantity(in);
    }
}
