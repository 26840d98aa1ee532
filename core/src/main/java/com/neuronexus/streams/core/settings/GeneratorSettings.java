package com.neuronexus.streams.core.settings;

import java.util.List;

/** Settings of the generator capability. */
public final class GeneratorSettings {
    private GeneratorSettings() {}

    public static List<SettingKey<?>> keys() {
        return List.of();
    }
}
