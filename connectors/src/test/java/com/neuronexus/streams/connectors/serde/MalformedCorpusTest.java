package com.neuronexus.streams.connectors.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.connectors.ingest.Ingested;
import com.neuronexus.streams.connectors.ingest.MessageDecoding;
import com.neuronexus.streams.core.events.AuditEvent;
import com.neuronexus.streams.core.events.DeadLetter;
import com.neuronexus.streams.core.events.Event;
import com.neuronexus.streams.core.events.ItemEvent;
import com.neuronexus.streams.core.events.LedgerEvent;
import com.neuronexus.streams.core.events.MetricSample;
import com.neuronexus.streams.core.events.RequestLatencyEvent;
import com.neuronexus.streams.core.events.StockEvent;
import com.neuronexus.streams.core.events.UsageEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A corpus of malformed messages: each must become a dead letter with a reason, none may throw. */
class MalformedCorpusTest {

    private static final String TS = "\"ts\":\"2026-03-01T10:15:30Z\"";
    private static final String FUTURE = Instant.now().plusSeconds(3 * 86_400).toString();

    record Case(String name, Class<? extends Event> type, byte[] bytes, String expectedError) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case text(String name, Class<? extends Event> type, String json, String expectedError) {
        return new Case(name, type, json.getBytes(StandardCharsets.UTF_8), expectedError);
    }

    static List<Case> corpus() {
        List<Case> c = new ArrayList<>();
        // Bad JSON, for every topic's decoder
        for (Class<? extends Event> type : List.of(UsageEvent.class, StockEvent.class, ItemEvent.class,
                RequestLatencyEvent.class, MetricSample.class, AuditEvent.class, LedgerEvent.class)) {
            String n = type.getSimpleName();
            c.add(text(n + ": truncated JSON", type, "{\"event_id\":\"e1\",", "bad JSON"));
            c.add(text(n + ": not an object", type, "[1,2,3]", "expected a JSON object"));
            c.add(text(n + ": empty", type, "", "empty message"));
            c.add(text(n + ": missing event_id", type, "{" + TS + "}", "missing field 'event_id'"));
        }
        c.add(text("plain text", UsageEvent.class, "hello world", "bad JSON"));
        c.add(text("trailing garbage", UsageEvent.class,
                "{\"event_id\":\"e1\"," + TS + ",\"sku\":\"A\",\"qty\":1} extra", "bad JSON"));
        c.add(text("single quotes", UsageEvent.class, "{'event_id':'e1'}", "bad JSON"));
        c.add(text("JSON null", UsageEvent.class, "null", "expected a JSON object"));
        c.add(text("bare number", MetricSample.class, "42", "expected a JSON object"));
        // Missing and mistyped fields
        c.add(text("usage: missing sku", UsageEvent.class, "{\"event_id\":\"e1\"," + TS + ",\"qty\":1}", "missing field 'sku'"));
        c.add(text("usage: missing qty", UsageEvent.class, "{\"event_id\":\"e1\"," + TS + ",\"sku\":\"A\"}", "missing field 'qty'"));
        c.add(text("usage: qty as string", UsageEvent.class, "{\"event_id\":\"e1\"," + TS + ",\"sku\":\"A\",\"qty\":\"5\"}", "must be a number"));
        c.add(text("usage: sku as number", UsageEvent.class, "{\"event_id\":\"e1\"," + TS + ",\"sku\":7,\"qty\":5}", "must be a string"));
        c.add(text("usage: blank sku", UsageEvent.class, "{\"event_id\":\"e1\"," + TS + ",\"sku\":\"  \",\"qty\":5}", "must not be blank"));
        c.add(text("usage: event_id as object", UsageEvent.class, "{\"event_id\":{}," + TS + ",\"sku\":\"A\",\"qty\":5}", "must be a string"));
        c.add(text("usage: null qty", UsageEvent.class, "{\"event_id\":\"e1\"," + TS + ",\"sku\":\"A\",\"qty\":null}", "missing field 'qty'"));
        c.add(text("latency: status as string", RequestLatencyEvent.class,
                "{\"event_id\":\"e1\"," + TS + ",\"service\":\"s\",\"route\":\"/\",\"method\":\"GET\",\"status\":\"200\",\"latency_ms\":3}", "must be an integer"));
        c.add(text("latency: status 999", RequestLatencyEvent.class,
                "{\"event_id\":\"e1\"," + TS + ",\"service\":\"s\",\"route\":\"/\",\"method\":\"GET\",\"status\":999,\"latency_ms\":3}", "HTTP status"));
        c.add(text("latency: fractional status", RequestLatencyEvent.class,
                "{\"event_id\":\"e1\"," + TS + ",\"service\":\"s\",\"route\":\"/\",\"method\":\"GET\",\"status\":200.5,\"latency_ms\":3}", "must be an integer"));
        c.add(text("latency: negative latency", RequestLatencyEvent.class,
                "{\"event_id\":\"e1\"," + TS + ",\"service\":\"s\",\"route\":\"/\",\"method\":\"GET\",\"status\":200,\"latency_ms\":-3}", "must be >= 0"));
        c.add(text("item: active as string", ItemEvent.class,
                "{\"event_id\":\"e1\"," + TS + ",\"sku\":\"A\",\"name\":\"n\",\"unit_cost\":1,\"lead_time_days\":3,\"active\":\"yes\"}", "must be true or false"));
        c.add(text("item: service level 1.5", ItemEvent.class,
                "{\"event_id\":\"e1\"," + TS + ",\"sku\":\"A\",\"name\":\"n\",\"unit_cost\":1,\"lead_time_days\":3,\"service_level\":1.5}", "service_level"));
        c.add(text("item: missing lead time", ItemEvent.class,
                "{\"event_id\":\"e1\"," + TS + ",\"sku\":\"A\",\"name\":\"n\",\"unit_cost\":1}", "missing field 'lead_time_days'"));
        c.add(text("item: zero lot size", ItemEvent.class,
                "{\"event_id\":\"e1\"," + TS + ",\"sku\":\"A\",\"name\":\"n\",\"unit_cost\":1,\"lead_time_days\":3,\"lot_size\":0}", "must be > 0"));
        c.add(text("audit: payload not an object", AuditEvent.class,
                "{\"event_id\":\"e1\"," + TS + ",\"actor\":\"u\",\"action\":\"login\",\"outcome\":\"SUCCESS\",\"payload\":\"x\"}", "must be an object"));
        c.add(text("audit: row_hash without prev_hash", AuditEvent.class,
                "{\"event_id\":\"e1\"," + TS + ",\"actor\":\"u\",\"action\":\"login\",\"outcome\":\"SUCCESS\",\"row_hash\":\"" + "a".repeat(64) + "\"}", "come together"));
        c.add(text("audit: short hash", AuditEvent.class,
                "{\"event_id\":\"e1\"," + TS + ",\"actor\":\"u\",\"action\":\"login\",\"outcome\":\"SUCCESS\",\"prev_hash\":\"abc\",\"row_hash\":\"def\"}", "64 lower-case hex"));
        c.add(text("ledger: sale without total", LedgerEvent.class,
                "{\"event_id\":\"e1\"," + TS + ",\"type\":\"SALE\",\"sale_id\":\"s1\",\"line_count\":1,\"status\":\"OPEN\"}", "missing field 'total'"));
        c.add(text("ledger: unknown sale status", LedgerEvent.class,
                "{\"event_id\":\"e1\"," + TS + ",\"type\":\"SALE\",\"sale_id\":\"s1\",\"total\":1,\"line_count\":1,\"status\":\"DONE\"}", "unknown value 'DONE'"));
        c.add(text("ledger: amount as string", LedgerEvent.class,
                "{\"event_id\":\"e1\"," + TS + ",\"type\":\"PAYMENT\",\"payment_id\":\"p\",\"sale_id\":\"s\",\"amount\":\"10.00\"}", "must be a number"));
        c.add(text("ledger: absurd amount", LedgerEvent.class,
                "{\"event_id\":\"e1\"," + TS + ",\"type\":\"INVOICE\",\"invoice_no\":\"i\",\"customer_id\":\"c\",\"amount\":1e300}", "out of range"));
        // NaN / Infinity
        c.add(text("NaN literal", MetricSample.class, "{\"event_id\":\"e1\"," + TS + ",\"series\":\"cpu\",\"value\":NaN}", "bad JSON"));
        c.add(text("Infinity literal", MetricSample.class, "{\"event_id\":\"e1\"," + TS + ",\"series\":\"cpu\",\"value\":Infinity}", "bad JSON"));
        c.add(text("-Infinity literal", UsageEvent.class, "{\"event_id\":\"e1\"," + TS + ",\"sku\":\"A\",\"qty\":-Infinity}", "bad JSON"));
        c.add(text("NaN as string", MetricSample.class, "{\"event_id\":\"e1\"," + TS + ",\"series\":\"cpu\",\"value\":\"NaN\"}", "must be a number"));
        c.add(text("overflowing number", MetricSample.class, "{\"event_id\":\"e1\"," + TS + ",\"series\":\"cpu\",\"value\":1e400}", "must be finite"));
        // Negative quantities
        c.add(text("usage: negative qty", UsageEvent.class, "{\"event_id\":\"e1\"," + TS + ",\"sku\":\"A\",\"qty\":-2}", "must be > 0"));
        c.add(text("usage: zero qty", UsageEvent.class, "{\"event_id\":\"e1\"," + TS + ",\"sku\":\"A\",\"qty\":0}", "must be > 0"));
        c.add(text("stock: negative receipt", StockEvent.class, "{\"event_id\":\"e1\"," + TS + ",\"sku\":\"A\",\"type\":\"RECEIPT\",\"qty\":-2}", "must be > 0"));
        c.add(text("stock: negative count", StockEvent.class, "{\"event_id\":\"e1\"," + TS + ",\"sku\":\"A\",\"type\":\"COUNT\",\"qty\":-1}", "must be >= 0"));
        c.add(text("usage: negative unit cost", UsageEvent.class, "{\"event_id\":\"e1\"," + TS + ",\"sku\":\"A\",\"qty\":2,\"unit_cost\":-1}", "must be >= 0"));
        c.add(text("ledger: negative item qty", LedgerEvent.class,
                "{\"event_id\":\"e1\"," + TS + ",\"type\":\"SALE_ITEM\",\"sale_id\":\"s\",\"line_no\":1,\"sku\":\"A\",\"qty\":-1,\"unit_price\":1,\"line_total\":1}", "must be > 0"));
        // Unknown enum values
        c.add(text("stock: unknown type", StockEvent.class, "{\"event_id\":\"e1\"," + TS + ",\"sku\":\"A\",\"type\":\"THEFT\",\"qty\":2}", "unknown value 'THEFT'"));
        c.add(text("audit: unknown outcome", AuditEvent.class,
                "{\"event_id\":\"e1\"," + TS + ",\"actor\":\"u\",\"action\":\"login\",\"outcome\":\"MAYBE\"}", "unknown value 'MAYBE'"));
        c.add(text("ledger: unknown type", LedgerEvent.class, "{\"event_id\":\"e1\"," + TS + ",\"type\":\"REFUND\"}", "unknown value 'REFUND'"));
        c.add(text("stock: type as number", StockEvent.class, "{\"event_id\":\"e1\"," + TS + ",\"sku\":\"A\",\"type\":3,\"qty\":2}", "must be a string"));
        // Timestamps outside a plausible range
        c.add(text("ts before 1970", UsageEvent.class, "{\"event_id\":\"e1\",\"ts\":\"1969-12-31T23:59:59Z\",\"sku\":\"A\",\"qty\":1}", "before 1970"));
        c.add(text("ts negative millis", UsageEvent.class, "{\"event_id\":\"e1\",\"ts\":-5,\"sku\":\"A\",\"qty\":1}", "before 1970"));
        c.add(text("ts in the future", UsageEvent.class, "{\"event_id\":\"e1\",\"ts\":\"" + FUTURE + "\",\"sku\":\"A\",\"qty\":1}", "too far in the future"));
        c.add(text("ts year 9999 millis", UsageEvent.class, "{\"event_id\":\"e1\",\"ts\":253402300799000,\"sku\":\"A\",\"qty\":1}", "too far in the future"));
        c.add(text("ts not a date", UsageEvent.class, "{\"event_id\":\"e1\",\"ts\":\"yesterday\",\"sku\":\"A\",\"qty\":1}", "not an ISO-8601 instant"));
        c.add(text("ts without zone", UsageEvent.class, "{\"event_id\":\"e1\",\"ts\":\"2026-03-01T10:15:30\",\"sku\":\"A\",\"qty\":1}", "not an ISO-8601 instant"));
        c.add(text("ts as boolean", UsageEvent.class, "{\"event_id\":\"e1\",\"ts\":true,\"sku\":\"A\",\"qty\":1}", "must be an ISO-8601 string or epoch millis"));
        c.add(text("ts missing", UsageEvent.class, "{\"event_id\":\"e1\",\"sku\":\"A\",\"qty\":1}", "missing field 'ts'"));
        // Oversized payload: 1 MB
        String big = "{\"event_id\":\"e1\"," + TS + ",\"sku\":\"" + "x".repeat(1_048_576) + "\",\"qty\":1}";
        c.add(text("1 MB payload", UsageEvent.class, big, "exceeds the limit"));
        c.add(text("long text field", UsageEvent.class, "{\"event_id\":\"e1\"," + TS + ",\"sku\":\"" + "x".repeat(600) + "\",\"qty\":1}", "longer than"));
        // Invalid UTF-8
        byte[] prefix = ("{\"event_id\":\"e1\"," + TS + ",\"sku\":\"").getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\",\"qty\":1}".getBytes(StandardCharsets.UTF_8);
        for (byte[] bad : List.of(new byte[] {(byte) 0xC3, (byte) 0x28}, new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82})) {
            byte[] all = new byte[prefix.length + bad.length + suffix.length];
            System.arraycopy(prefix, 0, all, 0, prefix.length);
            System.arraycopy(bad, 0, all, prefix.length, bad.length);
            System.arraycopy(suffix, 0, all, prefix.length + bad.length, suffix.length);
            c.add(new Case("invalid UTF-8 " + java.util.HexFormat.of().formatHex(bad), UsageEvent.class, all, "invalid UTF-8"));
        }
        return c;
    }

    static Stream<Arguments> cases() {
        return corpus().stream().map(Arguments::of);
    }

    @Test
    void corpusHasAtLeastFiftyMessages() {
        assertTrue(corpus().size() >= 50, "corpus size " + corpus().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void malformedMessageBecomesDeadLetterWithReason(Case c) {
        MessageDecoding decoding = new MessageDecoding("t", c.type(), DecodeLimits.defaults(), 4096);
        Ingested<?> result = decoding.decode(c.bytes(), 3, 17L, Instant.EPOCH);
        assertNull(result.event, "should not decode: " + c.name());
        DeadLetter dl = result.deadLetter;
        assertNotNull(dl);
        assertTrue(dl.error().contains(c.expectedError()), "error '" + dl.error() + "' should mention '" + c.expectedError() + "'");
        assertEquals(DeadLetter.REASON_MALFORMED, dl.reason());
        assertEquals(3, dl.partition());
        assertEquals(17L, dl.offset());
        assertEquals(c.bytes().length, dl.rawBytes());
        assertTrue(dl.raw().getBytes(StandardCharsets.UTF_8).length <= 4096 * 3, "raw is truncated");
        assertEquals(c.bytes().length > 4096, dl.truncated());
    }

    @Test
    void validMessagesOfEveryTopicDecode() throws Exception {
        var limits = DecodeLimits.defaults();
        UsageEvent usage = EventDecoders.forType(UsageEvent.class, limits).decode(
                ("{\"event_id\":\"u1\",\"ts\":1772360130000,\"sku\":\"A\",\"qty\":2.5,\"unit_cost\":3}").getBytes(StandardCharsets.UTF_8));
        assertEquals(2.5, usage.qty());
        assertEquals(Instant.parse("2026-03-01T10:15:30Z"), usage.ts());
        StockEvent adj = EventDecoders.forType(StockEvent.class, limits).decode(
                ("{\"event_id\":\"s1\"," + TS + ",\"sku\":\"A\",\"type\":\"adjustment\",\"qty\":-4}").getBytes(StandardCharsets.UTF_8));
        assertEquals(-4, adj.qty());
        AuditEvent audit = EventDecoders.forType(AuditEvent.class, limits).decode(
                ("{\"event_id\":\"a1\"," + TS + ",\"actor\":\"u\",\"action\":\"login\",\"outcome\":\"FAILURE\",\"payload\":{\"b\":1, \"a\":[true]}}")
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals("default", audit.chain());
        assertEquals("{\"a\":[true],\"b\":1}", audit.payload());
        LedgerEvent sale = EventDecoders.forType(LedgerEvent.class, limits).decode(
                ("{\"event_id\":\"l1\"," + TS + ",\"type\":\"SALE\",\"sale_id\":\"s1\",\"total\":10.10,\"line_count\":2,\"status\":\"CLOSED\"}")
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(new java.math.BigDecimal("10.10"), sale.total());
        assertEquals("s1", sale.key());
        assertFalse(sale.total().compareTo(new java.math.BigDecimal("10.1")) != 0);
    }
}
