package com.neuronexus.streams.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.neuronexus.streams.core.outputs.LatencyWindow;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyWindowSerializerTest {
    /** Jackson's bean serializer with the same dialect. */
    private static final ObjectMapper REFERENCE = Json.dialect().build();

    private static final double[] ODD = {0.0, -0.0, 1.0, 0.1, 1e-7, 1e21, 123456789.125, Double.MIN_VALUE, Double.MAX_VALUE,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 38.63013534062141, 0.016666666666666666};
    private static final List<String> TEXTS = java.util.Arrays.asList(null, "", "api", "/api/stock", "a\"b\\c", "é ü 😀",
            "tab\tnew\nline\u0001", "checkout", "</script>");

    private static double number(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> ODD[random.nextInt(ODD.length)];
            case 1 -> random.nextDouble() * 1000;
            case 2 -> random.nextInt(100_000) / 100.0;
            default -> Double.longBitsToDouble(random.nextLong());
        };
    }

    private static Instant instant(SplittableRandom random) {
        return random.nextInt(10) == 0 ? null : Instant.ofEpochSecond(random.nextLong(-10_000_000_000L, 10_000_000_000L),
                random.nextInt(3) == 0 ? random.nextInt(1_000_000_000) : 0);
    }

    private static String text(SplittableRandom random) {
        return TEXTS.get(random.nextInt(TEXTS.size()));
    }

    @Test
    void writesWhatTheBeanSerializerWritesForRandomRows() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 50_000; i++) {
            LatencyWindow w = new LatencyWindow(text(random), text(random), instant(random), instant(random), random.nextInt(),
                    text(random), random.nextLong(), random.nextLong(), random.nextLong(), number(random), number(random),
                    number(random), number(random), number(random), number(random), number(random));
            // bytes against bytes: the dialect always writes UTF-8 bytes (a String writer escapes differently)
            assertEquals(new String(REFERENCE.writeValueAsBytes(w), java.nio.charset.StandardCharsets.UTF_8), Json.toText(w));
        }
    }

    @Test
    void aTypicalRowIsWrittenByTheFastSerializerAndReadsBack() throws Exception {
        LatencyWindow w = new LatencyWindow("inventory-api", "/api/stock", Instant.parse("2025-12-31T23:59:20Z"),
                Instant.parse("2026-01-01T00:00:20Z"), 60, LatencyWindow.SLIDING, 1, 0, 0, 0.0, 0.016666666666666666, 38.7,
                38.63013534062141, 38.63013534062141, 38.63013534062141, 38.7);
        String text = Json.toText(w);
        assertEquals("{\"client_errors\":0,\"error_rate\":0.0,\"max_ms\":38.7,\"mean_ms\":38.7,\"p50_ms\":38.63013534062141,"
                + "\"p95_ms\":38.63013534062141,\"p99_ms\":38.63013534062141,\"request_count\":1,\"request_rate\":0.016666666666666666,"
                + "\"route\":\"/api/stock\",\"server_errors\":0,\"service\":\"inventory-api\",\"window_end\":\"2026-01-01T00:00:20Z\","
                + "\"window_kind\":\"SLIDING\",\"window_seconds\":60,\"window_start\":\"2025-12-31T23:59:20Z\"}", text);
        Object inUse = Json.MAPPER.getSerializerProviderInstance().findValueSerializer(LatencyWindow.class);
        assertTrue(inUse instanceof LatencyWindowSerializer, "the fast serializer is the one in use: " + inUse);
        assertEquals(w, Json.MAPPER.readValue(text, LatencyWindow.class));
    }
}
