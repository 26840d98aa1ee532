package com.neuronexus.streams.operators.demand;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A bounded history of doubles: the newest {@code capacity} values, oldest overwritten first. Its size on
 * the wire is 8 bytes per stored value plus 8, whatever the capacity.
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
