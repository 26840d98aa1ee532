package com.neuronexus.streams.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantTextTest {
    /** The dialect as it was before InstantText: Jackson's own Instant serializer. */
    private static final ObjectMapper JACKSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    record Holder(Instant a, Instant b) {}

    private static void check(Instant instant) throws Exception {
        assertEquals(instant.toString(), InstantText.of(instant));
        assertEquals(JACKSON.writeValueAsString(instant), Json.toText(instant), instant::toString);
    }

    private static List<Instant> edges() {
        List<Instant> out = new ArrayList<>(List.of(Instant.EPOCH, Instant.MIN, Instant.MAX,
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59.999999999Z"),
                Instant.parse("0001-02-28T12:00:00Z"), Instant.parse("1600-02-29T23:59:59.5Z"),
                Instant.parse("1899-12-31T23:59:59.999Z"), Instant.parse("1969-12-31T23:59:59.999999999Z"),
                Instant.parse("1970-01-01T00:00:00.000000001Z"), Instant.parse("1970-01-01T00:00:00.001Z"),
                Instant.parse("1970-01-01T00:00:00.000001Z"), Instant.parse("1970-01-01T00:00:00.1Z"),
                Instant.parse("1970-01-01T00:00:00.12Z"), Instant.parse("1970-01-01T00:00:00.1234Z"),
                Instant.parse("1970-01-01T00:00:00.1234567Z"), Instant.parse("2000-02-29T00:00:00Z"),
                Instant.parse("2024-02-29T23:59:59.010Z"), Instant.parse("2026-01-01T00:00:20Z"),
                Instant.parse("2100-03-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("+123456-06-15T01:02:03.4Z")));
        return out;
    }

    @Test
    void writesWhatInstantToStringAndJacksonWriteForEdgeCases() throws Exception {
        for (Instant instant : edges()) {
            check(instant);
        }
    }

    @Test
    void writesWhatInstantToStringAndJacksonWriteForRandomInstants() throws Exception {
        SplittableRandom random = new SplittableRandom(20261130);
        long minSecond = Instant.parse("-1000-01-01T00:00:00Z").getEpochSecond();
        long maxSecond = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 300_000; i++) {
            long second = switch (i % 3) {
                case 0 -> random.nextLong(minSecond, maxSecond);                 // any year around 0000–9999
                case 1 -> random.nextLong(-2_208_988_800L, 4_102_444_800L);      // 1900–2100
                default -> 1_767_225_600L + random.nextLong(-86_400L * 400, 86_400L * 400) / 10 * 10; // window ends
            };
            int nano = switch (i % 4) {
                case 0 -> 0;                                                     // whole seconds
                case 1 -> random.nextInt(1_000) * 1_000_000;                     // millis
                case 2 -> random.nextInt(1_000_000) * 1_000;                     // micros
                default -> random.nextInt(1_000_000_000);                        // nanos
            };
            check(Instant.ofEpochSecond(second, nano));
        }
    }

    @Test
    void recordsWithInstantsGiveTheSameBytesAsBefore() throws Exception {
        JsonMapper before = JsonMapper.builder()
                .propertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                .build();
        Holder h = new Holder(Instant.parse("2026-01-01T00:00:20Z"), null);
        assertEquals(new String(before.writeValueAsBytes(h), java.nio.charset.StandardCharsets.UTF_8), Json.toText(h));
        Holder g = new Holder(Instant.parse("2026-03-01T10:00:00.250Z"), Instant.parse("1969-07-20T20:17:40.000000001Z"));
        assertEquals(new String(before.writeValueAsBytes(g), java.nio.charset.StandardCharsets.UTF_8), Json.toText(g));
        // Reading is untouched: the text reads back to the same instant.
        assertEquals(g, Json.MAPPER.readValue(Json.toText(g), Holder.class));
    }
}
