package com.neuronexus.streams.core.json;

import com.neuronexus.streams.core.outputs.LatencyWindow;
import java.time.Instant;
import java.util.Arrays;

/**
 * {@link LatencyWindow} straight into UTF-8 bytes, without Jackson: the ops job writes about four of these per
 * request, and after {@link LatencyWindowSerializer} the per-record set-up of {@code writeValueAsBytes} (a
 * serializer provider, a generator, a buffer, the root serializer look-up) was a large part of what was left.
 * Only rows whose text cannot differ from the dialect's are written here: every string plain printable ASCII
 * without quote or backslash (nothing to escape), every double finite (the dialect quotes NaN and infinities),
 * every instant in years 0000–9999 ({@link InstantText}); anything else returns null and goes to Jackson.
 * Fields, order, null rule and number text are {@link LatencyWindowSerializer}'s ({@link Double#toString} via
 * {@link DoubleTextCache}, {@link Long#toString}); {@code LatencyWindowSerializerTest} compares the bytes with
 * Jackson's bean serializer on random rows.
 */
final class LatencyWindowWriter {
    private static final byte[] CLIENT_ERRORS = bytes("{\"client_errors\":");
    private static final byte[] ERROR_RATE = bytes(",\"error_rate\":");
    private static final byte[] MAX_MS = bytes(",\"max_ms\":");
    private static final byte[] MEAN_MS = bytes(",\"mean_ms\":");
    private static final byte[] P50_MS = bytes(",\"p50_ms\":");
    private static final byte[] P95_MS = bytes(",\"p95_ms\":");
    private static final byte[] P99_MS = bytes(",\"p99_ms\":");
    private static final byte[] REQUEST_COUNT = bytes(",\"request_count\":");
    private static final byte[] REQUEST_RATE = bytes(",\"request_rate\":");
    private static final byte[] ROUTE = bytes(",\"route\":");
    private static final byte[] SERVER_ERRORS = bytes(",\"server_errors\":");
    private static final byte[] SERVICE = bytes(",\"service\":");
    private static final byte[] WINDOW_END = bytes(",\"window_end\":");
    private static final byte[] WINDOW_KIND = bytes(",\"window_kind\":");
    private static final byte[] WINDOW_SECONDS = bytes(",\"window_seconds\":");
    private static final byte[] WINDOW_START = bytes(",\"window_start\":");

    /** Shared with nothing else: the texts of the rows' doubles, see {@link DoubleTextCache}. */
    private static final DoubleTextCache DOUBLES = new DoubleTextCache();

    private byte[] buf = new byte[512];
    private int pos;
    private final char[] instantText = new char[InstantText.MAX_LENGTH];

    private LatencyWindowWriter() {}

    /** The row's JSON bytes, or null when the row needs Jackson (see the class comment). */
    static byte[] toBytes(LatencyWindow w) {
        if (!plain(w.service()) || !plain(w.route()) || !plain(w.windowKind()) || !finite(w)) {
            return null;
        }
        LatencyWindowWriter out = new LatencyWindowWriter();
        out.raw(CLIENT_ERRORS);
        out.number(w.clientErrors());
        out.decimal(ERROR_RATE, w.errorRate());
        out.decimal(MAX_MS, w.maxMs());
        out.decimal(MEAN_MS, w.meanMs());
        out.decimal(P50_MS, w.p50Ms());
        out.decimal(P95_MS, w.p95Ms());
        out.decimal(P99_MS, w.p99Ms());
        out.raw(REQUEST_COUNT);
        out.number(w.requestCount());
        out.decimal(REQUEST_RATE, w.requestRate());
        out.string(ROUTE, w.route());
        out.raw(SERVER_ERRORS);
        out.number(w.serverErrors());
        out.string(SERVICE, w.service());
        if (!out.instant(WINDOW_END, w.windowEnd())) {
            return null;
        }
        out.string(WINDOW_KIND, w.windowKind());
        out.raw(WINDOW_SECONDS);
        out.number(w.windowSeconds());
        if (!out.instant(WINDOW_START, w.windowStart())) {
            return null;
        }
        out.ensure(1);
        out.buf[out.pos++] = '}';
        return Arrays.copyOf(out.buf, out.pos);
    }

    /** Null (left out) or printable ASCII that JSON writes as it is. */
    private static boolean plain(String s) {
        if (s == null) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static boolean finite(LatencyWindow w) {
        return Double.isFinite(w.errorRate()) && Double.isFinite(w.maxMs()) && Double.isFinite(w.meanMs())
                && Double.isFinite(w.p50Ms()) && Double.isFinite(w.p95Ms()) && Double.isFinite(w.p99Ms())
                && Double.isFinite(w.requestRate());
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }

    private void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    private void ascii(String text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) text.charAt(i);
        }
    }

    private void number(long value) {
        ascii(Long.toString(value));
    }

    private void decimal(byte[] name, double value) {
        raw(name);
        ascii(DOUBLES.text(value));
    }

    private void string(byte[] name, String value) {
        if (value != null) {
            raw(name);
            ensure(value.length() + 2);
            buf[pos++] = '"';
            ascii(value);
            buf[pos++] = '"';
        }
    }

    /** False for an instant {@link InstantText} leaves to {@link Instant#toString()} (years outside 0000–9999). */
    private boolean instant(byte[] name, Instant value) {
        if (value == null) {
            return true;
        }
        int length = InstantText.write(value, instantText);
        if (length < 0) {
            return false;
        }
        raw(name);
        ensure(length + 2);
        buf[pos++] = '"';
        for (int i = 0; i < length; i++) {
            buf[pos++] = (byte) instantText[i];
        }
        buf[pos++] = '"';
        return true;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
