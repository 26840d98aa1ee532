package com.neuronexus.streams.core.settings;

import java.util.List;

/** Settings of the audit capability: hash-chain checkpoints and brute-force blocking. */
public final class AuditSettings {
    private AuditSettings() {}

    public static final SettingKey<Integer> CHECKPOINT_EVERY_EVENTS = SettingKey.integer(
            "audit.checkpoint.every-events", 1000, "Publish a chain checkpoint (head hash + Merkle root) after this many rows.");
    public static final SettingKey<Long> CHECKPOINT_EVERY_SECONDS = SettingKey.longValue(
            "audit.checkpoint.every-seconds", 60L,
            "Publish a chain checkpoint once a segment spans this many seconds of event time, even if it is short.");
    public static final SettingKey<Integer> BRUTE_FORCE_THRESHOLD = SettingKey.integer(
            "audit.brute-force.threshold", 5, "Failed logins per actor or per IP within the window that trigger a block.");
    public static final SettingKey<Long> BRUTE_FORCE_WINDOW_SECONDS = SettingKey.longValue(
            "audit.brute-force.window-seconds", 900L, "Sliding event-time window in which failed logins are counted.");
    public static final SettingKey<Long> BRUTE_FORCE_BLOCK_SECONDS = SettingKey.longValue(
            "audit.brute-force.block-seconds", 900L, "How long a block lasts (until = since + this).");
    public static final SettingKey<String> LOGIN_ACTIONS = SettingKey.string(
            "audit.brute-force.login-actions", "login,auth.login,authenticate,signin,sign_in",
            "Comma-separated audit actions (case-insensitive) that are authentications.");

    public static List<SettingKey<?>> keys() {
        return List.of(CHECKPOINT_EVERY_EVENTS, CHECKPOINT_EVERY_SECONDS, BRUTE_FORCE_THRESHOLD,
                BRUTE_FORCE_WINDOW_SECONDS, BRUTE_FORCE_BLOCK_SECONDS, LOGIN_ACTIONS);
    }
}
