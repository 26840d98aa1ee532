package com.neuronexus.streams.core.outputs;

import java.time.Instant;

/**
 * A brute-force block: {@code security.blocks} / table {@code security_blocks}, primary key (subject, since).
 * {@code subjectType} is ACTOR or IP; {@code since} is the event time of the failure that crossed the
 * threshold, {@code until} when the block ends; {@code failures} the failed attempts counted in the window.
 */
public record SecurityBlock(
        String subject, String subjectType, Instant since, Instant until, String reason, int failures) {}
