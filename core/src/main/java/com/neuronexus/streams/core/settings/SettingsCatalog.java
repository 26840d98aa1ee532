package com.neuronexus.streams.core.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the project. A capability adds its keys in its own {@code *Settings} class and one line
 * here; a key not listed here is unknown, and an unknown key is an error.
 */
public final class SettingsCatalog {
    private SettingsCatalog() {}

    private static final Map<String, SettingKey<?>> BY_NAME = build();

    private static Map<String, SettingKey<?>> build() {
        List<SettingKey<?>> all = new ArrayList<>();
        all.addAll(PlatformSettings.keys());
        // Capabilities register their keys below, one line each.
        all.addAll(DemandSettings.keys());
        all.addAll(OpsSettings.keys());
        all.addAll(AuditSettings.keys());
        all.addAll(InvariantSettings.keys());
        all.addAll(IncidentSettings.keys());
        all.addAll(AlertSettings.keys());
        all.addAll(GeneratorSettings.keys());
        Map<String, SettingKey<?>> byName = new LinkedHashMap<>();
        for (SettingKey<?> key : all) {
            if (byName.put(key.name(), key) != null) {
                throw new IllegalStateException("setting defined twice: " + key.name());
            }
        }
        return Collections.unmodifiableMap(byName);
    }

    public static Map<String, SettingKey<?>> byName() {
        return BY_NAME;
    }
}
