package com.neuronexus.streams.operators.ops;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import com.neuronexus.streams.core.outputs.LatencyWindow;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Request figures of one window: counts, exact max and sum, and a DDSketch for the quantiles. Mergeable
 * (sliding windows, parallel partials) and of bounded size: the sketch keeps at most {@value #MAX_BINS}
 * bins, which at 1 % accuracy covers 1 µs to beyond an hour before the lowest bins collapse.
 *
 * <p>The latency sum is kept in whole microseconds: a sum of doubles depends on the order the requests
 * arrive in, which differs between runs, and the mean must not (same input, same output).
 */
public final class LatencyStats {
    public static final int MAX_BINS = 2048;
    private static final byte FORMAT = 2;
    /** Format 1 kept the sum as a double of milliseconds; it is still read. */
    private static final byte FORMAT_DOUBLE_SUM = 1;
    /** Format byte, accuracy, three counts, sum, max. */
    private static final int HEADER_BYTES = 1 + 8 + 3 * 8 + 8 + 8;

    private final double relativeAccuracy;
    private DDSketch sketch;
    private long count;
    private long serverErrors;
    private long clientErrors;
    private long sumMicros;
    private double maxMs;

    public LatencyStats(double relativeAccuracy) {
        this(relativeAccuracy, true);
    }

    /** {@code withSketch} false: the caller sets {@link #sketch} (decoding), so no empty one is built first. */
    private LatencyStats(double relativeAccuracy, boolean withSketch) {
        this.relativeAccuracy = relativeAccuracy;
        this.sketch = withSketch ? DDSketches.collapsingLowestDense(relativeAccuracy, MAX_BINS) : null;
    }

    /** Adds one request. A negative or non-finite latency still counts the request, not its latency. */
    public LatencyStats add(int status, double latencyMs) {
        count++;
        if (status >= 500) {
            serverErrors++;
        } else if (status >= 400) {
            clientErrors++;
        }
        if (Double.isFinite(latencyMs) && latencyMs >= 0) {
            sketch.accept(latencyMs);
            sumMicros += Math.round(latencyMs * 1000);
            maxMs = Math.max(maxMs, latencyMs);
        }
        return this;
    }

    public LatencyStats merge(LatencyStats other) {
        sketch.mergeWith(other.sketch);
        count += other.count;
        serverErrors += other.serverErrors;
        clientErrors += other.clientErrors;
        sumMicros += other.sumMicros;
        maxMs = Math.max(maxMs, other.maxMs);
        return this;
    }

    public long count() {
        return count;
    }

    public double errorRate() {
        return count == 0 ? 0 : (double) serverErrors / count;
    }

    /** Quantile from the sketch (within the relative accuracy), never above the exact maximum. */
    public double quantile(double q) {
        if (sketch.isEmpty()) {
            return 0;
        }
        return Math.min(maxMs, sketch.getValueAtQuantile(q));
    }

    public LatencyWindow toWindow(String service, String route, long startMs, long endMs, String kind) {
        return summary().toWindow(service, route, startMs, endMs, kind);
    }

    /** The figures of a window row (quantiles read from the sketch once). */
    public LatencySummary summary() {
        // DDSketch reads a quantile q at rank q·(n − 1) and returns the bin where the running count first exceeds
        // it; counts are whole, so two quantiles whose ranks have the same whole part are the same value. Most
        // windows hold a few requests (one in a sparse route's pane: all three equal), so this reads once.
        double n = sketch.getCount();
        double p99 = quantile(0.99);
        double p95 = Math.floor(0.95 * (n - 1)) == Math.floor(0.99 * (n - 1)) ? p99 : quantile(0.95);
        double p50 = Math.floor(0.50 * (n - 1)) == Math.floor(0.95 * (n - 1)) ? p95 : quantile(0.50);
        return new LatencySummary(count, serverErrors, clientErrors, sumMicros, (long) n, maxMs, p50, p95, p99);
    }

    public byte[] toBytes() {
        GrowingByteArrayOutput encoded = GrowingByteArrayOutput.withDefaultInitialCapacity();
        try {
            sketch.encode(encoded, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int sketchLength = encoded.numWrittenBytes();
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(HEADER_BYTES + 4 + sketchLength);
        out.put(FORMAT);
        out.putDouble(relativeAccuracy);
        out.putLong(count);
        out.putLong(serverErrors);
        out.putLong(clientErrors);
        out.putLong(sumMicros);
        out.putDouble(maxMs);
        out.putInt(sketchLength);
        out.put(encoded.backingArray(), 0, sketchLength);
        return out.array();
    }

    public static LatencyStats fromBytes(byte[] data) {
        try {
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(data);
            byte format = in.get();
            if (format != FORMAT && format != FORMAT_DOUBLE_SUM) {
                throw new IOException("unknown LatencyStats format " + format);
            }
            LatencyStats stats = new LatencyStats(in.getDouble(), false);
            stats.count = in.getLong();
            stats.serverErrors = in.getLong();
            stats.clientErrors = in.getLong();
            stats.sumMicros = format == FORMAT ? in.getLong() : Math.round(in.getDouble() * 1000);
            stats.maxMs = in.getDouble();
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw new IOException("truncated LatencyStats: sketch of " + length + " bytes, " + in.remaining() + " left");
            }
            stats.sketch = DDSketch.decode(ByteArrayInput.wrap(data, in.position(), length),
                    () -> new CollapsingLowestDenseStore(MAX_BINS));
            return stats;
        } catch (IOException | java.nio.BufferUnderflowException e) {
            throw new UncheckedIOException(e instanceof IOException io ? io : new IOException(e));
        }
    }

    /**
     * {@code merge(fromBytes(data))} without building the other sketch: its bins are added to this sketch as
     * they are decoded (the sliding windows merge up to size/slide encoded panes each).
     */
    public LatencyStats mergeBytes(byte[] data) {
        try {
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(data);
            byte format = in.get();
            if (format != FORMAT && format != FORMAT_DOUBLE_SUM) {
                throw new IOException("unknown LatencyStats format " + format);
            }
            in.getDouble(); // relative accuracy: the sketch's own encoding carries and checks its mapping
            count += in.getLong();
            serverErrors += in.getLong();
            clientErrors += in.getLong();
            sumMicros += format == FORMAT ? in.getLong() : Math.round(in.getDouble() * 1000);
            maxMs = Math.max(maxMs, in.getDouble());
            int length = in.getInt();
            sketch.decodeAndMergeWith(ByteArrayInput.wrap(data, in.position(), length));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public LatencyStats copy() {
        return fromBytes(toBytes());
    }
}
