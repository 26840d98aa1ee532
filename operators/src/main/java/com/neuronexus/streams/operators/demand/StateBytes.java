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
