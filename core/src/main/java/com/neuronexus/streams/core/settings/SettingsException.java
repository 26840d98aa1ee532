package com.neuronexus.streams.core.settings;

/** A setting that is unknown or has a value of the wrong kind: the job must not start with it. */
public class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message);
    }
}
