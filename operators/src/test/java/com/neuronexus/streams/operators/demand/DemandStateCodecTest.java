package com.neuronexus.streams.operators.demand;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.json.Json;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The coded parts of demand state format 3 (predicted, Rice-coded floats; packed thousandths) restore every
 * value bit for bit, on random states as well as real ones, and state written by format 2 still restores.
 */
class DemandStateCodecTest {

    @Test
    void riceCodedValuesRoundTripWhateverTheirSize() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        for (int run = 0; run < 200; run++) {
            long[] values = new long[1 + random.nextInt(300)];
            int style = run % 4;
            for (int i = 0; i < values.length; i++) {
                int length = switch (style) {
                    case 0 -> random.nextInt(65); // anything, up to 64-bit values
                    case 1 -> random.nextInt(4); // runs of tiny residuals
                    case 2 -> random.nextInt(10) == 0 ? 20 + random.nextInt(14) : random.nextInt(3); // spikes
                    default -> 30 + random.nextInt(5); // noise-like float residuals
                };
                values[i] = length == 0 ? 0 : length == 64 ? random.nextLong() : random.nextLong() >>> (64 - length);
            }
            StateBytes.Out out = new StateBytes.Out(16);
            StateBytes.BitOut bits = new StateBytes.BitOut(out);
            StateBytes.Rice rice = new StateBytes.Rice(16);
            for (long v : values) {
                rice.write(bits, v);
            }
            bits.flush();
            out.writeByte(0x5A); // a byte-aligned field after the bits must read back in place
            StateBytes.In in = new StateBytes.In(out.toByteArray());
            StateBytes.BitIn read = new StateBytes.BitIn(in);
            StateBytes.Rice decoder = new StateBytes.Rice(16);
            for (int i = 0; i < values.length; i++) {
                assertEquals(values[i], decoder.read(read), "run " + run + " value " + i);
            }
            assertEquals(0x5A, in.readUnsignedByte(), "run " + run + ": the coder read exactly its bytes");
        }
    }

    @Test
    void zigzagIsABijectionOnFloatBitDifferences() {
        long[] deltas = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xFFFFFFFFL, -0xFFFFFFFFL, 123456789, -987654321};
        for (long d : deltas) {
            assertEquals(d, StateBytes.unzigzag(StateBytes.zigzag(d)));
            assertTrue(StateBytes.zigzag(d) >= 0);
        }
    }

    /** Random forecasts of every shape a tracker can hold, restored and then scored: the same figures, bit for bit. */
    @Test
    void randomAccuracyStatesRoundTripExactly() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int run = 0; run < 300; run++) {
            int horizon = 1 + random.nextInt(run % 3 == 0 ? 40 : 28);
            int window = 1 + random.nextInt(100);
            int driftTotal = 2 + random.nextInt(120);
            int driftRecent = 1 + random.nextInt(driftTotal);
            AccuracyTracker tracker = new AccuracyTracker(horizon, window, driftRecent, driftTotal);
            int closes = random.nextInt(run % 5 == 0 ? 5 : 200);
            int startRecording = random.nextInt(Math.max(1, closes + 1));
            for (int c = 0; c < closes; c++) {
                tracker.score(actual(random, run));
                if (c >= startRecording) {
                    tracker.record(points(random, run, horizon));
                }
            }
            StateBytes.Out out = new StateBytes.Out(64);
            tracker.write(out);
            byte[] bytes = out.toByteArray();
            AccuracyTracker copy = new AccuracyTracker(horizon, window, driftRecent, driftTotal);
            StateBytes.In in = new StateBytes.In(bytes);
            copy.read(in);
            assertEquals(0, in.skipBytes(1), "run " + run + ": every byte read, none beyond");
            StateBytes.Out again = new StateBytes.Out(64);
            copy.write(again);
            assertArrayEquals(bytes, again.toByteArray(), "run " + run + ": re-encoded identically");
            // Scoring every stored forecast must give identical figures (NaN-safe: compared as text of bits).
            for (int c = 0; c <= horizon; c++) {
                double a = actual(random, run);
                tracker.score(a);
                copy.score(a);
                double[] p = points(random, run, horizon);
                tracker.record(p);
                copy.record(p);
                assertEquals(figures(tracker), figures(copy), "run " + run + " close " + c);
            }
        }
    }

    /** A changed demand.horizon drops the stored forecasts and sums (another shape) but nothing after them. */
    @Test
    void changedHorizonSkipsCodedForecastsExactly() throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        AccuracyTracker tracker = new AccuracyTracker(28, 91, 28, 112);
        for (int c = 0; c < 150; c++) {
            tracker.score(actual(random, 1));
            tracker.record(points(random, 1, 28));
        }
        StateBytes.Out out = new StateBytes.Out(64);
        tracker.write(out);
        out.writeByte(0x77);
        AccuracyTracker shorter = new AccuracyTracker(13, 91, 28, 112);
        StateBytes.In in = new StateBytes.In(out.toByteArray());
        shorter.read(in);
        assertEquals(0x77, in.readUnsignedByte(), "read exactly the tracker's bytes");
        assertEquals(0, shorter.metrics(0).scored(), "scoring starts afresh");
        AccuracyTracker.Drift a = tracker.drift(0.05);
        AccuracyTracker.Drift b = shorter.drift(0.05);
        assertTrue(a != null && b != null, "a full drift window on both sides");
        assertEquals(bits(a.pValue()) + bits(a.recentMeanError()) + bits(a.baselineMeanError()),
                bits(b.pValue()) + bits(b.recentMeanError()) + bits(b.baselineMeanError()), "the drift errors survive");
    }

    private static double actual(SplittableRandom random, int run) {
        return switch (run % 4) {
            case 0 -> random.nextInt(10) < 8 ? 0 : 1 + random.nextInt(15);
            case 1 -> random.nextInt(500);
            case 2 -> Math.round(random.nextDouble() * 30_000) / 1000.0;
            default -> random.nextDouble() * 1e6;
        };
    }

    /** Flat, weekly, damped, random, and odd vectors (NaN, infinities, -0.0, subnormals, huge). */
    private static double[] points(SplittableRandom random, int run, int horizon) {
        double[] p = new double[horizon];
        double level = random.nextDouble() * 500;
        int shape = random.nextInt(6);
        for (int h = 0; h < horizon; h++) {
            p[h] = switch (shape) {
                case 0 -> level;
                case 1 -> level * (h % 7 >= 5 ? 0.5 : 1.1) + h * 0.01 * Math.pow(0.9, h);
                case 2 -> Math.max(0, level + (1 - Math.pow(0.98, h + 1)) / 0.02 * random.nextDouble());
                case 3 -> random.nextDouble() * 1e3;
                case 4 -> new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.0, Float.MIN_VALUE, 3e38, -5,
                    Double.NEGATIVE_INFINITY, 0}[random.nextInt(8)];
                default -> Float.intBitsToFloat(random.nextInt()); // any float bits at all
            };
        }
        return p;
    }

    private static String figures(AccuracyTracker t) {
        StringBuilder sb = new StringBuilder();
        for (AccuracyTracker.Metrics m : t.byStep()) {
            sb.append(bits(m.scored())).append(bits(m.mape())).append(bits(m.wape())).append(bits(m.mase()))
                    .append(bits(m.bias())).append(';');
        }
        for (int h = 1; h <= t.horizon(); h++) {
            sb.append(bits(t.stepStd(h)));
        }
        AccuracyTracker.Drift d = t.drift(0.05);
        return sb.append(d == null ? "-" : bits(d.pValue()) + bits(d.recentMeanError()) + bits(d.baselineMeanError()))
                .toString();
    }

    private static String bits(double v) {
        return Long.toHexString(Double.doubleToRawLongBits(v)) + ",";
    }

    @Test
    void thousandthsAndMixedHistoriesPackLosslessly() throws Exception {
        double[][] series = {
            {0.5, 1, 2.25, 0.001, 12.345, 0, 7},
            {1, 2, 3, 4.5},
            {(double) ((1L << 53) / 1000) + 5, 0.5}, // whole numbers too big to scale by 1000: the tagged form
            {12.345, 12.346, 12.345, 12.347, 12.345, 12.344, 12.345, 12.345, 12.346},
            {0.1, -0.0, 3},
            {0.0001, 1},
        };
        for (double[] values : series) {
            DoubleRing ring = new DoubleRing(16);
            for (double v : values) {
                ring.add(v);
            }
            DemandStateSizeTest.roundTrip(ring);
        }
        DoubleRing grams = new DoubleRing(728);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 728; i++) {
            grams.add(random.nextInt(40_000) / 1000.0);
        }
        DemandStateSizeTest.roundTrip(grams);
        DoubleRing doubles = new DoubleRing(728);
        for (int i = 0; i < 728; i++) {
            doubles.add(i % 97 == 0 ? new double[] {Double.NaN, -1e300, Double.MIN_VALUE, -0.0}[i % 4]
                    : (20 + random.nextDouble() * 10) * Math.PI / 3);
        }
        DemandStateSizeTest.roundTrip(doubles);
        StateBytes.Out coded = new StateBytes.Out(16);
        doubles.writeQuantities(coded);
        assertTrue(coded.size() < 728 * 8, "arbitrary doubles coded below 8 bytes each: " + coded.size());
        for (double[] odd : new double[][] {{Double.NaN, 1.5}, {-1e300, 1e300, -0.0, 0.25}, {Double.longBitsToDouble(-1L), 2.5}}) {
            DoubleRing ring = new DoubleRing(4);
            for (double v : odd) {
                ring.add(v);
            }
            DemandStateSizeTest.roundTrip(ring);
        }
        StateBytes.Out out = new StateBytes.Out(16);
        grams.writeQuantities(out);
        assertEquals(2 + 1 + 728 * 16 / 8, out.size(), "728 values below 2^16 thousandths, 16 bits each");
    }

    /** State written before format 3 (by the code of the commit before it) restores and goes on identically. */
    @Test
    void format2StateStillRestores() throws Exception {
        DemandConfig config = DemandConfig.defaults();
        DemandStateSizeTest.Profile[] profiles = DemandStateSizeTest.profiles();
        for (int index : new int[] {1, 3, 4}) {
            byte[] old = fixture("/demand/state-format2-profile" + index + ".b64");
            assertEquals(2, old[0], "a format 2 fixture");
            SkuDemandEngine restored = SkuDemandEngine.fromBytes(config, "SKU-1", old);
            SkuDemandEngine fresh = DemandStateSizeTest.engine(config, profiles[index], 100);
            assertArrayEquals(fresh.toBytes(), restored.toBytes(), profiles[index].name() + ": same state as a fresh run");
            assertTrue(restored.toBytes().length < old.length, "format 3 is smaller");
            SkuDemandEngineTest.Collected a = SkuDemandEngineTest.run(fresh, 20, d -> profiles[index].demand().applyAsDouble(d + 100));
            SkuDemandEngineTest.Collected b = SkuDemandEngineTest.run(restored, 20, d -> profiles[index].demand().applyAsDouble(d + 100));
            assertEquals(Json.toText(a.forecasts), Json.toText(b.forecasts));
            assertEquals(Json.toText(a.accuracy), Json.toText(b.accuracy));
            assertEquals(Json.toText(a.recommendations), Json.toText(b.recommendations));
        }
    }

    private static byte[] fixture(String resource) throws Exception {
        try (InputStream in = DemandStateCodecTest.class.getResourceAsStream(resource)) {
            return Base64.getDecoder().decode(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        }
    }
}
