package com.neuronexus.streams.tools.infra;

/** The polling loops of the embedded services wait between probes; an interrupt there ends the wait with an error. */
final class Pause {
    private Pause() {}

    static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
