package com.neuronexus.streams.operators.demand;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One SKU's demand buckets, bounded history, candidate models and accuracy. The caller adds usage to the
 * open bucket and closes it when event time passes its end ({@link #openBucketEnd()}); a bucket without
 * usage closes with zero demand. Each close updates every model in O(1) and, once {@code minHistory}
 * buckets exist, publishes a forecast.
 */
public final class DemandForecaster {
    private final DemandConfig config;
    private final DoubleRing history;
    private final ModelBank bank;
    private final AccuracyTracker accuracy;
    private final double intervalZ;
    private static final java.util.Map<Double, Double> INTERVAL_Z = new java.util.concurrent.ConcurrentHashMap<>();
    private long openBucketStart = Long.MIN_VALUE;
    private double openQty;
    /** Whether any event of the SKU (usage, stock, item) fell into the open bucket; decides closes at end of input. */
    private boolean openHasEvents;
    private long closedBuckets;
    /**
     * The encoded history, models and accuracy (from {@code closedOffset} on), as read and not decoded yet; null
     * once decoded. They change only when a bucket closes, but the SKU's state is read and written at every input
     * (the open bucket's quantity changes): until a close, or a caller asking for them, the bytes read are the
     * bytes written back, with no decoding and re-encoding (most of an input's cost before). Decoding later gives
     * what decoding now would: the bytes and the config are the same.
     */
    private byte[] closedBytes;
    private int closedOffset;

    public DemandForecaster(DemandConfig config) {
        this.config = config;
        this.history = new DoubleRing(config.historyBuckets());
        this.bank = new ModelBank(config.bucket(), config.selection(), config.errorWindowBuckets());
        this.accuracy = new AccuracyTracker(config.horizon(), config.accuracyWindowBuckets(),
                config.driftRecentBuckets(), config.driftTotalBuckets());
        // A forecaster is built for every timer of a SKU: the normal quantile is computed once per level.
        this.intervalZ = INTERVAL_Z.computeIfAbsent(config.intervalLevel(), ServiceLevels::intervalZ);
    }

    public boolean started() {
        return openBucketStart != Long.MIN_VALUE;
    }

    /**
     * Notes an event of the SKU at {@code epochMs}; the first one opens the first bucket (the one holding it),
     * later buckets follow by closing.
     */
    public void startAt(long epochMs) {
        if (!started()) {
            openBucketStart = config.bucket().start(epochMs);
        }
        openHasEvents = true;
    }

    /** Whether the open bucket has seen any event of this SKU. */
    public boolean openHasEvents() {
        return openHasEvents;
    }

    public long openBucketStart() {
        return openBucketStart;
    }

    public long openBucketEnd() {
        return config.bucket().next(openBucketStart);
    }

    /**
     * Adds usage to the open bucket. Usage stamped before the open bucket (allowed lateness after its bucket
     * closed) counts in the open one rather than being lost; the caller keeps event time ordered otherwise.
     */
    public void addUsage(long epochMs, double qty) {
        startAt(epochMs);
        if (qty > 0 && Double.isFinite(qty)) {
            openQty += qty;
        }
    }

    public long closedBuckets() {
        return closedBuckets;
    }

    public DoubleRing history() {
        decodeClosed();
        return history;
    }

    public AccuracyTracker accuracy() {
        decodeClosed();
        return accuracy;
    }

    /**
     * Closes the open bucket: scores earlier forecasts against it, updates every model, appends it to the
     * history, opens the next bucket and returns the new forecast (null before {@code minHistory} buckets).
     */
    public Published close(double leadTimeDays) {
        decodeClosed();
        double actual = openQty;
        long closedEnd = openBucketEnd();
        accuracy.score(actual);
        bank.update(actual);
        history.add(actual);
        closedBuckets++;
        openBucketStart = closedEnd;
        openQty = 0;
        openHasEvents = false;
        if (closedBuckets < config.minHistory()) {
            return null;
        }
        DemandClass.Profile profile = DemandClass.Profile.of(history.toArray());
        BucketSize bucket = config.bucket();
        double leadTimeBuckets = Math.max(0, leadTimeDays) / bucket.days();
        int fourWeeks = bucket.bucketsInFourWeeks();
        int steps = Math.max(config.horizon(), Math.max(fourWeeks, (int) Math.ceil(leadTimeBuckets)));
        ModelBank.Selection selection = bank.select(profile, steps);
        double[] all = selection.points();
        double oneStepStd = stepStd(1, selection.oneStepRmse());
        double[] points = java.util.Arrays.copyOf(all, config.horizon());
        double[] lower = new double[points.length];
        double[] upper = new double[points.length];
        for (int h = 1; h <= points.length; h++) {
            double std = stepStd(h, selection.oneStepRmse());
            lower[h - 1] = Math.max(0, points[h - 1] - intervalZ * std);
            upper[h - 1] = points[h - 1] + intervalZ * std;
        }
        accuracy.record(points);
        return new Published(closedEnd, points, lower, upper, oneStepStd, leadTimeDays,
                sumBuckets(all, leadTimeBuckets), sumBuckets(all, fourWeeks), selection.model(), selection.reason(),
                profile, accuracy.metrics(0));
    }

    /**
     * Error std at step h: the rolling out-of-sample std measured at that step once there are enough
     * scored forecasts, else the one-step RMSE of the selection grown like a random walk (√h).
     */
    double stepStd(int h, double oneStepRmse) {
        double measured = h <= accuracy.horizon() ? accuracy.stepStd(h) : Double.NaN;
        if (Double.isFinite(measured)) {
            return measured;
        }
        double base = Double.isFinite(oneStepRmse) ? oneStepRmse : 0;
        return base * Math.sqrt(h);
    }

    /** Sum of the first {@code buckets} points, the last one pro rata for a fractional count. */
    static double sumBuckets(double[] points, double buckets) {
        double sum = 0;
        int whole = (int) Math.floor(buckets);
        for (int i = 0; i < whole && i < points.length; i++) {
            sum += points[i];
        }
        double fraction = buckets - whole;
        if (fraction > 0 && whole < points.length) {
            sum += fraction * points[whole];
        }
        return sum;
    }

    public void write(DataOutput out) throws IOException {
        out.writeLong(openBucketStart);
        StateBytes.writeQuantity(out, openQty);
        out.writeBoolean(openHasEvents);
        StateBytes.writeVarLong(out, closedBuckets);
        if (closedBytes != null) {
            out.write(closedBytes, closedOffset, closedBytes.length - closedOffset);
            return;
        }
        history.writeQuantities(out);
        bank.write(out);
        accuracy.write(out);
    }

    /** Serialized bytes per part of this state (what {@link #write} spends where), for the state report. */
    public java.util.Map<String, Integer> stateBreakdown() {
        java.util.Map<String, Integer> parts = new java.util.LinkedHashMap<>();
        decodeClosed();
        try {
            StateBytes.Out buf = new StateBytes.Out(4096);
            history.writeQuantities(buf);
            parts.put("history (" + history.size() + " buckets)", buf.size());
            buf = new StateBytes.Out(4096);
            bank.write(buf);
            parts.put("models (" + bank.candidateModels().size() + " candidates + error sums)", buf.size());
            parts.putAll(accuracy.stateBreakdown());
            parts.put("open bucket and counters", 8 + 1 + sizeOf(openQty) + varSize(closedBuckets));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return parts;
    }

    private static int sizeOf(double quantity) throws IOException {
        StateBytes.Out buf = new StateBytes.Out(16);
        StateBytes.writeQuantity(buf, quantity);
        return buf.size();
    }

    static int varSize(long v) throws IOException {
        StateBytes.Out buf = new StateBytes.Out(16);
        StateBytes.writeVarLong(buf, v);
        return buf.size();
    }

    /** Reads what {@link #write} wrote. */
    public void read(DataInput in) throws IOException {
        read(in, AccuracyTracker.CODED);
    }

    /** Reads state whose accuracy part has the given layout ({@link AccuracyTracker#FLOATS} for format 2). */
    public void read(DataInput in, int accuracyLayout) throws IOException {
        readOpen(in);
        history.readQuantities(in);
        bank.read(in);
        accuracy.read(in, accuracyLayout);
        closedBytes = null;
    }

    /**
     * Reads all of {@code bytes}, what {@link #write} wrote (the current layout), leaving history, models and
     * accuracy encoded until they are needed (see {@link #closedBytes}). The caller hands the array over.
     */
    void readLazily(byte[] bytes) throws IOException {
        StateBytes.In in = new StateBytes.In(bytes);
        readOpen(in);
        closedBytes = bytes;
        closedOffset = in.position();
    }

    private void readOpen(DataInput in) throws IOException {
        openBucketStart = in.readLong();
        openQty = StateBytes.readQuantity(in);
        openHasEvents = in.readBoolean();
        closedBuckets = StateBytes.readVarLong(in);
    }

    private void decodeClosed() {
        if (closedBytes == null) {
            return;
        }
        StateBytes.In in = new StateBytes.In(closedBytes);
        in.skipBytes(closedOffset);
        closedBytes = null;
        try {
            history.readQuantities(in);
            bank.read(in);
            accuracy.read(in, AccuracyTracker.CODED);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What a bucket close publishes; {@code asOf} is the end (epoch ms) of the bucket just closed. */
    public record Published(
            long asOf,
            double[] points,
            double[] lower,
            double[] upper,
            double std,
            double leadTimeDays,
            double leadTimeDemand,
            double fourWeekDemand,
            String model,
            String reason,
            DemandClass.Profile profile,
            AccuracyTracker.Metrics accuracy) {}
}
