package com.neuronexus.streams.operators.ops;

import com.neuronexus.streams.core.outputs.LatencyWindow;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * What a {@link LatencyWindow} row takes from a {@link LatencyStats}: its counts, sum, maximum and the three
 * quantiles, already read from the sketch. The sliding windows of a sparse route hold the same panes several
 * times in a row; their rows differ only in their bounds, so the summary is kept instead of decoding and
 * merging the same sketches again. {@link LatencyStats#toWindow} builds its rows through this class, so a
 * kept summary gives exactly the row the stats would.
 */
public record LatencySummary(long count, long serverErrors, long clientErrors, long sumMicros, long latencyCount,
        double maxMs, double p50Ms, double p95Ms, double p99Ms) {

    public LatencyWindow toWindow(String service, String route, long startMs, long endMs, String kind) {
        double seconds = Math.max(1e-3, (endMs - startMs) / 1000.0);
        double errorRate = count == 0 ? 0 : (double) serverErrors / count;
        return new LatencyWindow(service, route, Instant.ofEpochMilli(startMs), Instant.ofEpochMilli(endMs),
                (int) Math.round(seconds), kind, count, serverErrors, clientErrors, errorRate, count / seconds,
                latencyCount == 0 ? 0 : sumMicros / 1000.0 / latencyCount, p50Ms, p95Ms, p99Ms, maxMs);
    }

    /** Bytes {@link #write} puts. */
    public static final int BYTES = 5 * 8 + 4 * 8;

    public void write(ByteBuffer out) {
        out.putLong(count);
        out.putLong(serverErrors);
        out.putLong(clientErrors);
        out.putLong(sumMicros);
        out.putLong(latencyCount);
        out.putDouble(maxMs);
        out.putDouble(p50Ms);
        out.putDouble(p95Ms);
        out.putDouble(p99Ms);
    }

    public static LatencySummary read(ByteBuffer in) {
        return new LatencySummary(in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(),
                in.getDouble(), in.getDouble(), in.getDouble(), in.getDouble());
    }
}
