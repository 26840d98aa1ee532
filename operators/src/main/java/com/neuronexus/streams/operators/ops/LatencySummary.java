package com.neuronexus.streams.operators.ops;

import com.neuronexus.streams.core.outputs.LatencyWindow;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
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

    public void write(DataOutput out) throws IOException {
        out.writeLong(count);
        out.writeLong(serverErrors);
        out.writeLong(clientErrors);
        out.writeLong(sumMicros);
        out.writeLong(latencyCount);
        out.writeDouble(maxMs);
        out.writeDouble(p50Ms);
        out.writeDouble(p95Ms);
        out.writeDouble(p99Ms);
    }

    public static LatencySummary read(DataInput in) throws IOException {
        return new LatencySummary(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
    }
}
