package com.neuronexus.streams.operators.invariants;

/**
 * A change to the drift score's counts at event time {@code ts}, for one invariant: an entity entering the
 * window (+1 checked), its latest check flipping (±1 violated), or leaving the window (−1 checked, and −1
 * violated if its latest check was a violation). {@code check} marks a delta caused by a check (as opposed
 * to a window expiry): a score is emitted only for intervals in which checks happened.
 *
 * <p>Deltas are summable, so the one place that sees all of them keeps a few counters per interval instead
 * of every entity.
 */
public record DriftDelta(long ts, Invariant invariant, int checked, int violated, boolean check) {}
