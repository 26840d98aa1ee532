package com.neuronexus.streams.tools.generator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.tools.generator.SkuCatalog.Sku;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code ledger.events}: a shop's books, consistent by construction, plus a known number of violations of each of
 * the seven invariants, each on an entity of its own (recipes in docs/generator.md and in {@link Violation}).
 *
 * <p>Consistent part: customers with generous credit limits (≥ 500 000, about 4 years of their invoices); sales
 * (SALE OPEN, 1–4 SALE_ITEMs with line_total = qty × unit_price, 1–2 PAYMENTs summing exactly to the total, SALE
 * CLOSED two minutes later) at least a minute apart; each item mirrored by a STOCK_MOVE −qty reason SALE on a stock
 * that is replenished (STOCK_MOVE +300 reason RECEIPT) before it could go negative; a STOCK_COUNT per SKU at the
 * start and every night at 23:30 equal to the balance (last count + moves since); invoices to customers.
 */
final class LedgerWorkload implements Workload {

    /** The seven invariants of DESIGN §5, in the order their violations rotate through the days. */
    enum Violation {
        NO_NEGATIVE_STOCK,
        SALE_TOTAL_MATCHES_LINE_ITEMS,
        PAYMENT_SUM_MATCHES_SALE_TOTAL,
        NO_DUPLICATE_INVOICES,
        STOCK_MOVEMENT_BALANCE,
        CREDIT_LIMIT_NOT_EXCEEDED,
        NO_ORPHANED_SALE_ITEMS
    }

    static final int CUSTOMERS = 50;
    static final int MAX_STOCK_SKUS = 40;
    static final BigDecimal TOTAL_MISMATCH = new BigDecimal("10.00");
    static final BigDecimal PAYMENT_SHORTFALL = new BigDecimal("7.50");
    static final BigDecimal TIGHT_CREDIT_LIMIT = new BigDecimal("5000.00");
    static final Malformed.Spec SPEC = new Malformed.Spec("customer_id", "credit_limit", "credit_limit", "type");

    private final long seed;
    private final List<Sku> stockSkus;
    private final long[] balance;
    private final BigDecimal[] creditLimit = new BigDecimal[CUSTOMERS];

    LedgerWorkload(long seed, SkuCatalog catalog) {
        this.seed = seed;
        this.stockSkus = catalog.all().subList(0, Math.min(MAX_STOCK_SKUS, catalog.size()));
        this.balance = new long[stockSkus.size()];
    }

    /** A sale to generate: ordinary, or one of the two sale-shaped violations. */
    private record SalePlan(Instant ts, int number, Violation violation) {}

    static boolean violatedOn(Violation v, int day) {
        return v.ordinal() % 4 == day % 4;
    }

    static String customer(int i) {
        return String.format("CUST-%04d", i + 1);
    }

    @Override
    public void generateDay(int day, Instant dayStart, Emitter out) {
        Instant runStart = out.runStart();
        if (day == 0) {
            opening(out);
        }
        SplittableRandom plan = Rand.of(seed, "ledger-plan", 0, day);
        Instant earliest = day == 0 ? runStart.plusSeconds(180) : dayStart;

        // When today's violations happen: day 0 at 20, 30, 40 … minutes into the run, later days at random hours.
        List<Violation> todays = new ArrayList<>();
        for (Violation v : Violation.values()) {
            if (violatedOn(v, day)) {
                todays.add(v);
            }
        }
        Map<Violation, Instant> when = new LinkedHashMap<>();
        for (int k = 0; k < todays.size(); k++) {
            Instant t = day == 0 ? runStart.plusSeconds(1200 + 600L * k) : dayStart.plusSeconds(9 * 3600 + plan.nextInt(11 * 3600));
            if (out.fits(t, Duration.ofMinutes(60))) {
                when.put(todays.get(k), t);
            }
        }

        // Sales, in time order, at least a minute apart so one sale's stock moves never interleave with another's.
        boolean weekend = dayStart.atZone(java.time.ZoneOffset.UTC).getDayOfWeek().getValue() >= 6;
        int count = weekend ? 50 + plan.nextInt(20) : 100 + plan.nextInt(40);
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            times.add(dayStart.plusSeconds(8 * 3600 + plan.nextInt(13 * 3600)));
        }
        for (Violation v : List.of(Violation.SALE_TOTAL_MATCHES_LINE_ITEMS, Violation.PAYMENT_SUM_MATCHES_SALE_TOTAL)) {
            if (when.containsKey(v)) {
                times.add(when.get(v));
            }
        }
        times.sort(null);
        List<SalePlan> sales = new ArrayList<>();
        Instant previous = null;
        int number = 0;
        for (Instant t : times) {
            Violation v = null;
            for (Violation candidate : List.of(Violation.SALE_TOTAL_MATCHES_LINE_ITEMS, Violation.PAYMENT_SUM_MATCHES_SALE_TOTAL)) {
                if (t.equals(when.get(candidate)) && sales.stream().noneMatch(s -> s.violation() == candidate)) {
                    v = candidate;
                }
            }
            if (previous != null && t.isBefore(previous.plusSeconds(60))) {
                t = previous.plusSeconds(60);
            }
            if (t.isBefore(earliest) || t.isAfter(dayStart.plusSeconds(22 * 3600)) || !out.fits(t, Duration.ofMinutes(5))) {
                if (v != null) {
                    when.remove(v);
                }
                continue;
            }
            sales.add(new SalePlan(t, ++number, v));
            previous = t;
        }
        for (SalePlan sale : sales) {
            sale(day, sale, out);
        }

        invoices(day, dayStart, earliest, out);
        int serial = 0;
        for (Map.Entry<Violation, Instant> e : when.entrySet()) {
            if (e.getKey() != Violation.SALE_TOTAL_MATCHES_LINE_ITEMS && e.getKey() != Violation.PAYMENT_SUM_MATCHES_SALE_TOTAL) {
                violation(e.getKey(), e.getValue(), day, ++serial, out);
            }
        }

        Instant countAt = dayStart.plusSeconds(23 * 3600 + 1800);
        for (int j = 0; j < stockSkus.size(); j++) {
            Instant ts = countAt.plusSeconds(j);
            if (out.fits(ts, Duration.ZERO) && !ts.isBefore(earliest)) {
                out.emit(Topic.LEDGER_EVENTS, stockSkus.get(j).id(), stockCount(out, ts, stockSkus.get(j).id(), balance[j]), ts);
            }
        }

        SplittableRandom bad = Rand.of(seed, "ledger-bad", 0, day);
        for (Malformed.Planned p : Malformed.plan(day, dayStart, out, SPEC, 60)) {
            ObjectNode node = com.neuronexus.streams.core.json.Json.newObject();
            node.put("event_id", "");
            node.put("ts", p.ts().toString());
            node.put("type", "CUSTOMER");
            node.put("customer_id", "CUST-0000");
            node.put("credit_limit", money(1000 + bad.nextInt(9000)));
            out.emitMalformed(Topic.LEDGER_EVENTS, "CUST-0000", node, p.kind(), SPEC, p.ts());
        }
    }

    private void opening(Emitter out) {
        Instant t = out.runStart();
        for (int i = 0; i < CUSTOMERS; i++) {
            SplittableRandom r = Rand.of(seed, "ledger-customer", i, 0);
            creditLimit[i] = money(500_000 + 1000L * r.nextInt(1500));
            ObjectNode node = newEvent(out, t, "CUSTOMER");
            node.put("customer_id", customer(i));
            node.put("credit_limit", creditLimit[i]);
            out.emit(Topic.LEDGER_EVENTS, customer(i), node, t);
        }
        for (int j = 0; j < stockSkus.size(); j++) {
            SplittableRandom r = Rand.of(seed, "ledger-stock", j, 0);
            balance[j] = 200 + r.nextInt(300);
            Instant ts = t.plusSeconds(60 + j);
            out.emit(Topic.LEDGER_EVENTS, stockSkus.get(j).id(), stockCount(out, ts, stockSkus.get(j).id(), balance[j]), ts);
        }
    }

    private void sale(int day, SalePlan plan, Emitter out) {
        SplittableRandom r = Rand.of(seed, "ledger-sale", plan.number(), day);
        String saleId = String.format("S-%04d-%04d", day, plan.number());
        String customerId = r.nextDouble() < 0.3 ? customer(r.nextInt(CUSTOMERS)) : null;
        int lines = 1 + r.nextInt(4);
        Instant t = plan.ts();
        List<ObjectNode> items = new ArrayList<>();
        BigDecimal itemsTotal = BigDecimal.ZERO.setScale(2);
        List<Runnable> moves = new ArrayList<>();
        for (int k = 1; k <= lines; k++) {
            int j = r.nextInt(stockSkus.size());
            Sku sku = stockSkus.get(j);
            long qty = 1 + r.nextInt(5);
            BigDecimal unitPrice = money(sku.unitCost() * 1.4);
            BigDecimal lineTotal = unitPrice.multiply(BigDecimal.valueOf(qty)).setScale(2, RoundingMode.HALF_UP);
            itemsTotal = itemsTotal.add(lineTotal);
            Instant itemTs = t.plusSeconds(5L * k);
            ObjectNode item = newEvent(out, itemTs, "SALE_ITEM");
            item.put("sale_id", saleId);
            item.put("line_no", k);
            item.put("sku", sku.id());
            item.put("qty", qty);
            item.put("unit_price", unitPrice);
            item.put("line_total", lineTotal);
            items.add(item);
            if (balance[j] < qty) {
                balance[j] += 300;
                Instant receiptTs = itemTs.minusSeconds(2);
                out.emit(Topic.LEDGER_EVENTS, sku.id(), stockMove(out, receiptTs, sku.id(), 300, "RECEIPT"), receiptTs);
            }
            balance[j] -= qty;
            Instant moveTs = itemTs.plusSeconds(1);
            out.emit(Topic.LEDGER_EVENTS, sku.id(), stockMove(out, moveTs, sku.id(), -qty, "SALE"), moveTs);
        }
        BigDecimal headerTotal = plan.violation() == Violation.SALE_TOTAL_MATCHES_LINE_ITEMS ? itemsTotal.add(TOTAL_MISMATCH) : itemsTotal;
        BigDecimal paid = headerTotal;
        if (plan.violation() == Violation.PAYMENT_SUM_MATCHES_SALE_TOTAL) {
            paid = headerTotal.subtract(PAYMENT_SHORTFALL.min(headerTotal.divide(BigDecimal.valueOf(2), 2, RoundingMode.DOWN)));
        }
        out.emit(Topic.LEDGER_EVENTS, saleId, saleHeader(out, t, saleId, customerId, headerTotal, lines, "OPEN"), t);
        for (ObjectNode item : items) {
            Instant ts = Instant.parse(item.get("ts").asText());
            out.emit(Topic.LEDGER_EVENTS, saleId, item, ts);
        }
        boolean split = plan.violation() == null && r.nextDouble() < 0.25 && paid.compareTo(new BigDecimal("1.00")) > 0;
        List<BigDecimal> payments = new ArrayList<>();
        if (split) {
            BigDecimal first = paid.multiply(BigDecimal.valueOf(0.2 + 0.6 * r.nextDouble())).setScale(2, RoundingMode.HALF_UP);
            first = first.max(new BigDecimal("0.01")).min(paid.subtract(new BigDecimal("0.01")));
            payments.add(first);
            payments.add(paid.subtract(first));
        } else {
            payments.add(paid);
        }
        for (int p = 0; p < payments.size(); p++) {
            Instant ts = t.plusSeconds(60 + 20L * p);
            String paymentId = String.format("P-%04d-%04d-%d", day, plan.number(), p + 1);
            ObjectNode node = newEvent(out, ts, "PAYMENT");
            node.put("payment_id", paymentId);
            node.put("sale_id", saleId);
            node.put("amount", payments.get(p));
            out.emit(Topic.LEDGER_EVENTS, paymentId, node, ts);
        }
        Instant closed = t.plusSeconds(120);
        out.emit(Topic.LEDGER_EVENTS, saleId, saleHeader(out, closed, saleId, customerId, headerTotal, lines, "CLOSED"), closed);
        if (plan.violation() != null) {
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("violations", 1);
            expected.put("sale_total", headerTotal);
            expected.put("line_items_total", itemsTotal);
            expected.put("payments_total", paid);
            out.inject(new Injection(plan.violation().name(), Topic.LEDGER_EVENTS.topicName(), saleId, t, closed.plusSeconds(1), expected));
        }
    }

    private void invoices(int day, Instant dayStart, Instant earliest, Emitter out) {
        SplittableRandom r = Rand.of(seed, "ledger-invoices", 0, day);
        int count = 15 + r.nextInt(10);
        for (int n = 1; n <= count; n++) {
            Instant ts = dayStart.plusSeconds(9 * 3600 + r.nextInt(9 * 3600));
            int c = r.nextInt(CUSTOMERS);
            BigDecimal amount = money(Math.min(5000, Rand.lognormal(r, 600, 0.6)));
            if (ts.isBefore(earliest) || !out.fits(ts, Duration.ZERO)) {
                continue;
            }
            String invoiceNo = String.format("INV-%04d-%04d", day, n);
            out.emit(Topic.LEDGER_EVENTS, invoiceNo, invoice(out, ts, invoiceNo, customer(c), amount), ts);
        }
    }

    /** The non-sale violations; each on an entity that nothing else touches. */
    private void violation(Violation v, Instant t, int day, int serial, Emitter out) {
        SplittableRandom r = Rand.of(seed, "ledger-violation", v.ordinal(), day);
        String entitySuffix = String.format("%04d-%d", day, serial);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("violations", 1);
        switch (v) {
            case NO_NEGATIVE_STOCK -> {
                String sku = "SKU-NS-" + entitySuffix;
                emitLedger(out, sku, stockCount(out, t, sku, 2));
                emitLedger(out, sku, stockMove(out, t.plusSeconds(600), sku, -5, "SALE"));
                emitLedger(out, sku, stockMove(out, t.plusSeconds(2400), sku, 5, "CORRECTION"));
                emitLedger(out, sku, stockCount(out, t.plusSeconds(3000), sku, 2));
                expected.put("lowest_balance", -3);
                out.inject(new Injection(v.name(), Topic.LEDGER_EVENTS.topicName(), sku, t.plusSeconds(600), t.plusSeconds(2400), expected));
            }
            case STOCK_MOVEMENT_BALANCE -> {
                String sku = "SKU-MB-" + entitySuffix;
                emitLedger(out, sku, stockCount(out, t, sku, 20));
                emitLedger(out, sku, stockMove(out, t.plusSeconds(600), sku, -4, "SALE"));
                emitLedger(out, sku, stockCount(out, t.plusSeconds(1800), sku, 19));
                expected.put("expected_on_hand", 16);
                expected.put("counted_on_hand", 19);
                out.inject(new Injection(v.name(), Topic.LEDGER_EVENTS.topicName(), sku, t.plusSeconds(1800), t.plusSeconds(1801), expected));
            }
            case NO_DUPLICATE_INVOICES -> {
                String invoiceNo = "INV-" + entitySuffix + "-D";
                String customer = customer(r.nextInt(CUSTOMERS));
                BigDecimal amount = money(100 + r.nextInt(900));
                emitLedger(out, invoiceNo, invoice(out, t, invoiceNo, customer, amount));
                emitLedger(out, invoiceNo, invoice(out, t.plusSeconds(300), invoiceNo, customer, amount));
                expected.put("copies", 2);
                expected.put("customer_id", customer);
                out.inject(new Injection(v.name(), Topic.LEDGER_EVENTS.topicName(), invoiceNo, t.plusSeconds(300), t.plusSeconds(301), expected));
            }
            case CREDIT_LIMIT_NOT_EXCEEDED -> {
                String customer = "CUST-L-" + entitySuffix;
                ObjectNode node = newEvent(out, t, "CUSTOMER");
                node.put("customer_id", customer);
                node.put("credit_limit", TIGHT_CREDIT_LIMIT);
                emitLedger(out, customer, node);
                emitLedger(out, customer + "-1", invoice(out, t.plusSeconds(600), "INV-" + entitySuffix + "-L1", customer, money(3000)));
                emitLedger(out, customer + "-2", invoice(out, t.plusSeconds(1200), "INV-" + entitySuffix + "-L2", customer, money(2500)));
                expected.put("credit_limit", TIGHT_CREDIT_LIMIT);
                expected.put("invoiced", money(5500));
                out.inject(new Injection(v.name(), Topic.LEDGER_EVENTS.topicName(), customer, t.plusSeconds(1200), null, expected));
            }
            case NO_ORPHANED_SALE_ITEMS -> {
                String saleId = "S-" + entitySuffix + "-O";
                Sku sku = stockSkus.get(r.nextInt(stockSkus.size()));
                BigDecimal price = money(sku.unitCost() * 1.4);
                ObjectNode item = newEvent(out, t, "SALE_ITEM");
                item.put("sale_id", saleId);
                item.put("line_no", 1);
                item.put("sku", sku.id());
                item.put("qty", 1);
                item.put("unit_price", price);
                item.put("line_total", price);
                emitLedger(out, saleId, item);
                expected.put("orphans", 1);
                expected.put("correction", "delete sale item " + saleId + "#1");
                out.inject(new Injection(v.name(), Topic.LEDGER_EVENTS.topicName(), saleId, t, t.plusSeconds(1), expected));
            }
            default -> throw new IllegalStateException("sale-shaped violations are generated with the sales: " + v);
        }
    }

    /** Emits a ledger node at its own ts; the key is the given entity (invoice keys fixed below). */
    private static void emitLedger(Emitter out, String key, ObjectNode node) {
        String type = node.get("type").asText();
        String realKey = type.equals("INVOICE") ? node.get("invoice_no").asText() : key;
        out.emit(Topic.LEDGER_EVENTS, realKey, node, Instant.parse(node.get("ts").asText()));
    }

    static BigDecimal money(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP);
    }

    private static ObjectNode newEvent(Emitter out, Instant ts, String type) {
        ObjectNode node = out.newEvent(Topic.LEDGER_EVENTS, ts);
        node.put("type", type);
        return node;
    }

    private static ObjectNode saleHeader(Emitter out, Instant ts, String saleId, String customerId, BigDecimal total, int lines, String status) {
        ObjectNode node = newEvent(out, ts, "SALE");
        node.put("sale_id", saleId);
        if (customerId != null) {
            node.put("customer_id", customerId);
        }
        node.put("total", total);
        node.put("line_count", lines);
        node.put("status", status);
        return node;
    }

    private static ObjectNode invoice(Emitter out, Instant ts, String invoiceNo, String customerId, BigDecimal amount) {
        ObjectNode node = newEvent(out, ts, "INVOICE");
        node.put("invoice_no", invoiceNo);
        node.put("customer_id", customerId);
        node.put("amount", amount);
        return node;
    }

    private static ObjectNode stockMove(Emitter out, Instant ts, String sku, long qty, String reason) {
        ObjectNode node = newEvent(out, ts, "STOCK_MOVE");
        node.put("sku", sku);
        node.put("qty", qty);
        node.put("reason", reason);
        return node;
    }

    private static ObjectNode stockCount(Emitter out, Instant ts, String sku, long onHand) {
        ObjectNode node = newEvent(out, ts, "STOCK_COUNT");
        node.put("sku", sku);
        node.put("on_hand", onHand);
        return node;
    }
}
