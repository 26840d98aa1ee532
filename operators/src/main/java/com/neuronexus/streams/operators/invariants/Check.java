package com.neuronexus.streams.operators.invariants;

import java.util.List;
import java.util.Optional;

/**
 * One evaluation of an invariant for one entity: whether it holds, what was expected, what was found, and
 * the events that were involved. Expected and actual are text so money keeps its exact decimal form.
 */
public record Check(Invariant invariant, String entity, boolean violated, String expected, String actual,
        List<String> eventIds) {

    public Check {
        eventIds = List.copyOf(eventIds);
    }

    /**
     * What this check reports given whether the entity was in violation before it: every check that finds a
     * violation is reported (a re-check while it persists is an incident attempt), a passing check only when
     * it restores a violated entity.
     */
    public Optional<ResultState> outcome(boolean wasViolated) {
        if (violated) {
            return Optional.of(ResultState.VIOLATED);
        }
        return wasViolated ? Optional.of(ResultState.CLEARED) : Optional.empty();
    }

    public enum ResultState {
        VIOLATED,
        CLEARED
    }
}
