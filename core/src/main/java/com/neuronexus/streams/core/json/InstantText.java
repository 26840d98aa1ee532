package com.neuronexus.streams.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import java.io.IOException;
import java.time.Instant;

/**
 * {@link Instant#toString()} (ISO-8601 UTC, seconds always written, a fraction of 3, 6 or 9 digits only when
 * there is one) without {@code DateTimeFormatter}: writing the instants of every output row through it was a
 * quarter of the JSON time of the ops job. Years 0000–9999 are written here; any other instant is left to
 * {@link Instant#toString()}, so the text is the same for every instant ({@code InstantTextTest}).
 */
public final class InstantText {
    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
    private static final long MIN_SECOND = -62_167_219_200L;
    private static final long MAX_SECOND = 253_402_300_799L;
    /** Longest text written here: yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ. */
    static final int MAX_LENGTH = 30;

    private InstantText() {}

    public static String of(Instant instant) {
        char[] buf = new char[MAX_LENGTH];
        int length = write(instant, buf);
        return length < 0 ? instant.toString() : new String(buf, 0, length);
    }

    /** Writes the text into {@code buf} (at least {@value #MAX_LENGTH} chars); -1 for a year outside 0000–9999. */
    static int write(Instant instant, char[] buf) {
        long second = instant.getEpochSecond();
        if (second < MIN_SECOND || second > MAX_SECOND) {
            return -1;
        }
        long epochDay = Math.floorDiv(second, 86_400L);
        int secondOfDay = (int) Math.floorMod(second, 86_400L);
        // Days to civil date (proleptic Gregorian), H. Hinnant's algorithm, years from 0000 on.
        long z = epochDay + 719_468L;
        long era = Math.floorDiv(z, 146_097L);
        int dayOfEra = (int) (z - era * 146_097L);
        int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int mp = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * mp + 2) / 5 + 1;
        int month = mp < 10 ? mp + 3 : mp - 9;
        int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);

        two(buf, 0, year / 100);
        two(buf, 2, year % 100);
        buf[4] = '-';
        two(buf, 5, month);
        buf[7] = '-';
        two(buf, 8, day);
        buf[10] = 'T';
        two(buf, 11, secondOfDay / 3600);
        buf[13] = ':';
        two(buf, 14, secondOfDay / 60 % 60);
        buf[16] = ':';
        two(buf, 17, secondOfDay % 60);
        int pos = 19;
        int nano = instant.getNano();
        if (nano > 0) {
            buf[pos++] = '.';
            int digits;
            int value;
            if (nano % 1_000_000 == 0) {
                digits = 3;
                value = nano / 1_000_000;
            } else if (nano % 1_000 == 0) {
                digits = 6;
                value = nano / 1_000;
            } else {
                digits = 9;
                value = nano;
            }
            for (int i = pos + digits - 1; i >= pos; i--) {
                buf[i] = (char) ('0' + value % 10);
                value /= 10;
            }
            pos += digits;
        }
        buf[pos++] = 'Z';
        return pos;
    }

    private static void two(char[] buf, int at, int value) {
        buf[at] = (char) ('0' + value / 10);
        buf[at + 1] = (char) ('0' + value % 10);
    }

    /** The JSON dialect's {@link Instant} serializer: the same string as Jackson's, written without a formatter. */
    static final class Serializer extends StdSerializer<Instant> {
        private static final long serialVersionUID = 1L;

        Serializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
                InstantSerializer.INSTANCE.serialize(value, gen, provider); // not this dialect: Jackson's own form
                return;
            }
            char[] buf = new char[MAX_LENGTH];
            int length = write(value, buf);
            if (length < 0) {
                gen.writeString(value.toString());
            } else {
                gen.writeString(buf, 0, length);
            }
        }
    }
}
