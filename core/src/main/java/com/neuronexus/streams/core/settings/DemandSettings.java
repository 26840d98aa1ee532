package com.neuronexus.streams.core.settings;

import java.util.List;

/** Settings of the demand capability. */
public final class DemandSettings {
    private DemandSettings() {}

    public static List<SettingKey<?>> keys() {
        return List.of();
    }
}
