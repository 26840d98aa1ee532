package com.neuronexus.streams.operators.demand;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One SKU's usage over the trailing 365 closed UTC days, valued at the item's unit cost (or, until item
 * master data arrives, the unit cost on the usage events). Valuing the quantity at the current cost means
 * a cost change revalues the whole year at once, which is what ABC should see.
 */
public final class AnnualUsageValue {
    public static final int DAYS = 365;
    private static final long DAY_MS = 86_400_000L;

    private final DoubleRing dailyQty = new DoubleRing(DAYS);
    private long openDayStart = Long.MIN_VALUE;
    private double openQty;
    private double itemCost = Double.NaN;
    private double usageCost = Double.NaN;
    private double annualQty;

    public void addUsage(long epochMs, double qty, Double unitCost) {
        startAt(epochMs);
        if (qty > 0 && Double.isFinite(qty)) {
            openQty += qty;
        }
        if (unitCost != null && Double.isFinite(unitCost) && unitCost >= 0) {
            usageCost = unitCost;
        }
    }

    public void setItemCost(long epochMs, double unitCost) {
        startAt(epochMs);
        if (Double.isFinite(unitCost) && unitCost >= 0) {
            itemCost = unitCost;
        }
    }

    public void startAt(long epochMs) {
        if (openDayStart == Long.MIN_VALUE) {
            openDayStart = Math.floorDiv(epochMs, DAY_MS) * DAY_MS;
        }
    }

    public boolean started() {
        return openDayStart != Long.MIN_VALUE;
    }

    public long openDayEnd() {
        return openDayStart + DAY_MS;
    }

    /** Closes the open day; returns the trailing annual value afterwards. */
    public double closeDay() {
        dailyQty.add(openQty);
        // Re-summed rather than running: a recovered state must give bit-identical values.
        annualQty = dailyQty.sumNewest(DAYS);
        openQty = 0;
        openDayStart += DAY_MS;
        return value();
    }

    /** Whether the whole year is zero: the SKU can be forgotten. */
    public boolean idleForAYear() {
        return dailyQty.size() == DAYS && dailyQty.sumNewest(DAYS) == 0 && openQty == 0;
    }

    public double annualQty() {
        return Math.max(0, annualQty);
    }

    public double value() {
        double cost = Double.isFinite(itemCost) ? itemCost : Double.isFinite(usageCost) ? usageCost : 0;
        return annualQty() * cost;
    }

    public byte[] toBytes() {
        try {
            StateBytes.Out out = new StateBytes.Out(1024);
            out.writeLong(openDayStart);
            // Quantities and costs in the lossless compact form: a year of whole daily quantities is ~1 byte a day.
            StateBytes.writeQuantity(out, openQty);
            StateBytes.writeQuantity(out, itemCost);
            StateBytes.writeQuantity(out, usageCost);
            dailyQty.writeQuantities(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static AnnualUsageValue fromBytes(byte[] data) {
        AnnualUsageValue v = new AnnualUsageValue();
        try {
            StateBytes.In in = new StateBytes.In(data);
            v.openDayStart = in.readLong();
            v.openQty = StateBytes.readQuantity(in);
            v.itemCost = StateBytes.readQuantity(in);
            v.usageCost = StateBytes.readQuantity(in);
            v.dailyQty.readQuantities(in);
            v.annualQty = v.dailyQty.sumNewest(DAYS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return v;
    }
}
