package com.neuronexus.streams.connectors.serde;

/** Why a message cannot be used; the message text becomes the dead letter's {@code error}. */
public class InvalidEventException extends Exception {
    public InvalidEventException(String message) {
        super(message, null, false, false);
    }
}
