package com.neuronexus.streams.connectors.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.neuronexus.streams.core.events.AuditEvent;
import com.neuronexus.streams.core.events.AuditOutcome;
import com.neuronexus.streams.core.events.Event;
import com.neuronexus.streams.core.events.ItemEvent;
import com.neuronexus.streams.core.events.LedgerEvent;
import com.neuronexus.streams.core.events.LedgerEventType;
import com.neuronexus.streams.core.events.MetricSample;
import com.neuronexus.streams.core.events.RequestLatencyEvent;
import com.neuronexus.streams.core.events.StockEvent;
import com.neuronexus.streams.core.events.StockMovementType;
import com.neuronexus.streams.core.events.UsageEvent;
import com.neuronexus.streams.core.json.Json;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/** The decoder of each input record type (DESIGN §3), with the validation rules of the contract. */
public final class EventDecoders {
    private EventDecoders() {}

    private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");

    @SuppressWarnings("unchecked")
    public static <T extends Event> EventDecoder<T> forType(Class<T> type, DecodeLimits limits) {
        EventDecoder<?> decoder;
        if (type == UsageEvent.class) {
            decoder = new Usage(limits);
        } else if (type == StockEvent.class) {
            decoder = new Stock(limits);
        } else if (type == ItemEvent.class) {
            decoder = new Item(limits);
        } else if (type == RequestLatencyEvent.class) {
            decoder = new RequestLatency(limits);
        } else if (type == MetricSample.class) {
            decoder = new Metric(limits);
        } else if (type == AuditEvent.class) {
            decoder = new Audit(limits);
        } else if (type == LedgerEvent.class) {
            decoder = new Ledger(limits);
        } else {
            decoder = new Bound<>(type, limits);
        }
        return (EventDecoder<T>) decoder;
    }

    static final class Usage extends EventDecoder<UsageEvent> {
        Usage(DecodeLimits limits) {
            super(limits);
        }

        @Override
        protected UsageEvent decode(JsonFields f, JsonNode node) throws InvalidEventException {
            return new UsageEvent(eventId(f), f.timestamp("ts"), f.text("sku"), f.positive("qty"),
                    f.optionalText("site"), f.optionalNonNegative("unit_cost"));
        }
    }

    static final class Stock extends EventDecoder<StockEvent> {
        Stock(DecodeLimits limits) {
            super(limits);
        }

        @Override
        protected StockEvent decode(JsonFields f, JsonNode node) throws InvalidEventException {
            String id = eventId(f);
            var ts = f.timestamp("ts");
            StockMovementType type = f.enumValue("type", StockMovementType.class);
            double qty = switch (type) {
                case COUNT -> f.nonNegative("qty");
                case ADJUSTMENT -> f.number("qty");
                default -> f.positive("qty");
            };
            return new StockEvent(id, ts, f.text("sku"), type, qty, f.optionalText("site"));
        }
    }

    static final class Item extends EventDecoder<ItemEvent> {
        Item(DecodeLimits limits) {
            super(limits);
        }

        @Override
        protected ItemEvent decode(JsonFields f, JsonNode node) throws InvalidEventException {
            String id = eventId(f);
            var ts = f.timestamp("ts");
            Double serviceLevel = f.optionalNumber("service_level");
            if (serviceLevel != null && (serviceLevel <= 0.5 || serviceLevel >= 1.0)) {
                throw new InvalidEventException("field 'service_level' must be in (0.5, 1), got " + serviceLevel);
            }
            return new ItemEvent(id, ts, f.text("sku"), f.text("name"),
                    f.nonNegative("unit_cost"), f.nonNegative("lead_time_days"), f.optionalNonNegative("lead_time_std_days"),
                    f.optionalNonNegative("min_order_qty"), f.optionalPositive("lot_size"), f.optionalText("supplier_id"),
                    f.bool("active", true), serviceLevel);
        }
    }

    static final class RequestLatency extends EventDecoder<RequestLatencyEvent> {
        RequestLatency(DecodeLimits limits) {
            super(limits);
        }

        @Override
        protected RequestLatencyEvent decode(JsonFields f, JsonNode node) throws InvalidEventException {
            String id = eventId(f);
            var ts = f.timestamp("ts");
            int status = f.integer("status");
            if (status < 100 || status > 599) {
                throw new InvalidEventException("field 'status' must be an HTTP status 100..599, got " + status);
            }
            return new RequestLatencyEvent(id, ts, f.text("service"), f.text("route"),
                    f.text("method"), status, f.nonNegative("latency_ms"));
        }
    }

    static final class Metric extends EventDecoder<MetricSample> {
        Metric(DecodeLimits limits) {
            super(limits);
        }

        @Override
        protected MetricSample decode(JsonFields f, JsonNode node) throws InvalidEventException {
            return new MetricSample(eventId(f), f.timestamp("ts"), f.text("series"), f.number("value"));
        }
    }

    static final class Audit extends EventDecoder<AuditEvent> {
        Audit(DecodeLimits limits) {
            super(limits);
        }

        @Override
        protected AuditEvent decode(JsonFields f, JsonNode node) throws InvalidEventException {
            String id = eventId(f);
            var ts = f.timestamp("ts");
            String chain = f.optionalText("chain");
            String prevHash = f.optionalText("prev_hash");
            String rowHash = f.optionalText("row_hash");
            if ((prevHash == null) != (rowHash == null)) {
                throw new InvalidEventException("fields 'prev_hash' and 'row_hash' come together or not at all");
            }
            if (prevHash != null && (!HEX_64.matcher(prevHash).matches() || !HEX_64.matcher(rowHash).matches())) {
                throw new InvalidEventException("fields 'prev_hash' and 'row_hash' must be 64 lower-case hex digits");
            }
            return new AuditEvent(id, ts, chain == null ? AuditEvent.DEFAULT_CHAIN : chain,
                    f.text("actor"), f.text("action"), f.optionalText("entity"), f.optionalText("entity_id"),
                    f.optionalText("ip"), f.enumValue("outcome", AuditOutcome.class), f.optionalObjectText("payload"),
                    prevHash, rowHash);
        }
    }

    static final class Ledger extends EventDecoder<LedgerEvent> {
        Ledger(DecodeLimits limits) {
            super(limits);
        }

        @Override
        protected LedgerEvent decode(JsonFields f, JsonNode node) throws InvalidEventException {
            String id = eventId(f);
            var ts = f.timestamp("ts");
            LedgerEventType type = f.enumValue("type", LedgerEventType.class);
            return switch (type) {
                case SALE -> {
                    String status = f.text("status");
                    if (!status.equals("OPEN") && !status.equals("CLOSED")) {
                        throw new InvalidEventException("field 'status' has unknown value '" + status + "'; expected OPEN or CLOSED");
                    }
                    int lineCount = f.integer("line_count");
                    if (lineCount < 0) {
                        throw new InvalidEventException("field 'line_count' must be >= 0");
                    }
                    yield ledger(id, ts, type).saleId(f.text("sale_id")).customerId(f.optionalText("customer_id"))
                            .total(nonNegative(f, "total")).lineCount(lineCount).status(status).build();
                }
                case SALE_ITEM -> {
                    int lineNo = f.integer("line_no");
                    if (lineNo < 0) {
                        throw new InvalidEventException("field 'line_no' must be >= 0");
                    }
                    yield ledger(id, ts, type).saleId(f.text("sale_id")).lineNo(lineNo).sku(f.text("sku"))
                            .qty(f.positive("qty")).unitPrice(nonNegative(f, "unit_price"))
                            .lineTotal(f.money("line_total")).build();
                }
                case PAYMENT -> ledger(id, ts, type).paymentId(f.text("payment_id")).saleId(f.text("sale_id"))
                        .amount(f.money("amount")).build();
                case INVOICE -> ledger(id, ts, type).invoiceNo(f.text("invoice_no")).customerId(f.text("customer_id"))
                        .amount(f.money("amount")).build();
                case CUSTOMER -> ledger(id, ts, type).customerId(f.text("customer_id"))
                        .creditLimit(nonNegative(f, "credit_limit")).build();
                case STOCK_MOVE -> ledger(id, ts, type).sku(f.text("sku")).qty(f.number("qty"))
                        .reason(f.optionalText("reason")).build();
                case STOCK_COUNT -> ledger(id, ts, type).sku(f.text("sku")).onHand(f.number("on_hand")).build();
            };
        }

        private static BigDecimal nonNegative(JsonFields f, String name) throws InvalidEventException {
            BigDecimal value = f.money(name);
            if (value.signum() < 0) {
                throw new InvalidEventException("field '" + name + "' must be >= 0, got " + value.toPlainString());
            }
            return value;
        }

        private static LedgerBuilder ledger(String id, java.time.Instant ts, LedgerEventType type) {
            return new LedgerBuilder(id, ts, type);
        }
    }

    /** Records this project writes itself (signals, incidents, windows): data binding plus the common checks. */
    static final class Bound<T extends Event> extends EventDecoder<T> {
        private final Class<T> type;

        Bound(Class<T> type, DecodeLimits limits) {
            super(limits);
            this.type = type;
        }

        @Override
        protected T decode(JsonFields f, JsonNode node) throws InvalidEventException {
            T event;
            try {
                event = Json.MAPPER.treeToValue(node, type);
            } catch (Exception e) {
                throw new InvalidEventException("not a " + type.getSimpleName() + ": " + e.getMessage());
            }
            // Records may derive their id and time (a window's end); whatever they derive must exist and be plausible.
            if (event == null || event.eventId() == null || event.eventId().isBlank()) {
                throw new InvalidEventException("missing field 'event_id'");
            }
            if (event.ts() == null) {
                throw new InvalidEventException("missing field 'ts'");
            }
            f.plausible("ts", event.ts());
            return event;
        }
    }
}
