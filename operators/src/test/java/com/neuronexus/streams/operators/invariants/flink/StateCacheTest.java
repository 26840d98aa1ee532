package com.neuronexus.streams.operators.invariants.flink;

import com.neuronexus.streams.operators.state.KeyedHarness;
import com.neuronexus.streams.operators.state.CachedValueState;
import static com.neuronexus.streams.operators.invariants.LedgerEvents.count;
import static com.neuronexus.streams.operators.invariants.LedgerEvents.item;
import static com.neuronexus.streams.operators.invariants.LedgerEvents.move;
import static com.neuronexus.streams.operators.invariants.LedgerEvents.ms;
import static com.neuronexus.streams.operators.invariants.LedgerEvents.payment;
import static com.neuronexus.streams.operators.invariants.LedgerEvents.sale;
import static com.neuronexus.streams.operators.invariants.flink.Harnesses.CONFIG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.events.LedgerEvent;
import com.neuronexus.streams.core.events.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heap caches of the invariant functions ({@link CachedValueState}, the pending-list cache) on RocksDB: the
 * state stays the truth, so a run restored mid-way (a new instance, empty caches) and a run whose caches evict
 * between a key's events both produce exactly what an uninterrupted run produces, and leave no state behind.
 */
class StateCacheTest {
    @TempDir
    Path dir;

    private int dbs;

    private KeyedOneInputStreamOperatorTestHarness<String, LedgerEvent, Signal> rocksDb(
            InvariantFunction<LedgerEvent> function, KeySelector<LedgerEvent, String> key,
            OperatorSubtaskState restoreFrom) throws Exception {
        EmbeddedRocksDBStateBackend backend = new EmbeddedRocksDBStateBackend();
        backend.setDbStoragePath(Files.createDirectories(dir.resolve("db" + dbs++)).toString());
        return KeyedHarness.open(function, key, backend, restoreFrom);
    }

    /** Signals, outcomes, postings and corrections, in output order per stream. */
    private static List<String> outputs(KeyedOneInputStreamOperatorTestHarness<String, LedgerEvent, Signal> h) {
        List<String> all = new ArrayList<>(Harnesses.describe(h.extractOutputValues()));
        for (var tag : List.of(InvariantOutputs.OUTCOMES, InvariantOutputs.POSTINGS, InvariantOutputs.CORRECTIONS)) {
            var side = h.getSideOutput(tag);
            if (side != null) {
                side.stream().map(StreamRecord::getValue).map(String::valueOf).forEach(all::add);
            }
        }
        return all;
    }

    /** Stock events with violations, flips and redeliveries, and a sale raising every sale invariant. */
    private static List<LedgerEvent> stockEvents(String sku, int from) {
        List<LedgerEvent> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long t = from + 3L * i;
            events.add(count(sku + "c" + i, t, sku, 5));
            events.add(move(sku + "m" + i, t + 1, sku, i % 2 == 0 ? -8 : 2));
            events.add(move(sku + "m" + i, t + 1, sku, i % 2 == 0 ? -8 : 2)); // redelivered
        }
        return events;
    }

    private static List<LedgerEvent> saleEvents(String saleId, int from) {
        return List.of(item(saleId + "i1", from, saleId, 1, "4.00"), item(saleId + "i2", from + 1, saleId, 2, "6.00"),
                payment(saleId + "p1", from + 2, saleId, "P1", "7.00"),
                payment(saleId + "p1", from + 2, saleId, "P1", "7.00"),
                sale(saleId + "h", from + 3, saleId, "C1", "11.00", 2, "CLOSED"),
                payment(saleId + "p2", from + 4, saleId, "P2", "4.00"),
                item(saleId + "i3", from + 70, saleId + "-orphan", 1, "1.00"));
    }

    private List<String> run(Supplier<InvariantFunction<LedgerEvent>> function, KeySelector<LedgerEvent, String> key,
            List<LedgerEvent> events, int restoreAfter, long end) throws Exception {
        var h = rocksDb(function.get(), key, null);
        List<String> out = new ArrayList<>();
        long watermark = Long.MIN_VALUE;
        for (int i = 0; i < events.size(); i++) {
            if (i == restoreAfter) {
                OperatorSubtaskState snapshot = h.snapshot(1, 1);
                out.addAll(outputs(h));
                h.close();
                h = rocksDb(function.get(), key, snapshot);
                h.processWatermark(watermark);
            }
            LedgerEvent e = events.get(i);
            h.processElement(e, e.ts().toEpochMilli());
            // The watermark trails the events by one second, so some are applied and some pending at the restore.
            long next = e.ts().toEpochMilli() - 1000;
            if (next > watermark) {
                watermark = next;
                h.processWatermark(watermark);
            }
        }
        h.processWatermark(end);
        out.addAll(outputs(h));
        // Per stream in output order (a restore splits the run, not the order within a stream).
        out.sort(java.util.Comparator.comparing((String line) -> line.startsWith("CheckOutcome") ? 1
                : line.startsWith("CreditPosting") ? 2 : line.startsWith("LedgerCorrection") ? 3 : 0));
        assertEquals(0, h.numEventTimeTimers(), "no timer left");
        h.close();
        return out;
    }

    @Test
    void aRestoredInstanceWithEmptyCachesContinuesExactlyAsTheUninterruptedOne() throws Exception {
        List<LedgerEvent> stock = new ArrayList<>(stockEvents("A", 1));
        stock.addAll(stockEvents("B", 2));
        stock.sort((a, b) -> a.ts().compareTo(b.ts()));
        long stockEnd = ms(100 + 2 * 600);
        List<String> whole = run(() -> new StockInvariantsFunction(CONFIG), LedgerEvent::sku, stock, -1, stockEnd);
        assertTrue(whole.stream().anyMatch(s -> s.startsWith("NO_NEGATIVE_STOCK OBSERVED A")), whole.toString());
        for (int cut : new int[] {5, 17, 30}) {
            assertEquals(whole, run(() -> new StockInvariantsFunction(CONFIG), LedgerEvent::sku, stock, cut, stockEnd),
                    "stock restored after " + cut + " events");
        }

        List<LedgerEvent> sales = new ArrayList<>(saleEvents("S1", 1));
        sales.addAll(saleEvents("S2", 3));
        sales.sort((a, b) -> a.ts().compareTo(b.ts()));
        long salesEnd = ms(100 + 3 * 300);
        List<String> wholeSales = run(() -> new SaleInvariantsFunction(CONFIG), LedgerEvent::saleId, sales, -1,
                salesEnd);
        assertTrue(wholeSales.stream().anyMatch(s -> s.startsWith("NO_ORPHANED_SALE_ITEMS OBSERVED")),
                wholeSales.toString());
        for (int cut = 1; cut < sales.size(); cut += 3) {
            assertEquals(wholeSales, run(() -> new SaleInvariantsFunction(CONFIG), LedgerEvent::saleId, sales, cut,
                    salesEnd), "sales restored after " + cut + " events");
        }
    }

    @Test
    void evictionBetweenAKeysEventsChangesNothing() throws Exception {
        List<LedgerEvent> alone = stockEvents("A", 1);
        // Between any two events of A, more SKUs than the caches hold: every value of A is evicted and re-read.
        List<LedgerEvent> crowded = new ArrayList<>();
        int other = 0;
        for (LedgerEvent e : alone) {
            crowded.add(e);
            for (int i = 0; i < EventTimeOrderedFunction.CACHED_KEYS + 10; i++) {
                crowded.add(count("x" + other, e.ts().getEpochSecond() - LedgerEvents0.T0_SECONDS, "X" + other, 1));
                other++;
            }
        }
        long end = ms(100 + 2 * 600);
        List<String> expected = run(() -> new StockInvariantsFunction(CONFIG), LedgerEvent::sku, alone, -1, end);
        List<String> ofA = run(() -> new StockInvariantsFunction(CONFIG), LedgerEvent::sku, crowded, -1, end).stream()
                .filter(s -> s.endsWith(" A") || s.contains("entity=A,")).toList();
        assertEquals(expected, ofA);
        assertTrue(expected.size() > 3, expected.toString());
    }

    /** Seconds of LedgerEvents.T0, to build events at the same second as another. */
    private static final class LedgerEvents0 {
        static final long T0_SECONDS = com.neuronexus.streams.operators.invariants.LedgerEvents.T0.getEpochSecond();
    }
}
