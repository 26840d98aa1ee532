package com.neuronexus.streams.connectors.serde;

import com.neuronexus.streams.core.settings.PlatformSettings;
import com.neuronexus.streams.core.settings.Settings;
import java.io.Serializable;

/**
 * Plausibility limits applied to every input message. A timestamp before 1970 or more than
 * {@code maxFutureMs} ahead of the wall clock is rejected: the only wall-clock read on the input path,
 * so replays of past data are unaffected.
 */
public record DecodeLimits(int maxMessageBytes, long maxFutureMs) implements Serializable {
    public static DecodeLimits from(Settings settings) {
        return new DecodeLimits(
                settings.get(PlatformSettings.EVENTS_MAX_MESSAGE_BYTES), settings.get(PlatformSettings.EVENTS_MAX_FUTURE_MS));
    }

    public static DecodeLimits defaults() {
        return from(Settings.defaults());
    }
}
