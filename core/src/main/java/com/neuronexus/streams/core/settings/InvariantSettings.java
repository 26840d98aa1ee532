package com.neuronexus.streams.core.settings;

import java.util.List;

/** Settings of the invariant capability. */
public final class InvariantSettings {
    private InvariantSettings() {}

    public static List<SettingKey<?>> keys() {
        return List.of();
    }
}
