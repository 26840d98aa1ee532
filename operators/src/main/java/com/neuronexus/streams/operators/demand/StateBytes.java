package com.neuronexus.streams.operators.demand;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Unsynchronized big-endian {@link DataOutput}/{@link DataInput} over a byte array. The JDK's
 * DataOutputStream over ByteArrayOutputStream takes a lock per byte, which made (de)serializing a SKU's
 * state cost more than the forecasting itself.
 */
public final class StateBytes {
    private StateBytes() {}

    /** Unsigned LEB128: 7 bits a byte, so counters and small quantities take one or two bytes, not eight. */
    public static void writeVarLong(DataOutput out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    public static long readVarLong(DataInput in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("varint longer than 64 bits");
    }

    private static final double MAX_EXACT = 1L << 52;

    /**
     * A quantity, losslessly and compactly: demand is counted in whole units (or in thousandths, e.g. kg to
     * the gram) far more often than not. The low bits tag the form — {@code …0} a whole number n, {@code …01}
     * thousandths m (value = m / 1000.0), {@code 11} a raw double follows — and a form is used only when the
     * value reads back bit for bit, so nothing a model sees changes. Whole numbers below 64 take one byte,
     * below 8192 two; any other double nine.
     */
    public static void writeQuantity(DataOutput out, double v) throws IOException {
        if (v >= 0 && v < MAX_EXACT) {
            long n = (long) v;
            if (n == v && Double.doubleToRawLongBits(n) == Double.doubleToRawLongBits(v)) {
                writeVarLong(out, n << 1);
                return;
            }
            long m = Math.round(v * 1000.0);
            if (m < (1L << 60) && Double.doubleToRawLongBits(m / 1000.0) == Double.doubleToRawLongBits(v)) {
                writeVarLong(out, (m << 2) | 1);
                return;
            }
        }
        writeVarLong(out, 3);
        out.writeDouble(v);
    }

    public static double readQuantity(DataInput in) throws IOException {
        long tagged = readVarLong(in);
        if ((tagged & 1) == 0) {
            return (double) (tagged >>> 1);
        }
        if ((tagged & 3) == 1) {
            return (tagged >>> 2) / 1000.0;
        }
        return in.readDouble();
    }

    /** A short string with a varint length (the JDK's writeUTF spends two bytes, ours spent four). */
    public static void writeShortString(DataOutput out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeVarLong(out, bytes.length);
        out.write(bytes);
    }

    public static String readShortString(DataInput in) throws IOException {
        long length = readVarLong(in);
        if (length > 1 << 20) {
            throw new IOException("string of " + length + " bytes in demand state");
        }
        byte[] bytes = new byte[(int) length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Bits into a {@link DataOutput}, least significant first; {@link #flush} pads the last byte with zeros.
     * The matching {@link BitIn} reads exactly as many bytes back, so byte-oriented fields may follow.
     */
    static final class BitOut {
        private final DataOutput out;
        private long acc;
        private int bits;

        BitOut(DataOutput out) {
            this.out = out;
        }

        /** The low {@code n} bits of {@code v}, n at most 64. */
        void write(long v, int n) throws IOException {
            if (n > 32) {
                write(v, 32);
                write(v >>> 32, n - 32);
                return;
            }
            acc |= (v & ((1L << n) - 1)) << bits; // fewer than 32 bits pending, so at most 63 now
            bits += n;
            if (bits >= 32) {
                out.writeInt(Integer.reverseBytes((int) acc)); // four bytes, least significant first
                acc >>>= 32;
                bits -= 32;
            }
        }

        void flush() throws IOException {
            while (bits > 0) {
                out.writeByte((int) acc);
                acc >>>= 8;
                bits -= 8;
            }
            acc = 0;
            bits = 0;
        }
    }

    /** Reads what {@link BitOut} wrote, a byte at a time as the bits are needed. */
    static final class BitIn {
        private final DataInput in;
        private long acc;
        private int bits;

        BitIn(DataInput in) {
            this.in = in;
        }

        /** {@code n} bits, n at most 56. */
        long read(int n) throws IOException {
            while (bits < n) {
                acc |= ((long) in.readUnsignedByte()) << bits;
                bits += 8;
            }
            long v = n == 0 ? 0 : acc & ((1L << n) - 1);
            acc >>>= n;
            bits -= n;
            return v;
        }

        /** Counts 1 bits up to the first 0 (consumed), stopping at {@code limit} ones. */
        int readOnes(int limit) throws IOException {
            int ones = 0;
            while (ones < limit) {
                if (bits == 0) {
                    acc = in.readUnsignedByte();
                    bits = 8;
                }
                int run = Long.numberOfTrailingZeros(~acc);
                if (run < bits) {
                    int take = Math.min(run, limit - ones);
                    ones += take;
                    acc >>>= take;
                    bits -= take;
                    if (ones < limit) {
                        acc >>>= 1; // the terminating 0
                        bits--;
                    }
                    return ones;
                }
                int take = Math.min(bits, limit - ones);
                ones += take;
                acc >>>= take;
                bits -= take;
            }
            return ones;
        }
    }

    /**
     * Adaptive Golomb-Rice coding of non-negative residuals (as in LOCO-I / JPEG-LS): the parameter k
     * follows the running mean of the recent residuals, so runs of exact predictions cost a bit each
     * and a noisy stretch costs about log2 of its typical residual plus two. A residual whose quotient
     * would exceed {@value #ESCAPE} ones is written as those ones, its bit length (6 bits) and its bits.
     */
    static final class Rice {
        static final int ESCAPE = 20;
        private static final int MAX_K = 56;
        /** Running mean of the residuals' bit lengths, in sixteenths: one outlier moves k only for a few values. */
        private int meanLength;

        Rice(int initialK) {
            meanLength = initialK << 4;
        }

        int k() {
            return Math.min(MAX_K, Math.max(0, (meanLength >> 4) - 1)); // bit I/O takes at most 56 bits a call
        }

        private void update(long v) {
            int length = 64 - Long.numberOfLeadingZeros(v);
            meanLength += ((length << 4) - meanLength) >> 1;
        }

        void write(BitOut out, long v) throws IOException {
            int k = k();
            long q = v >>> k;
            if (q < ESCAPE) {
                // q ones, a zero, then the k low bits: one write while it fits
                long unary = (1L << q) - 1;
                if (q + 1 + k <= 64) {
                    out.write(unary | (v << (q + 1)), (int) q + 1 + k);
                } else {
                    out.write(unary, (int) q + 1);
                    out.write(v, k);
                }
            } else {
                out.write((1L << ESCAPE) - 1, ESCAPE);
                int length = 64 - Long.numberOfLeadingZeros(v);
                out.write(length - 1, 6); // 1..64: a value this large is never 0
                if (length > 56) {
                    out.write(v >>> 32, length - 32);
                    out.write(v, 32);
                } else {
                    out.write(v, length);
                }
            }
            update(v);
        }

        long read(BitIn in) throws IOException {
            int k = k();
            int q = in.readOnes(ESCAPE);
            long v;
            if (q < ESCAPE) {
                v = ((long) q << k) | in.read(k);
            } else {
                int length = (int) in.read(6) + 1;
                v = length > 56 ? (in.read(length - 32) << 32) | in.read(32) : in.read(length);
            }
            update(v);
            return v;
        }
    }

    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    static final class Out implements DataOutput {
        private byte[] buf;
        private int pos;

        Out(int initialCapacity) {
            buf = new byte[Math.max(16, initialCapacity)];
        }

        int size() {
            return pos;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, pos);
        }

        private void ensure(int more) {
            if (pos + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
            }
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[pos++] = (byte) b;
        }

        @Override
        public void write(byte[] b) {
            write(b, 0, b.length);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, pos, len);
            pos += len;
        }

        @Override
        public void writeBoolean(boolean v) {
            write(v ? 1 : 0);
        }

        @Override
        public void writeByte(int v) {
            write(v);
        }

        @Override
        public void writeShort(int v) {
            ensure(2);
            buf[pos++] = (byte) (v >>> 8);
            buf[pos++] = (byte) v;
        }

        @Override
        public void writeChar(int v) {
            writeShort(v);
        }

        @Override
        public void writeInt(int v) {
            ensure(4);
            buf[pos++] = (byte) (v >>> 24);
            buf[pos++] = (byte) (v >>> 16);
            buf[pos++] = (byte) (v >>> 8);
            buf[pos++] = (byte) v;
        }

        @Override
        public void writeLong(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[pos++] = (byte) (v >>> shift);
            }
        }

        @Override
        public void writeFloat(float v) {
            writeInt(Float.floatToRawIntBits(v));
        }

        @Override
        public void writeDouble(double v) {
            writeLong(Double.doubleToRawLongBits(v));
        }

        @Override
        public void writeBytes(String s) {
            throw new UnsupportedOperationException("use writeUTF");
        }

        @Override
        public void writeChars(String s) {
            throw new UnsupportedOperationException("use writeUTF");
        }

        @Override
        public void writeUTF(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            writeInt(bytes.length);
            write(bytes);
        }
    }

    static final class In implements DataInput {
        private final byte[] buf;
        private int pos;

        In(byte[] buf) {
            this.buf = buf;
        }

        /** Bytes read so far. */
        int position() {
            return pos;
        }

        private void need(int n) throws EOFException {
            if (pos + n > buf.length) {
                throw new EOFException("state ends after " + buf.length + " bytes");
            }
        }

        @Override
        public void readFully(byte[] b) throws EOFException {
            readFully(b, 0, b.length);
        }

        @Override
        public void readFully(byte[] b, int off, int len) throws EOFException {
            need(len);
            System.arraycopy(buf, pos, b, off, len);
            pos += len;
        }

        @Override
        public int skipBytes(int n) {
            int skipped = Math.min(n, buf.length - pos);
            pos += skipped;
            return skipped;
        }

        @Override
        public boolean readBoolean() throws EOFException {
            return readByte() != 0;
        }

        @Override
        public byte readByte() throws EOFException {
            need(1);
            return buf[pos++];
        }

        @Override
        public int readUnsignedByte() throws EOFException {
            return readByte() & 0xff;
        }

        @Override
        public short readShort() throws EOFException {
            need(2);
            return (short) (((buf[pos++] & 0xff) << 8) | (buf[pos++] & 0xff));
        }

        @Override
        public int readUnsignedShort() throws EOFException {
            return readShort() & 0xffff;
        }

        @Override
        public char readChar() throws EOFException {
            return (char) readShort();
        }

        @Override
        public int readInt() throws EOFException {
            need(4);
            return ((buf[pos++] & 0xff) << 24) | ((buf[pos++] & 0xff) << 16) | ((buf[pos++] & 0xff) << 8)
                    | (buf[pos++] & 0xff);
        }

        @Override
        public long readLong() throws EOFException {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (buf[pos++] & 0xff);
            }
            return v;
        }

        @Override
        public float readFloat() throws EOFException {
            return Float.intBitsToFloat(readInt());
        }

        @Override
        public double readDouble() throws EOFException {
            return Double.longBitsToDouble(readLong());
        }

        @Override
        public String readLine() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String readUTF() throws EOFException {
            int length = readInt();
            need(length);
            String s = new String(buf, pos, length, StandardCharsets.UTF_8);
            pos += length;
            return s;
        }
    }
}
