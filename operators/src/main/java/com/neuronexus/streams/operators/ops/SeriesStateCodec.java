package com.neuronexus.streams.operators.ops;

import java.nio.ByteBuffer;

/**
 * {@link SeriesState} as bytes, field by field. The anomaly detector reads and writes its state for every
 * sample; Flink's POJO serializer (reflection on each of the ~20 fields) was a third of that operator's time.
 * Every field of {@link SeriesState} must be written here: {@code SeriesStateCodecTest} fills each one
 * (found by reflection) and fails on any that does not come back.
 */
public final class SeriesStateCodec {
    private SeriesStateCodec() {}

    public static int size(SeriesState s) {
        return 8 + 3 * 8 + arrayBytes(s.seasonal == null ? -1 : s.seasonal.length, 8)
                + arrayBytes(s.seasonalVisits == null ? -1 : s.seasonalVisits.length, 4)
                + arrayBytes(s.seasonalLastDay == null ? -1 : s.seasonalLastDay.length, 8)
                + arrayBytes(s.seasonalDays == null ? -1 : s.seasonalDays.length, 4)
                + arrayBytes(s.recent == null ? -1 : s.recent.length, 8)
                + 4 + 4 + 1 + 8 + 8 + 4 + 4 + 8 + 8 + 8 + 8;
    }

    private static int arrayBytes(int length, int elementBytes) {
        return 4 + Math.max(0, length) * elementBytes;
    }

    public static void write(SeriesState s, ByteBuffer out) {
        out.putLong(s.samples);
        out.putDouble(s.level);
        out.putDouble(s.scale);
        out.putDouble(s.tail);
        putDoubles(out, s.seasonal);
        putInts(out, s.seasonalVisits);
        if (s.seasonalLastDay == null) {
            out.putInt(-1);
        } else {
            out.putInt(s.seasonalLastDay.length);
            out.asLongBuffer().put(s.seasonalLastDay);
            out.position(out.position() + 8 * s.seasonalLastDay.length);
        }
        putInts(out, s.seasonalDays);
        putDoubles(out, s.recent);
        out.putInt(s.recentPos);
        out.putInt(s.sideRun);
        out.put((byte) (s.open ? 1 : 0));
        out.putLong(s.windowStart);
        out.putLong(s.lastHotTs);
        out.putInt(s.hotSamples);
        out.putInt(s.belowRun);
        out.putDouble(s.peakScore);
        out.putLong(s.peakTs);
        out.putDouble(s.peakValue);
        out.putDouble(s.peakExpected);
    }

    public static SeriesState read(ByteBuffer in) {
        SeriesState s = new SeriesState();
        s.samples = in.getLong();
        s.level = in.getDouble();
        s.scale = in.getDouble();
        s.tail = in.getDouble();
        s.seasonal = getDoubles(in);
        s.seasonalVisits = getInts(in);
        int n = in.getInt();
        if (n >= 0) {
            s.seasonalLastDay = new long[n];
            in.asLongBuffer().get(s.seasonalLastDay);
            in.position(in.position() + 8 * n);
        }
        s.seasonalDays = getInts(in);
        s.recent = getDoubles(in);
        s.recentPos = in.getInt();
        s.sideRun = in.getInt();
        s.open = in.get() != 0;
        s.windowStart = in.getLong();
        s.lastHotTs = in.getLong();
        s.hotSamples = in.getInt();
        s.belowRun = in.getInt();
        s.peakScore = in.getDouble();
        s.peakTs = in.getLong();
        s.peakValue = in.getDouble();
        s.peakExpected = in.getDouble();
        return s;
    }

    private static void putDoubles(ByteBuffer out, double[] values) {
        if (values == null) {
            out.putInt(-1);
            return;
        }
        out.putInt(values.length);
        out.asDoubleBuffer().put(values); // bulk, in the buffer's (big-endian) order: the bytes putDouble writes
        out.position(out.position() + 8 * values.length);
    }

    private static void putInts(ByteBuffer out, int[] values) {
        if (values == null) {
            out.putInt(-1);
            return;
        }
        out.putInt(values.length);
        out.asIntBuffer().put(values);
        out.position(out.position() + 4 * values.length);
    }

    private static double[] getDoubles(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0) {
            return null;
        }
        double[] values = new double[n];
        in.asDoubleBuffer().get(values);
        in.position(in.position() + 8 * n);
        return values;
    }

    private static int[] getInts(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0) {
            return null;
        }
        int[] values = new int[n];
        in.asIntBuffer().get(values);
        in.position(in.position() + 4 * n);
        return values;
    }
}
