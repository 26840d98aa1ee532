package com.neuronexus.streams.core.events;

public enum AuditOutcome {
    SUCCESS,
    FAILURE,
    DENIED
}
