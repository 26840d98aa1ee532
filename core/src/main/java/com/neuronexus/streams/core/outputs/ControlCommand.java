package com.neuronexus.streams.core.outputs;

import java.time.Instant;

/**
 * {@code ops.control} (topic only): commands to the rest of the estate, today safe mode on and off.
 * {@code eventId} is derived from the content, so a replay issues the same command ids.
 */
public record ControlCommand(String eventId, Command command, String reason, Instant ts, double score, String grade) {

    public enum Command {
        SAFE_MODE_ON,
        SAFE_MODE_OFF
    }
}
