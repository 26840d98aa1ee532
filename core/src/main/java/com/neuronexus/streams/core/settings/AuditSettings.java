package com.neuronexus.streams.core.settings;

import java.util.List;

/** Settings of the audit capability. */
public final class AuditSettings {
    private AuditSettings() {}

    public static List<SettingKey<?>> keys() {
        return List.of();
    }
}
