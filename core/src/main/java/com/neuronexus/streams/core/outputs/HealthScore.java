package com.neuronexus.streams.core.outputs;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.neuronexus.streams.core.json.RawJsonDeserializer;
import java.time.Instant;

/**
 * {@code ops.health} / table {@code health_scores} (primary key {@code ts}): the system health every interval
 * of event time (DESIGN §5). {@code components} holds each part's points and its inputs; {@code gates} the
 * deployment gates with their verdicts. {@code safeMode} is the safe-mode state after this score.
 */
public record HealthScore(
        Instant ts,
        double score,
        String grade,
        @JsonRawValue @JsonDeserialize(using = RawJsonDeserializer.class) String components,
        boolean safeMode,
        boolean deployAllowed,
        @JsonRawValue @JsonDeserialize(using = RawJsonDeserializer.class) String gates,
        int openIncidents) {}
