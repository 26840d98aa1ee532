package com.neuronexus.streams.operators.invariants.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.events.LedgerEvent;
import com.neuronexus.streams.core.events.LedgerEventType;
import com.neuronexus.streams.core.json.Json;
import com.neuronexus.streams.operators.invariants.CreditPosting;
import com.neuronexus.streams.operators.invariants.InvariantConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thread-CPU microbenchmark of the invariant functions on RocksDB (the machine is shared, so wall time is
 * noise; the CPU time of this thread includes RocksDB's JNI work done on it). A ledger workload — by default a
 * synthetic one shaped like the generator's (SKUs with counts and moves, sales with items, payments and a
 * CLOSED header, invoices, customers); with {@code -Dinvariants.bench.input=ledger.events.jsonl} a generated
 * file — is repeated with shifted timestamps and fresh ids (as {@code ./nexus bench} preloads it) until
 * {@code -Dinvariants.bench.events} (default 30000) events, routed as the job routes them, and each function
 * is fed on its own RocksDB harness with the watermark following the events (500 ms out-of-orderness).
 * {@code -Dinvariants.bench.timers=HEAP} keeps timers on the heap (the job keeps them in RocksDB, the default).
 * {@code -Dinvariants.bench.jfr=FILE} records a JFR profile of the run. Prints µs of thread CPU per event; asserts only that the work was done and that finished sales leave nothing.
 */
class InvariantsRocksDbBenchmarkTest {
    static final long OUT_OF_ORDERNESS_MS = 500;

    @Test
    void invariantFunctionsOnRocksDb(@TempDir Path dir) throws Exception {
        int events = Integer.getInteger("invariants.bench.events", 30_000);
        InvariantConfig config = InvariantConfig.defaults();
        List<LedgerEvent> cycle = cycle(System.getProperty("invariants.bench.input"));
        List<LedgerEvent> input = repeat(cycle, events);

        var stock = open(new StockInvariantsFunction(config), LedgerEvent::sku, dir.resolve("stock"));
        var sales = open(new SaleInvariantsFunction(config), LedgerEvent::saleId, dir.resolve("sales"));
        var invoices = open(new InvoiceInvariantsFunction(config), LedgerEvent::invoiceNo, dir.resolve("invoices"));
        var credit = open(new CreditLimitFunction(config), CreditPosting::customerId, dir.resolve("credit"));

        String jfr = System.getProperty("invariants.bench.jfr");
        jdk.jfr.Recording recording = null;
        if (jfr != null) {
            recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            recording.start();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        long maxTs = Long.MIN_VALUE;
        long outputs = 0;
        int n = 0;
        for (LedgerEvent e : input) {
            long ts = e.ts().toEpochMilli();
            switch (e.type()) {
                // As LedgerRouter: an event without the key its function needs goes nowhere.
                case STOCK_COUNT, STOCK_MOVE -> {
                    if (e.sku() != null) {
                        stock.processElement(e, ts);
                    }
                }
                case SALE, SALE_ITEM, PAYMENT -> {
                    if (e.saleId() != null) {
                        sales.processElement(e, ts);
                    }
                }
                case INVOICE -> {
                    if (e.invoiceNo() != null) {
                        invoices.processElement(e, ts);
                    }
                }
                case CUSTOMER -> {
                    if (e.customerId() != null && e.creditLimit() != null) {
                        credit.processElement(new CreditPosting(e.eventId(), e.ts(), e.customerId(),
                                CreditPosting.Kind.LIMIT, e.creditLimit(), e.customerId()), ts);
                    }
                }
                default -> {}
            }
            maxTs = Math.max(maxTs, ts);
            if (++n % 50 == 0) {
                outputs += advance(new Watermark(maxTs - OUT_OF_ORDERNESS_MS), stock, sales, invoices, credit);
            }
        }
        outputs += advance(Watermark.MAX_WATERMARK, stock, sales, invoices, credit);
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        if (recording != null) {
            recording.dump(Path.of(jfr));
            recording.close();
        }
        System.out.printf("invariants on RocksDB (timers %s): %d events (cycle of %d), thread CPU %.2f s = %.1f µs/event,"
                        + " wall %.2f s, %d outputs%n",
                System.getProperty("invariants.bench.timers", "ROCKSDB"), input.size(), cycle.size(), cpuSeconds, cpuSeconds * 1e6 / input.size(), wallSeconds, outputs);
        assertTrue(outputs > 0, "the functions emitted outcomes");
        assertEquals(0, sales.numEventTimeTimers(), "every sale finished at the final watermark");
        assertEquals(0, invoices.numEventTimeTimers(), "every invoice number expired at the final watermark");
        for (var h : List.of(stock, sales, invoices, credit)) {
            h.close();
        }
    }

    /** Moves the watermark on every harness, feeding the postings of sales and invoices to credit; counts outputs. */
    private static long advance(Watermark wm, KeyedOneInputStreamOperatorTestHarness<String, LedgerEvent, ?> stock,
            KeyedOneInputStreamOperatorTestHarness<String, LedgerEvent, ?> sales,
            KeyedOneInputStreamOperatorTestHarness<String, LedgerEvent, ?> invoices,
            KeyedOneInputStreamOperatorTestHarness<String, CreditPosting, ?> credit) throws Exception {
        long count = 0;
        for (var h : List.of(stock, sales, invoices)) {
            h.processWatermark(wm);
            var postings = h.getSideOutput(InvariantOutputs.POSTINGS);
            if (postings != null) {
                for (var record : postings) {
                    credit.processElement(record.getValue(), record.getTimestamp());
                }
                postings.clear();
            }
        }
        credit.processWatermark(wm);
        for (var h : List.of(stock, sales, invoices, credit)) {
            count += h.getOutput().size();
            h.getOutput().clear();
            for (var tag : List.of(InvariantOutputs.OUTCOMES, InvariantOutputs.CORRECTIONS)) {
                var side = h.getSideOutput(tag);
                if (side != null) {
                    count += side.size();
                    side.clear();
                }
            }
        }
        return count;
    }

    private static <IN> KeyedOneInputStreamOperatorTestHarness<String, IN, ?> open(
            KeyedProcessFunction<String, IN, ?> function, KeySelector<IN, String> key, Path rocksDbDir)
            throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function), key,
                Types.STRING);
        EmbeddedRocksDBStateBackend rocksDb = new EmbeddedRocksDBStateBackend();
        rocksDb.setDbStoragePath(Files.createDirectories(rocksDbDir).toString());
        // Where the timers live: ROCKSDB as in InvariantJob (the backend default), or HEAP.
        rocksDb.setPriorityQueueStateType(EmbeddedRocksDBStateBackend.PriorityQueueStateType.valueOf(
                System.getProperty("invariants.bench.timers", "ROCKSDB")));
        harness.setStateBackend(rocksDb);
        harness.open();
        return harness;
    }

    /** One workload cycle in event-time order: the file's valid ledger events, or the synthetic workload. */
    static List<LedgerEvent> cycle(String file) throws Exception {
        List<LedgerEvent> events = new ArrayList<>();
        if (file != null) {
            for (String line : Files.readAllLines(Path.of(file))) {
                try {
                    LedgerEvent e = Json.MAPPER.readValue(line, LedgerEvent.class);
                    if (e.eventId() != null && e.ts() != null && e.type() != null && e.ts().getEpochSecond() > 0) {
                        events.add(e);
                    }
                } catch (Exception invalid) {
                    // the generator's deliberately malformed lines: the job dead-letters them
                }
            }
        } else {
            events = synthetic();
        }
        events.sort(java.util.Comparator.comparing(LedgerEvent::ts));
        return events;
    }

    /** ~One generated week in shape: 60 SKUs, 20 customers, a sale every ~2 min with 1–3 items and 1–2 payments. */
    static List<LedgerEvent> synthetic() {
        List<LedgerEvent> out = new ArrayList<>();
        long t0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        int skus = 60;
        int customers = 20;
        for (int c = 0; c < customers; c++) {
            out.add(event("c" + c, t0, LedgerEventType.CUSTOMER, null, "CUST-" + c, null, null, null, null, null,
                    null, null, null, new BigDecimal("1000000.00"), null));
        }
        double[] onHand = new double[skus];
        for (int s = 0; s < skus; s++) {
            onHand[s] = 1000;
            out.add(event("k" + s, t0, LedgerEventType.STOCK_COUNT, null, null, null, null, null, s, null,
                    null, null, null, null, 1000.0));
        }
        long t = t0 + 1_000;
        for (int sale = 0; sale < 4_000; sale++) {
            String saleId = "S-" + sale;
            String customer = sale % 3 == 0 ? null : "CUST-" + (sale % customers);
            int lines = 1 + sale % 3;
            BigDecimal total = BigDecimal.ZERO;
            for (int l = 1; l <= lines; l++) {
                int s = (sale * 7 + l * 13) % skus;
                BigDecimal lineTotal = new BigDecimal((sale % 50 + l) + ".25");
                total = total.add(lineTotal);
                out.add(event("i" + sale + "-" + l, t + l * 1_000L, LedgerEventType.SALE_ITEM, saleId, null, null,
                        l, null, s, null, lineTotal, null, null, null, null));
                onHand[s] -= 1;
                out.add(event("m" + sale + "-" + l, t + l * 1_000L, LedgerEventType.STOCK_MOVE, null, null, null,
                        null, null, s, -1.0, null, null, null, null, null));
            }
            int payments = 1 + sale % 2;
            BigDecimal first = payments == 1 ? total : total.subtract(new BigDecimal("1.00"));
            out.add(event("p" + sale + "-1", t + 5_000L, LedgerEventType.PAYMENT, saleId, null, null, null, null, null,
                    null, null, "PAY-" + sale + "-1", first, null, null));
            if (payments == 2) {
                out.add(event("p" + sale + "-2", t + 5_000L, LedgerEventType.PAYMENT, saleId, null, null, null, null,
                        null, null, null, "PAY-" + sale + "-2", new BigDecimal("1.00"), null, null));
            }
            out.add(event("h" + sale, t + 6_000L, LedgerEventType.SALE, saleId, customer, total, lines, "CLOSED",
                    null, null, null, null, null, null, null));
            if (sale % 10 == 0 && customer != null) {
                out.add(event("v" + sale, t + 7_000L, LedgerEventType.INVOICE, null, customer, null, null, null, null,
                        null, null, "INV-" + sale, new BigDecimal("99.00"), null, null));
            }
            if (sale % 40 == 39) {
                for (int s = 0; s < skus; s += 4) {
                    out.add(event("k" + sale + "-" + s, t + 8_000L, LedgerEventType.STOCK_COUNT, null, null, null,
                            null, null, s, null, null, null, null, null, onHand[s]));
                }
            }
            t += 90_000L + (sale % 7) * 10_000L;
        }
        return out;
    }

    private static LedgerEvent event(String id, long ts, LedgerEventType type, String saleId, String customerId,
            BigDecimal total, Integer lineNo, String status, Integer sku, Double qty, BigDecimal lineTotal,
            String paymentOrInvoice, BigDecimal amount, BigDecimal creditLimit, Double onHand) {
        boolean invoice = type == LedgerEventType.INVOICE;
        return new LedgerEvent("syn-" + id, Instant.ofEpochMilli(ts), type, saleId, customerId, total,
                type == LedgerEventType.SALE ? lineNo : null, status, type == LedgerEventType.SALE_ITEM ? lineNo : null,
                sku == null ? null : "SKU-" + sku, qty, lineTotal, lineTotal, invoice ? null : paymentOrInvoice,
                amount, invoice ? paymentOrInvoice : null, creditLimit, null, onHand);
    }

    /** The cycle repeated with timestamps shifted past its end (+1 day) and fresh event ids, up to {@code n}. */
    static List<LedgerEvent> repeat(List<LedgerEvent> cycle, int n) {
        List<LedgerEvent> out = new ArrayList<>(n);
        long first = cycle.get(0).ts().toEpochMilli();
        long span = cycle.get(cycle.size() - 1).ts().toEpochMilli() - first + 86_400_000L;
        for (int c = 0; out.size() < n; c++) {
            for (LedgerEvent e : cycle) {
                if (out.size() == n) {
                    break;
                }
                out.add(c == 0 ? e : new LedgerEvent(e.eventId() + "~" + c, e.ts().plusMillis(c * span), e.type(),
                        e.saleId(), e.customerId(), e.total(), e.lineCount(), e.status(), e.lineNo(), e.sku(), e.qty(),
                        e.unitPrice(), e.lineTotal(), e.paymentId(), e.amount(), e.invoiceNo(), e.creditLimit(),
                        e.reason(), e.onHand()));
            }
        }
        return out;
    }
}
