package com.neuronexus.streams.core;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every Kafka topic of the contract (DESIGN §3 and §4), with the field its message key is taken from
 * and, for outputs that are also tables, the table name. Dead-letter topics are derived: {@code <topic>.dlq}.
 */
public enum Topic {
    // Inputs (DESIGN §3)
    INVENTORY_USAGE("inventory.usage", "sku", null, true),
    INVENTORY_STOCK("inventory.stock", "sku", null, true),
    INVENTORY_ITEMS("inventory.items", "sku", null, true),
    REQUEST_LATENCY("ops.request-latency", "service", null, true),
    METRICS("ops.metrics", "series", null, true),
    AUDIT_EVENTS("audit.events", "chain", null, true),
    LEDGER_EVENTS("ledger.events", "type", null, true),

    // Outputs (DESIGN §4)
    FORECASTS("inventory.forecasts", "sku", "forecasts", false, "sku", "as_of"),
    RECOMMENDATIONS("inventory.recommendations", "sku", "reorder_recommendations", false, "recommendation_id"),
    ACCURACY("inventory.accuracy", "sku", "forecast_accuracy", false, "sku", "as_of"),
    LATENCY_WINDOWS("ops.latency-windows", "service", "latency_windows", false, "service", "route", "window_start", "window_seconds"),
    ANOMALIES("ops.anomalies", "series", "anomaly_windows", false, "series", "window_start"),
    SIGNALS("ops.signals", "dedup_key", null, false),
    INCIDENTS("ops.incidents", "incident_id", "incidents", false, "incident_id"),
    HEALTH("ops.health", null, "health_scores", false, "ts"),
    CONTROL("ops.control", null, null, false),
    DRIFT("ops.drift", null, "drift_scores", false, "ts"),
    AUDIT_CHAIN("audit.chain", "chain", "audit_log", false, "chain", "seq"),
    AUDIT_CHECKPOINTS("audit.checkpoints", "chain", "audit_checkpoints", false, "chain", "seq"),
    SECURITY_BLOCKS("security.blocks", "subject", "security_blocks", false, "subject", "since"),
    LEDGER_CORRECTIONS("ledger.corrections", null, null, false),
    ALERTS_DLQ("ops.alerts.dlq", null, null, false);

    private final String topicName;
    private final String keyField;
    private final String table;
    private final boolean input;
    private final List<String> primaryKey;

    Topic(String topicName, String keyField, String table, boolean input, String... primaryKey) {
        this.topicName = topicName;
        this.keyField = keyField;
        this.table = table;
        this.input = input;
        this.primaryKey = List.of(primaryKey);
    }

    /** Primary key columns of the table (DESIGN §4); the JDBC sink upserts on them. */
    public List<String> primaryKey() {
        return primaryKey;
    }

    /** The Kafka topic name, also the file name stem in replay ({@code <name>.jsonl}). */
    public String topicName() {
        return topicName;
    }

    /** The JSON field whose value is the Kafka message key; null means no key (round-robin). */
    public String keyField() {
        return keyField;
    }

    public Optional<String> table() {
        return Optional.ofNullable(table);
    }

    public boolean isInput() {
        return input;
    }

    public String deadLetterTopic() {
        return topicName + ".dlq";
    }

    public String fileName() {
        return topicName + ".jsonl";
    }

    public static Topic byName(String name) {
        return Arrays.stream(values())
                .filter(t -> t.topicName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown topic '" + name + "'"));
    }

    public static List<Topic> inputs() {
        return Arrays.stream(values()).filter(Topic::isInput).toList();
    }

    /**
     * Every topic a broker needs for the whole project: inputs, outputs and a DLQ for each, since jobs also
     * read outputs of other jobs (incidents read {@code ops.signals}) through the same dead-letter routing.
     */
    public static List<String> allTopicNames() {
        var names = new java.util.ArrayList<String>();
        for (Topic t : values()) {
            names.add(t.topicName);
            names.add(t.deadLetterTopic());
        }
        return names;
    }
}
