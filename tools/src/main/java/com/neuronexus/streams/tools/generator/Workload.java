package com.neuronexus.streams.tools.generator;

import java.time.Instant;

/**
 * One part of the workload (one topic family). It is asked for one calendar day at a time, in order, and emits
 * that day's events, none before the day starts; events may fall on later days (a receipt after its lead time),
 * the generator buffers and orders them.
 */
interface Workload {

    /**
     * @param day      calendar day index since the run's first (UTC) day, 0-based
     * @param dayStart midnight UTC of that day (day 0 may start before the run does: emit nothing before
     *                 {@link Emitter#runStart()})
     */
    void generateDay(int day, Instant dayStart, Emitter out);
}
