package com.neuronexus.streams.operators.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.outputs.LatencyWindow;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void quantilesWithinOnePercentAndCountsSplitByStatus() {
        Random random = new Random(1);
        int n = 20_000;
        double[] exact = new double[n];
        LatencyStats a = new LatencyStats(0.01);
        LatencyStats b = new LatencyStats(0.01);
        for (int i = 0; i < n; i++) {
            exact[i] = Math.exp(3 + random.nextGaussian()); // log-normal latencies
            int status = i % 50 == 0 ? 503 : i % 20 == 0 ? 404 : 200;
            (i % 2 == 0 ? a : b).add(status, exact[i]);
        }
        LatencyStats merged = LatencyStats.fromBytes(a.toBytes()).merge(LatencyStats.fromBytes(b.toBytes()));
        Arrays.sort(exact); // the test's reference only
        LatencyWindow w = merged.toWindow("api", "/x", 0, 10_000, LatencyWindow.TUMBLING);
        assertEquals(n, w.requestCount());
        assertEquals(n / 50, w.serverErrors());
        assertEquals(n / 20 - n / 100, w.clientErrors());
        assertEquals(0.02, w.errorRate(), 1e-12);
        assertEquals(2000.0, w.requestRate(), 1e-9);
        assertEquals(10, w.windowSeconds());
        for (double[] q : new double[][] {{0.5, w.p50Ms()}, {0.95, w.p95Ms()}, {0.99, w.p99Ms()}}) {
            double truth = exact[(int) Math.ceil(q[0] * n) - 1];
            assertTrue(Math.abs(q[1] - truth) <= 0.011 * truth, "q" + q[0] + " " + q[1] + " vs " + truth);
        }
        assertEquals(exact[n - 1], w.maxMs(), 0.0);
    }

    @Test
    void theWindowDoesNotDependOnTheOrderRequestsArriveIn() {
        Random random = new Random(11);
        double[] latencies = new double[5_000];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = Math.exp(random.nextGaussian() * 2) * 37.123456789; // many scales: float sums would differ
        }
        LatencyStats inOrder = new LatencyStats(0.01);
        for (double l : latencies) {
            inOrder.add(200, l);
        }
        LatencyStats reversed = new LatencyStats(0.01);
        for (int i = latencies.length - 1; i >= 0; i--) {
            reversed.add(200, latencies[i]);
        }
        LatencyStats halves = new LatencyStats(0.01);
        LatencyStats secondHalf = new LatencyStats(0.01);
        for (int i = 0; i < latencies.length; i++) {
            (i % 2 == 0 ? halves : secondHalf).add(200, latencies[i]);
        }
        halves.mergeBytes(secondHalf.toBytes());
        LatencyWindow expected = inOrder.toWindow("a", "b", 0, 10_000, LatencyWindow.TUMBLING);
        assertEquals(expected, reversed.toWindow("a", "b", 0, 10_000, LatencyWindow.TUMBLING));
        assertEquals(expected, halves.toWindow("a", "b", 0, 10_000, LatencyWindow.TUMBLING));
        double exactMean = Arrays.stream(latencies).sum() / latencies.length;
        assertEquals(exactMean, expected.meanMs(), 1e-3, "the mean is exact to the microsecond");
    }

    @Test
    void oddValuesCountTheRequestButNotTheLatency() {
        LatencyStats s = new LatencyStats(0.01).add(200, Double.NaN).add(500, -3).add(200, 0).add(200, 10);
        LatencyWindow w = s.toWindow("a", "b", 0, 1000, LatencyWindow.TUMBLING);
        assertEquals(4, w.requestCount());
        assertEquals(10.0, w.maxMs());
        assertEquals(5.0, w.meanMs(), 1e-9);
        assertTrue(w.p99Ms() <= 10.0);
    }

    @Test
    void mergingEncodedStatsEqualsMergingDecodedOnes() {
        Random random = new Random(5);
        LatencyStats a = new LatencyStats(0.01);
        LatencyStats b = new LatencyStats(0.01);
        for (int i = 0; i < 5_000; i++) {
            a.add(random.nextInt(30) == 0 ? 503 : 200, Math.exp(3 + random.nextGaussian()));
            b.add(random.nextInt(10) == 0 ? 404 : 200, Math.exp(5 + 2 * random.nextGaussian()));
        }
        byte[] bytesOfB = b.toBytes();
        org.junit.jupiter.api.Assertions.assertArrayEquals(a.copy().merge(LatencyStats.fromBytes(bytesOfB)).toBytes(),
                a.copy().mergeBytes(bytesOfB).toBytes());
    }

    @Test
    void summaryQuantilesAreTheSketchsOwnForEverySize() {
        Random random = new Random(5);
        for (int n = 0; n <= 300; n++) {
            LatencyStats stats = new LatencyStats(0.01);
            LatencyStats merged = new LatencyStats(0.01);
            for (int i = 0; i < n; i++) {
                double latency = Math.exp(3 + random.nextGaussian()) * (random.nextInt(20) == 0 ? 50 : 1);
                stats.add(200, latency);
                merged.mergeBytes(new LatencyStats(0.01).add(200, latency).toBytes());
            }
            for (LatencyStats s : new LatencyStats[] {stats, merged, LatencyStats.fromBytes(stats.toBytes())}) {
                LatencySummary summary = s.summary();
                assertEquals(s.quantile(0.50), summary.p50Ms(), 0.0, "p50 of " + n);
                assertEquals(s.quantile(0.95), summary.p95Ms(), 0.0, "p95 of " + n);
                assertEquals(s.quantile(0.99), summary.p99Ms(), 0.0, "p99 of " + n);
            }
        }
    }
}
