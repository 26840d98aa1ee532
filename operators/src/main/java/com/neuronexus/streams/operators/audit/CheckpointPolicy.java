package com.neuronexus.streams.operators.audit;

import java.io.Serializable;

/**
 * When a chain publishes a checkpoint: after {@code everyEvents} rows, or once the open segment spans
 * {@code everyMillis} of event time. A segment is closed BEFORE the first row whose event time is at or
 * past {@code segmentStart + everyMillis}, so segment boundaries depend on event time only (not on when
 * watermarks happen to arrive) and a replay yields the same checkpoints.
 */
public record CheckpointPolicy(int everyEvents, long everyMillis) implements Serializable {

    public CheckpointPolicy {
        if (everyEvents < 1 || everyMillis < 1) {
            throw new IllegalArgumentException("checkpoint policy needs everyEvents >= 1 and everyMillis >= 1");
        }
    }

    /** After appending a row: is the segment full? */
    public boolean fullAfterAppend(long segmentCount) {
        return segmentCount >= everyEvents;
    }

    /** Before appending a row at {@code eventTime} (or when event time reaches it): is the segment's time up? */
    public boolean timeUp(long segmentCount, long segmentStartMillis, long eventTimeMillis) {
        return segmentCount > 0 && eventTimeMillis - segmentStartMillis >= everyMillis;
    }

    /** Event time at which an open segment started at {@code segmentStartMillis} must be closed. */
    public long deadline(long segmentStartMillis) {
        return segmentStartMillis > Long.MAX_VALUE - everyMillis ? Long.MAX_VALUE : segmentStartMillis + everyMillis;
    }
}
