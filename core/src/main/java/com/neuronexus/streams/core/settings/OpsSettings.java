package com.neuronexus.streams.core.settings;

import java.util.List;

/** Settings of the ops capability. */
public final class OpsSettings {
    private OpsSettings() {}

    public static List<SettingKey<?>> keys() {
        return List.of();
    }
}
