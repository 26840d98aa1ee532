package com.neuronexus.streams.tools.generator;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A plain reading of the seven invariants over a whole ledger file: which entities violate which invariant. */
final class LedgerCheck {
    private LedgerCheck() {}

    static final BigDecimal TOLERANCE = new BigDecimal("0.005");

    static Map<String, Set<String>> violations(List<JsonNode> events) {
        Map<String, Set<String>> found = new TreeMap<>();
        Map<String, JsonNode> headers = new LinkedHashMap<>();
        Map<String, BigDecimal> itemSums = new HashMap<>();
        Map<String, Integer> itemCounts = new HashMap<>();
        Map<String, BigDecimal> paid = new HashMap<>();
        Map<String, Integer> invoices = new HashMap<>();
        Map<String, BigDecimal> limits = new HashMap<>();
        Map<String, BigDecimal> invoiced = new HashMap<>();
        Map<String, Double> balance = new HashMap<>();
        for (JsonNode e : events) {
            switch (e.get("type").asText()) {
                case "SALE" -> headers.put(e.get("sale_id").asText(), e);
                case "SALE_ITEM" -> {
                    String sale = e.get("sale_id").asText();
                    BigDecimal lineTotal = e.get("line_total").decimalValue();
                    BigDecimal computed = e.get("unit_price").decimalValue().multiply(e.get("qty").decimalValue());
                    if (lineTotal.subtract(computed).abs().compareTo(TOLERANCE) > 0) {
                        add(found, "LINE_TOTAL", sale);
                    }
                    itemSums.merge(sale, lineTotal, BigDecimal::add);
                    itemCounts.merge(sale, 1, Integer::sum);
                }
                case "PAYMENT" -> paid.merge(e.get("sale_id").asText(), e.get("amount").decimalValue(), BigDecimal::add);
                case "INVOICE" -> {
                    String no = e.get("invoice_no").asText();
                    if (invoices.merge(no, 1, Integer::sum) > 1) {
                        add(found, "NO_DUPLICATE_INVOICES", no);
                    }
                    String customer = e.get("customer_id").asText();
                    BigDecimal total = invoiced.merge(customer, e.get("amount").decimalValue(), BigDecimal::add);
                    BigDecimal limit = limits.get(customer);
                    if (limit == null) {
                        add(found, "UNKNOWN_CUSTOMER", customer);
                    } else if (total.compareTo(limit) > 0) {
                        add(found, "CREDIT_LIMIT_NOT_EXCEEDED", customer);
                    }
                }
                case "CUSTOMER" -> limits.put(e.get("customer_id").asText(), e.get("credit_limit").decimalValue());
                case "STOCK_MOVE" -> {
                    String sku = e.get("sku").asText();
                    if (!balance.containsKey(sku)) {
                        add(found, "MOVE_BEFORE_COUNT", sku);
                    }
                    double b = balance.merge(sku, e.get("qty").asDouble(), Double::sum);
                    if (b < 0) {
                        add(found, "NO_NEGATIVE_STOCK", sku);
                    }
                }
                case "STOCK_COUNT" -> {
                    String sku = e.get("sku").asText();
                    Double expected = balance.put(sku, e.get("on_hand").asDouble());
                    if (expected != null && Math.abs(expected - e.get("on_hand").asDouble()) > 1e-9) {
                        add(found, "STOCK_MOVEMENT_BALANCE", sku);
                    }
                }
                default -> add(found, "UNKNOWN_TYPE", e.get("type").asText());
            }
        }
        headers.forEach((sale, header) -> {
            BigDecimal total = header.get("total").decimalValue();
            if (itemSums.getOrDefault(sale, BigDecimal.ZERO).subtract(total).abs().compareTo(TOLERANCE) > 0) {
                add(found, "SALE_TOTAL_MATCHES_LINE_ITEMS", sale);
            }
            if (itemCounts.getOrDefault(sale, 0) != header.get("line_count").asInt()) {
                add(found, "LINE_COUNT", sale);
            }
            if (!header.get("status").asText().equals("CLOSED")) {
                add(found, "NOT_CLOSED", sale);
            }
            if (paid.getOrDefault(sale, BigDecimal.ZERO).subtract(total).abs().compareTo(TOLERANCE) > 0) {
                add(found, "PAYMENT_SUM_MATCHES_SALE_TOTAL", sale);
            }
        });
        itemSums.keySet().forEach(sale -> {
            if (!headers.containsKey(sale)) {
                add(found, "NO_ORPHANED_SALE_ITEMS", sale);
            }
        });
        paid.keySet().forEach(sale -> {
            if (!headers.containsKey(sale)) {
                add(found, "PAYMENT_WITHOUT_SALE", sale);
            }
        });
        return found;
    }

    private static void add(Map<String, Set<String>> found, String kind, String entity) {
        found.computeIfAbsent(kind, k -> new TreeSet<>()).add(entity);
    }
}
