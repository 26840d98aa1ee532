package com.neuronexus.streams.tools.sandbox;

import com.neuronexus.streams.core.settings.AlertSettings;
import com.neuronexus.streams.core.settings.Settings;

/** {@code --webhook-url}: every incident change of the sandbox (P1–P4) goes there as generic JSON. */
final class SandboxWebhook {
    private SandboxWebhook() {}

    static Settings apply(Settings settings, String url) {
        if (url == null || url.isBlank()) {
            return settings;
        }
        String existing = settings.get(AlertSettings.ENDPOINTS);
        String sandbox = "sandbox|json|P4|" + url;
        return settings.with(AlertSettings.ENDPOINTS, existing.isBlank() ? sandbox : existing + ";" + sandbox);
    }
}
