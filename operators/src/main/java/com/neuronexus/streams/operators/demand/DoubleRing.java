package com.neuronexus.streams.operators.demand;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A bounded history of doubles: the newest {@code capacity} values, oldest overwritten first. On the wire
 * only the stored values count, not the capacity: 8 bytes each as doubles ({@link #write}), 4 as floats
 * ({@link #writeFloats}, for values already rounded to float) or one or two for whole quantities
 * ({@link #writeQuantities}).
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
     * take 455 bytes. Otherwise each value goes in {@link StateBytes#writeQuantity}'s compact form.
     */
    public void writeQuantities(DataOutput out) throws IOException {
        StateBytes.writeVarLong(out, size);
        long max = 0;
        boolean whole = true;
        for (int i = 0; i < size && whole; i++) {
            double v = back(i);
            long n = (long) v;
            whole = v >= 0 && v < WHOLE_LIMIT && n == v && Double.doubleToRawLongBits(n) == Double.doubleToRawLongBits(v);
            max = Math.max(max, n);
        }
        if (!whole) {
            out.writeByte(TAGGED);
            for (int i = size - 1; i >= 0; i--) {
                StateBytes.writeQuantity(out, back(i));
            }
            return;
        }
        int width = 64 - Long.numberOfLeadingZeros(max);
        out.writeByte(width); // 0..62: bit-packed whole numbers of this width
        long acc = 0;
        int bits = 0;
        for (int i = size - 1; i >= 0; i--) {
            acc |= ((long) back(i)) << bits;
            bits += width;
            while (bits >= 8) {
                out.writeByte((int) acc);
                acc >>>= 8;
                bits -= 8; // at most 7 + 56 bits are ever pending: values are below 2^56
            }
        }
        if (bits > 0) {
            out.writeByte((int) acc);
        }
    }

    private static final int TAGGED = 0xFF;
    private static final double WHOLE_LIMIT = 1L << 56;

    /** Reads what {@link #writeQuantities} wrote; keeps the newest values if the capacity shrank. */
    public void readQuantities(DataInput in) throws IOException {
        next = 0;
        size = 0;
        long n = StateBytes.readVarLong(in);
        int width = in.readUnsignedByte();
        if (width == TAGGED) {
            for (long i = 0; i < n; i++) {
                add(StateBytes.readQuantity(in));
            }
            return;
        }
        long acc = 0;
        int bits = 0;
        long mask = width == 0 ? 0 : (1L << width) - 1;
        for (long i = 0; i < n; i++) {
            while (bits < width) {
                acc |= ((long) in.readUnsignedByte()) << bits;
                bits += 8;
            }
            add((double) (acc & mask));
            acc >>>= width;
            bits -= width;
        }
    }

    /** Writes the stored values as floats: lossless only when every value was rounded to float on the way in. */
    public void writeFloats(DataOutput out) throws IOException {
        StateBytes.writeVarLong(out, size);
        for (int i = size - 1; i >= 0; i--) {
            out.writeFloat((float) back(i));
        }
    }

    /** Reads what {@link #writeFloats} wrote. */
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
