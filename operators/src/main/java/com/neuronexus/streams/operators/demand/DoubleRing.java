package com.neuronexus.streams.operators.demand;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A bounded history of doubles: the newest {@code capacity} values, oldest overwritten first. On the wire
 * only the stored values count, not the capacity: 8 bytes each as doubles ({@link #write}) or, for
 * quantities, bit-packed or coded ({@link #writeQuantities}). Format-2 floats are still read
 * ({@link #readFloats}).
 */
public final class DoubleRing {
    private final double[] values;
    private int next;
    private int size;

    public DoubleRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.values = new double[capacity];
    }

    public void add(double value) {
        values[next] = value;
        next = (next + 1) % values.length;
        if (size < values.length) {
            size++;
        }
    }

    /** Forgets every value. */
    public void clear() {
        next = 0;
        size = 0;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return values.length;
    }

    /** {@code back} = 0 is the newest value, {@code size()-1} the oldest. */
    public double back(int back) {
        if (back < 0 || back >= size) {
            throw new IndexOutOfBoundsException(back + " of " + size);
        }
        return values[Math.floorMod(next - 1 - back, values.length)];
    }

    /** The values oldest first, at most the newest {@code count}. */
    public double[] newest(int count) {
        int n = Math.min(count, size);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = back(n - 1 - i);
        }
        return out;
    }

    public double[] toArray() {
        return newest(size);
    }

    /** Sum of the newest {@code count} values. */
    public double sumNewest(int count) {
        double sum = 0;
        for (int i = 0, n = Math.min(count, size); i < n; i++) {
            sum += back(i);
        }
        return sum;
    }

    /** Writes only the stored values, oldest first. */
    public void write(DataOutput out) throws IOException {
        out.writeInt(size);
        for (int i = size - 1; i >= 0; i--) {
            out.writeDouble(back(i));
        }
    }

    /**
     * Writes the stored values oldest first, losslessly. When all are whole numbers (demand counted in units,
     * the common case) they are bit-packed at the width of the largest: 728 daily buckets of at most 31 units
     * take 455 bytes. If it is narrower, the packed values are instead the zigzag differences to the value
     * {@value #LAG} places earlier (the same weekday for daily buckets), which takes a bit or two off busy
     * SKUs with a weekly pattern. If some are not whole but all are thousandths (kg to the gram), the counts of
     * thousandths are packed the same way. Otherwise each value goes in {@link StateBytes#writeQuantity}'s
     * compact form.
     */
    public void writeQuantities(DataOutput out) throws IOException {
        StateBytes.writeVarLong(out, size);
        long[] whole = new long[size];
        boolean thousandths = false;
        for (int i = 0; i < size; i++) {
            double v = back(size - 1 - i);
            long n = (long) v;
            if (!thousandths && v >= 0 && v < WHOLE_LIMIT && n == v
                    && Double.doubleToRawLongBits(n) == Double.doubleToRawLongBits(v)) {
                whole[i] = n;
                continue;
            }
            // Not whole: maybe every value is a count of thousandths (kg to the gram), packed the same way.
            boolean scaled = true;
            if (!thousandths) {
                thousandths = true;
                for (int j = 0; j < i; j++) {
                    scaled &= whole[j] < MILLI_WHOLE_LIMIT; // n·1000 exact in a double, so n·1000 / 1000.0 is n
                    whole[j] *= 1000;
                }
            }
            long m = Math.round(v * 1000.0);
            if (!(scaled && v >= 0 && m < WHOLE_LIMIT
                    && Double.doubleToRawLongBits(m / 1000.0) == Double.doubleToRawLongBits(v))) {
                writeDecimals(out);
                return;
            }
            whole[i] = m;
        }
        long[] deltas = new long[size];
        for (int i = 0; i < size; i++) {
            long d = i < LAG ? whole[i] : whole[i] - whole[i - LAG];
            deltas[i] = i < LAG ? d : (d << 1) ^ (d >> 63);
        }
        int plainWidth = width(whole);
        int deltaWidth = width(deltas);
        int scale = thousandths ? MILLI : 0;
        if (deltaWidth < plainWidth && deltaWidth <= MAX_WIDTH) {
            out.writeByte(scale | DELTA | deltaWidth);
            pack(out, deltas, deltaWidth);
        } else {
            out.writeByte(scale | plainWidth); // 0..56: bit-packed whole numbers (or thousandths) of this width
            pack(out, whole, plainWidth);
        }
    }

    /**
     * Values that are not all whole numbers or thousandths: each in {@link StateBytes#writeQuantity}'s tagged
     * form, or, when shorter (arbitrary doubles), the differences of their IEEE bits to the value {@value #LAG}
     * places earlier, Rice-coded: neighbouring quantities share sign, exponent and leading mantissa bits.
     */
    private void writeDecimals(DataOutput out) throws IOException {
        StateBytes.Out tagged = new StateBytes.Out(size * 3 + 16);
        for (int j = size - 1; j >= 0; j--) {
            StateBytes.writeQuantity(tagged, back(j));
        }
        StateBytes.Out coded = new StateBytes.Out(size * 7 + 16);
        StateBytes.BitOut bits = new StateBytes.BitOut(coded);
        StateBytes.Rice rice = new StateBytes.Rice(40);
        for (int i = 0; i < size; i++) {
            long predicted = i < LAG ? (i == 0 ? 0 : Double.doubleToRawLongBits(back(size - i))) : Double.doubleToRawLongBits(back(size - 1 - i + LAG));
            rice.write(bits, StateBytes.zigzag(Double.doubleToRawLongBits(back(size - 1 - i)) - predicted));
        }
        bits.flush();
        StateBytes.Out chosen = coded.size() < tagged.size() ? coded : tagged;
        out.writeByte(chosen == coded ? CODED : TAGGED);
        out.write(chosen.toByteArray());
    }

    private static int width(long[] values) {
        long any = 0;
        for (long v : values) {
            any |= v;
        }
        return 64 - Long.numberOfLeadingZeros(any);
    }

    private static void pack(DataOutput out, long[] values, int width) throws IOException {
        long acc = 0;
        int bits = 0;
        for (long v : values) {
            acc |= v << bits;
            bits += width;
            while (bits >= 8) {
                out.writeByte((int) acc);
                acc >>>= 8;
                bits -= 8; // at most 7 + 56 bits are ever pending: widths are at most 56
            }
        }
        if (bits > 0) {
            out.writeByte((int) acc);
        }
    }

    private static final int TAGGED = 0xFF;
    /** Header of format 3: IEEE bits Rice-coded against the value {@value #LAG} places earlier. */
    private static final int CODED = 0xFE;
    private static final int DELTA = 0x40;
    /** Header flag of format 3: the packed numbers are thousandths (value = m / 1000.0). */
    private static final int MILLI = 0x80;
    private static final int LAG = 7;
    private static final int MAX_WIDTH = 56;
    private static final double WHOLE_LIMIT = 1L << 55; // differences then stay below 2^56 after zigzag
    private static final long MILLI_WHOLE_LIMIT = (1L << 53) / 1000;

    /** Reads what {@link #writeQuantities} wrote; keeps the newest values if the capacity shrank. */
    public void readQuantities(DataInput in) throws IOException {
        next = 0;
        size = 0;
        long n = StateBytes.readVarLong(in);
        int header = in.readUnsignedByte();
        if (header == CODED) {
            if (n > Integer.MAX_VALUE) {
                throw new IOException("bad coded history of " + n + " values");
            }
            long[] raw = new long[(int) n];
            StateBytes.BitIn bits = new StateBytes.BitIn(in);
            StateBytes.Rice rice = new StateBytes.Rice(40);
            for (int i = 0; i < raw.length; i++) {
                long predicted = i < LAG ? (i == 0 ? 0 : raw[i - 1]) : raw[i - LAG];
                raw[i] = predicted + StateBytes.unzigzag(rice.read(bits));
                add(Double.longBitsToDouble(raw[i]));
            }
            return;
        }
        if (header == TAGGED) {
            for (long i = 0; i < n; i++) {
                add(StateBytes.readQuantity(in));
            }
            return;
        }
        boolean delta = (header & DELTA) != 0;
        boolean milli = (header & MILLI) != 0;
        int width = header & (DELTA - 1);
        if (width > MAX_WIDTH || n > Integer.MAX_VALUE) {
            throw new IOException("bad packed history header " + header + " for " + n + " values");
        }
        long[] values = new long[(int) n];
        long acc = 0;
        int bits = 0;
        long mask = width == 0 ? 0 : (1L << width) - 1;
        for (int i = 0; i < values.length; i++) {
            while (bits < width) {
                acc |= ((long) in.readUnsignedByte()) << bits;
                bits += 8;
            }
            long v = acc & mask;
            acc >>>= width;
            bits -= width;
            if (delta && i >= LAG) {
                v = values[i - LAG] + ((v >>> 1) ^ -(v & 1));
            }
            values[i] = v;
        }
        for (long v : values) {
            add(milli ? v / 1000.0 : (double) v);
        }
    }

    /** Reads the floats that state format 2 wrote (a varint count, then each value as a float). */
    public void readFloats(DataInput in) throws IOException {
        next = 0;
        size = 0;
        long n = StateBytes.readVarLong(in);
        for (long i = 0; i < n; i++) {
            add(in.readFloat());
        }
    }

    /** Reads what {@link #write} wrote; keeps the newest values if the capacity shrank. */
    public void read(DataInput in) throws IOException {
        next = 0;
        size = 0;
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            add(in.readDouble());
        }
    }
}
