package com.neuronexus.streams.core.settings;

import java.util.List;

/** Settings of the incident capability. */
public final class IncidentSettings {
    private IncidentSettings() {}

    public static List<SettingKey<?>> keys() {
        return List.of();
    }
}
