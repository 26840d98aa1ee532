package com.neuronexus.streams.tools.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.neuronexus.streams.core.Topic;
import com.neuronexus.streams.core.json.Json;
import java.time.Instant;
import java.util.Set;

/** An independent reading of DESIGN §3: null when a line is a valid event of its topic, else why not. */
final class ContractCheck {
    private ContractCheck() {}

    private static final Set<String> STOCK_TYPES = Set.of("RECEIPT", "ADJUSTMENT", "COUNT", "ORDER_PLACED", "ORDER_CANCELLED");
    private static final Set<String> OUTCOMES = Set.of("SUCCESS", "FAILURE", "DENIED");
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    static String validate(Topic topic, String line) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(line);
        } catch (Exception e) {
            return "bad json";
        }
        if (n == null || !n.isObject()) {
            return "not an object";
        }
        try {
            text(n, "event_id");
            Instant ts = Instant.parse(text(n, "ts"));
            if (ts.isBefore(EARLIEST) || ts.isAfter(LATEST)) {
                return "absurd ts";
            }
            switch (topic) {
                case INVENTORY_USAGE -> {
                    text(n, "sku");
                    positive(n, "qty");
                    optionalPositive(n, "unit_cost");
                }
                case INVENTORY_STOCK -> {
                    text(n, "sku");
                    String type = oneOf(n, "type", STOCK_TYPES);
                    double qty = number(n, "qty");
                    if (type.equals("COUNT") ? qty < 0 : type.equals("ADJUSTMENT") ? qty == 0 : qty <= 0) {
                        return "qty " + qty + " not allowed for " + type;
                    }
                }
                case INVENTORY_ITEMS -> {
                    text(n, "sku");
                    text(n, "name");
                    positive(n, "unit_cost");
                    positive(n, "lead_time_days");
                    if (!n.path("active").isBoolean()) {
                        return "active not boolean";
                    }
                    optionalPositive(n, "min_order_qty");
                    optionalPositive(n, "lot_size");
                    if (n.has("lead_time_std_days") && number(n, "lead_time_std_days") < 0) {
                        return "negative lead_time_std_days";
                    }
                    if (n.has("service_level") && (number(n, "service_level") <= 0 || number(n, "service_level") >= 1)) {
                        return "service_level outside (0,1)";
                    }
                }
                case REQUEST_LATENCY -> {
                    text(n, "service");
                    text(n, "route");
                    text(n, "method");
                    if (!n.path("status").isInt() || n.get("status").asInt() < 100 || n.get("status").asInt() > 599) {
                        return "bad status";
                    }
                    positive(n, "latency_ms");
                }
                case METRICS -> {
                    text(n, "series");
                    number(n, "value");
                }
                case AUDIT_EVENTS -> {
                    text(n, "chain");
                    text(n, "actor");
                    text(n, "action");
                    oneOf(n, "outcome", OUTCOMES);
                    if (n.has("payload") && !n.get("payload").isObject()) {
                        return "payload not an object";
                    }
                    if (n.has("row_hash") != n.has("prev_hash")) {
                        return "row_hash without prev_hash";
                    }
                }
                case LEDGER_EVENTS -> {
                    return ledger(n);
                }
                default -> {
                    return "not an input topic";
                }
            }
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String ledger(JsonNode n) {
        String type = text(n, "type");
        switch (type) {
            case "SALE" -> {
                text(n, "sale_id");
                money(n, "total");
                if (!n.path("line_count").isInt() || n.get("line_count").asInt() < 1) {
                    return "bad line_count";
                }
                oneOf(n, "status", Set.of("OPEN", "CLOSED"));
            }
            case "SALE_ITEM" -> {
                text(n, "sale_id");
                text(n, "sku");
                if (!n.path("line_no").isInt()) {
                    return "bad line_no";
                }
                positive(n, "qty");
                money(n, "unit_price");
                money(n, "line_total");
            }
            case "PAYMENT" -> {
                text(n, "payment_id");
                text(n, "sale_id");
                money(n, "amount");
            }
            case "INVOICE" -> {
                text(n, "invoice_no");
                text(n, "customer_id");
                money(n, "amount");
            }
            case "CUSTOMER" -> {
                text(n, "customer_id");
                money(n, "credit_limit");
            }
            case "STOCK_MOVE" -> {
                text(n, "sku");
                number(n, "qty");
                text(n, "reason");
            }
            case "STOCK_COUNT" -> {
                text(n, "sku");
                if (number(n, "on_hand") < 0) {
                    return "negative on_hand";
                }
            }
            default -> {
                return "unknown ledger type " + type;
            }
        }
        return null;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return v.asText();
    }

    private static String oneOf(JsonNode n, String field, Set<String> allowed) {
        String v = text(n, field);
        if (!allowed.contains(v)) {
            throw new IllegalArgumentException("unknown " + field + " " + v);
        }
        return v;
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new IllegalArgumentException("missing or non-numeric " + field);
        }
        return v.asDouble();
    }

    private static void positive(JsonNode n, String field) {
        if (number(n, field) <= 0) {
            throw new IllegalArgumentException(field + " not > 0");
        }
    }

    private static void optionalPositive(JsonNode n, String field) {
        if (n.has(field)) {
            positive(n, field);
        }
    }

    private static void money(JsonNode n, String field) {
        positive(n, field);
        if (n.get(field).decimalValue().scale() > 2) {
            throw new IllegalArgumentException(field + " has more than 2 decimals");
        }
    }
}
