package com.neuronexus.streams.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;

/**
 * The text of recently written doubles, so that a value written again is not formatted again. The ops job
 * writes the same figures many times: a request alone in its 10 s pane gives one tumbling and up to six
 * sliding rows with the same quantiles, maximum and mean (and the sliding rows the same rate), and
 * {@code Double.toString} was an eighth of that job's busiest thread. The text is exactly
 * {@link JsonGenerator#writeNumber(double)}'s: the cache only remembers it, and non-finite values (which the
 * dialect may quote) and generators with the fast double writer go to the generator unchanged.
 *
 * <p>Direct-mapped by the value's bits, one immutable entry per slot: threads share it without locks (an
 * entry is published whole through its final fields; a lost race only costs a formatting).
 */
final class DoubleTextCache implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final int SLOTS = 1 << 10;

    /** The text also as a {@link SerializedString}, whose UTF-8 bytes are encoded once and then copied. */
    private record Entry(long bits, String text, SerializedString encoded) implements java.io.Serializable {}

    private final Entry[] entries = new Entry[SLOTS];

    void write(JsonGenerator gen, double value) throws IOException {
        if (!Double.isFinite(value) || gen.isEnabled(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)) {
            gen.writeNumber(value);
            return;
        }
        if (gen.isEnabled(JsonGenerator.Feature.WRITE_NUMBERS_AS_STRINGS)) {
            gen.writeNumber(text(value));
            return;
        }
        // What writeNumber(String) does unquoted (a value-write check, then the text raw), from cached bytes.
        gen.writeRawValue(entry(value).encoded);
    }

    String text(double value) {
        return entry(value).text;
    }

    private Entry entry(double value) {
        long bits = Double.doubleToRawLongBits(value);
        int slot = (int) ((bits * 0x9E3779B97F4A7C15L) >>> 54) & (SLOTS - 1);
        Entry e = entries[slot];
        if (e != null && e.bits == bits) {
            return e;
        }
        String text = Double.toString(value);
        e = new Entry(bits, text, new SerializedString(text));
        entries[slot] = e;
        return e;
    }
}
