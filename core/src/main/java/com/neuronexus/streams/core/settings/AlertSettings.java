package com.neuronexus.streams.core.settings;

import java.util.List;

/** Settings of the alert capability. */
public final class AlertSettings {
    private AlertSettings() {}

    public static List<SettingKey<?>> keys() {
        return List.of();
    }
}
