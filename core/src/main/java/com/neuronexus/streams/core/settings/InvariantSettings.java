package com.neuronexus.streams.core.settings;

import java.util.List;

/** Settings of the invariant capability (InvariantJob). All durations are event time. */
public final class InvariantSettings {
    private InvariantSettings() {}

    public static final SettingKey<Long> SETTLE_TIMEOUT_MS = SettingKey.longValue(
            "invariants.settle-timeout-ms", 300_000L,
            "A sale not CLOSED with all its lines this long after its first event is checked anyway; its state is dropped one more timeout later.");
    public static final SettingKey<Long> ORPHAN_TIMEOUT_MS = SettingKey.longValue(
            "invariants.orphan-timeout-ms", 60_000L,
            "A sale item whose SALE header has not arrived this long after the sale's first item is orphaned (delete command issued).");
    public static final SettingKey<Long> INVOICE_RETENTION_MS = SettingKey.longValue(
            "invariants.invoice-retention-ms", 2_592_000_000L,
            "How long an invoice_no is remembered to detect duplicates (default 30 days).");
    public static final SettingKey<Double> MONEY_TOLERANCE = SettingKey.decimal(
            "invariants.money-tolerance", 0.005, "Largest money difference still counted as equal.");
    public static final SettingKey<Long> DEDUP_WINDOW_MS = SettingKey.longValue(
            "invariants.dedup-window-ms", 600_000L,
            "An event_id seen again within this much event time is a redelivery and ignored.");
    public static final SettingKey<Long> DRIFT_INTERVAL_MS = SettingKey.longValue(
            "invariants.drift-interval-ms", 10_000L, "Event-time interval between drift scores.");
    public static final SettingKey<Long> DRIFT_WINDOW_MS = SettingKey.longValue(
            "invariants.drift-window-ms", 3_600_000L,
            "The drift score counts the entities checked within this much event time (raise it for sparse ledgers).");

    public static List<SettingKey<?>> keys() {
        return List.of(SETTLE_TIMEOUT_MS, ORPHAN_TIMEOUT_MS, INVOICE_RETENTION_MS, MONEY_TOLERANCE, DEDUP_WINDOW_MS,
                DRIFT_INTERVAL_MS, DRIFT_WINDOW_MS);
    }
}
