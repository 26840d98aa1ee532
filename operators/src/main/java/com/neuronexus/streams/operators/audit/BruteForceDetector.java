package com.neuronexus.streams.operators.audit;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Brute-force detection for ONE subject (an actor, or an IP): failed authentications in a sliding event-time
 * window; at {@code threshold} failures the subject is blocked for {@code blockMillis}. A success by actor A
 * forgets A's failures only — for an actor subject that is all of them, for an IP subject the other actors'
 * failures from that IP keep counting. Attempts must be fed in event-time order.
 *
 * <p>State is an immutable {@link State} value so the Flink function can keep it in one ValueState.
 */
public final class BruteForceDetector implements Serializable {

    public record Config(int threshold, long windowMillis, long blockMillis, Set<String> loginActions)
            implements Serializable {
        public Config {
            if (threshold < 1 || windowMillis < 1 || blockMillis < 1) {
                throw new IllegalArgumentException("brute-force threshold, window and block must be positive");
            }
            loginActions = loginActions.stream().map(a -> a.trim().toLowerCase(Locale.ROOT))
                    .filter(a -> !a.isEmpty()).collect(Collectors.toUnmodifiableSet());
        }

        public static Config of(int threshold, long windowMillis, long blockMillis, String commaSeparatedActions) {
            return new Config(threshold, windowMillis, blockMillis, Set.of(commaSeparatedActions.split(",")));
        }

        public boolean isLogin(String action) {
            return action != null && loginActions.contains(action.trim().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Failures still in the window (event time and actor, oldest first) and the end of the current block
     * (0 = not blocked).
     */
    public record State(long[] failureTimes, String[] failureActors, long blockedUntil) implements Serializable {
        public static final State EMPTY = new State(new long[0], new String[0], 0);

        public boolean isEmpty() {
            return failureTimes.length == 0 && blockedUntil == 0;
        }

        public int failures() {
            return failureTimes.length;
        }
    }

    /** A new block: from {@code since} to {@code until}, after {@code failures} failures. */
    public record Block(long since, long until, int failures) {}

    /** The state after an attempt, and the block it started (null if none). */
    public record Step(State state, Block block) {}

    private final Config config;

    public BruteForceDetector(Config config) {
        this.config = config;
    }

    public Step onAttempt(State state, long ts, String actor, boolean success) {
        State current = evict(state, ts);
        if (success) {
            return new Step(forget(current, actor), null);
        }
        long[] times = Arrays.copyOf(current.failureTimes(), current.failureTimes().length + 1);
        String[] actors = Arrays.copyOf(current.failureActors(), current.failureActors().length + 1);
        times[times.length - 1] = ts;
        actors[actors.length - 1] = actor;
        boolean blocked = current.blockedUntil() > ts;
        if (!blocked && times.length >= config.threshold()) {
            long until = ts > Long.MAX_VALUE - config.blockMillis() ? Long.MAX_VALUE : ts + config.blockMillis();
            // The failures are spent on this block; a new block needs a new run of failures after it.
            return new Step(new State(new long[0], new String[0], until), new Block(ts, until, times.length));
        }
        return new Step(new State(times, actors, current.blockedUntil()), null);
    }

    /** Drops the failures that left the window at {@code now} and a block that has ended by then. */
    public State evict(State state, long now) {
        long horizon = now - config.windowMillis();
        int keepFrom = 0;
        while (keepFrom < state.failureTimes().length && state.failureTimes()[keepFrom] <= horizon) {
            keepFrom++;
        }
        long blockedUntil = state.blockedUntil() <= now ? 0 : state.blockedUntil();
        if (keepFrom == 0 && blockedUntil == state.blockedUntil()) {
            return state;
        }
        return new State(Arrays.copyOfRange(state.failureTimes(), keepFrom, state.failureTimes().length),
                Arrays.copyOfRange(state.failureActors(), keepFrom, state.failureActors().length), blockedUntil);
    }

    /** When the state next changes without input: a block ends or the oldest failure leaves the window. */
    public long nextChange(State state) {
        long next = Long.MAX_VALUE;
        if (state.blockedUntil() > 0) {
            next = state.blockedUntil();
        }
        if (state.failureTimes().length > 0) {
            next = Math.min(next, state.failureTimes()[0] + config.windowMillis());
        }
        return next;
    }

    private static State forget(State state, String actor) {
        int kept = 0;
        long[] times = new long[state.failureTimes().length];
        String[] actors = new String[times.length];
        for (int i = 0; i < times.length; i++) {
            if (!java.util.Objects.equals(state.failureActors()[i], actor)) {
                times[kept] = state.failureTimes()[i];
                actors[kept] = state.failureActors()[i];
                kept++;
            }
        }
        return new State(Arrays.copyOf(times, kept), Arrays.copyOf(actors, kept), state.blockedUntil());
    }
}
