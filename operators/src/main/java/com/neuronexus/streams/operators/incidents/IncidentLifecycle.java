package com.neuronexus.streams.operators.incidents;

import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.outputs.Incident;
import com.neuronexus.streams.core.outputs.Incident.Change;
import com.neuronexus.streams.core.outputs.Incident.Status;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;

/**
 * The incident state machine of one dedup key (DESIGN §5), without Flink: given the current incident (or
 * none) and a signal or a clock reading, it returns the next incident state, or {@code null} when nothing
 * changes. Every returned state is to be emitted (upserted and put on {@code ops.incidents}).
 *
 * <ul>
 *   <li>The first OBSERVED opens an incident (OPEN, attempts 0) whose id comes from the dedup key and the
 *       opening time; its evidence is kept as the forensic snapshot.</li>
 *   <li>Each further OBSERVED is a re-check: attempts + 1, status AUTO_HEALING. A priority only rises; a
 *       re-check that raises it is a {@link Change#RAISED} change (notified), else {@link Change#RECHECKED}.</li>
 *   <li>ESCALATED when attempts reach {@link IncidentRules#escalationAttempts()} or the incident is older than
 *       {@link IncidentRules#escalationAgeMs()} (by a later signal, or by the clock: {@link #onClock}).</li>
 *   <li>CLEARED resolves it; {@code autoHealed} is true when it never escalated.</li>
 *   <li>OBSERVED within the cooldown after resolve reopens the same incident (same id, reopenCount + 1, the
 *       reopening counts as an attempt), so a flapping condition escalates instead of paging anew each time.
 *       After the cooldown the key is forgotten ({@link #isExpired}) and the next OBSERVED opens a new one.</li>
 * </ul>
 *
 * Time only moves forward here: the caller feeds signals in event-time order.
 */
public final class IncidentLifecycle {

    /**
     * The order in which one key's signals are applied: event time, then, within one millisecond, the lifecycle
     * order of their states (OBSERVED before CLEARED), then the content id. A detector that finds a condition and
     * finds it gone in one millisecond sends OBSERVED and CLEARED with equal times; ordered by content id alone,
     * the CLEARED came first half of the time, closed nothing, and the OBSERVED then opened an incident that
     * stayed open and escalated by age. Observed-then-cleared is the only order in which both signals mean
     * something, and it is the one the detector saw.
     */
    public static final Comparator<Signal> SIGNAL_ORDER = Comparator.comparing(Signal::ts)
            .thenComparingInt(IncidentLifecycle::lifecycleRank)
            .thenComparing(Signal::eventId, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final IncidentRules rules;

    public IncidentLifecycle(IncidentRules rules) {
        this.rules = rules;
    }

    public IncidentRules rules() {
        return rules;
    }

    /** The next state after {@code signal}, or null when the signal changes nothing. */
    public Incident onSignal(Incident current, Signal signal) {
        if (signal == null || signal.ts() == null || signal.state() == null) {
            return null;
        }
        if (current != null && isExpired(current, signal.ts().toEpochMilli())) {
            current = null;
        }
        boolean observed = signal.state() == Signal.SignalState.OBSERVED;
        if (current == null) {
            return observed ? open(signal) : null;
        }
        if (current.status() == Status.RESOLVED) {
            return observed ? reopen(current, signal) : null;
        }
        return observed ? recheck(current, signal) : resolve(current, signal);
    }

    /**
     * Escalation by age at clock reading {@code nowMillis} (event time, or the deadline itself when a
     * processing-time guard fires), or null when not due. The state's time is the deadline, not the clock,
     * so the event-time path and the guard produce the same record.
     */
    public Incident onClock(Incident current, long nowMillis) {
        if (current == null || current.status() == Status.RESOLVED || current.escalated()) {
            return null;
        }
        long deadline = ageDeadline(current);
        if (nowMillis < deadline) {
            return null;
        }
        return escalate(current, current.attempts(), Instant.ofEpochMilli(deadline), "age", current.lastEvidence(),
                current.priority());
    }

    /** First instant (epoch ms) at which the incident is older than the escalation age. */
    public long ageDeadline(Incident incident) {
        return incident.openedAt().toEpochMilli() + rules.escalationAgeMs() + 1;
    }

    /**
     * The place of a state in its incident's lifecycle, for ordering the records of one incident that share
     * {@code updatedAt} (a detector's OBSERVED and CLEARED in one millisecond give OPENED and RESOLVED with equal
     * times, and their content ids order them at random). Within one incident it strictly increases from each
     * state to the next: every re-check and reopening adds to {@code attempts}, and between those the status only
     * moves forward (OPEN or AUTO_HEALING or ESCALATED, then ESCALATED by age, then RESOLVED). Steps of different
     * incidents are not comparable, nor need to be.
     */
    public static long step(Incident incident) {
        return ((long) Math.max(incident.attempts(), 0) << 2) | incident.status().ordinal();
    }

    /** OBSERVED 0, CLEARED 1: explicit, not the enum's declaration order, which nothing else depends on. */
    private static int lifecycleRank(Signal signal) {
        return signal.state() == Signal.SignalState.CLEARED ? 1 : 0;
    }

    /** When a resolved incident is forgotten: after this the next OBSERVED opens a new incident. */
    public long cooldownEnd(Incident incident) {
        return incident.resolvedAt().toEpochMilli() + rules.cooldownMs();
    }

    public boolean isExpired(Incident incident, long nowMillis) {
        return incident.status() == Status.RESOLVED && nowMillis > cooldownEnd(incident);
    }

    private Incident open(Signal signal) {
        Instant at = signal.ts();
        String id = Incident.idFor(signal.dedupKey(), at);
        String evidence = evidenceOf(signal);
        return build(id, signal.dedupKey(), signal.source(), signal.kind(), normalizePriority(signal.priority()),
                Status.OPEN, Change.OPENED, 0, 0, false, null, at, at, null, false, evidence, evidence);
    }

    private Incident recheck(Incident current, Signal signal) {
        int attempts = current.attempts() + 1;
        String priority = moreSevere(current.priority(), normalizePriority(signal.priority()));
        Change change = priority.equals(current.priority()) ? Change.RECHECKED : Change.RAISED;
        if (current.escalated()) {
            return build(current.incidentId(), current.dedupKey(), current.source(), current.kind(), priority,
                    Status.ESCALATED, change, attempts, current.reopenCount(), true,
                    current.escalationReason(), current.openedAt(), later(current.updatedAt(), signal.ts()), null,
                    false, current.evidence(), evidenceOf(signal));
        }
        String reason = escalationReason(current, attempts, signal.ts());
        if (reason != null) {
            return escalate(current, attempts, later(current.updatedAt(), signal.ts()), reason, evidenceOf(signal),
                    priority);
        }
        return build(current.incidentId(), current.dedupKey(), current.source(), current.kind(), priority,
                Status.AUTO_HEALING, change, attempts, current.reopenCount(), false, null,
                current.openedAt(), later(current.updatedAt(), signal.ts()), null, false, current.evidence(),
                evidenceOf(signal));
    }

    private Incident reopen(Incident current, Signal signal) {
        int attempts = current.attempts() + 1;
        String priority = moreSevere(current.priority(), normalizePriority(signal.priority()));
        boolean escalated = current.escalated();
        String reason = escalated ? current.escalationReason() : escalationReason(current, attempts, signal.ts());
        boolean nowEscalated = escalated || reason != null;
        return build(current.incidentId(), current.dedupKey(), current.source(), current.kind(), priority,
                nowEscalated ? Status.ESCALATED : Status.OPEN, Change.REOPENED, attempts, current.reopenCount() + 1,
                nowEscalated, reason, current.openedAt(), later(current.updatedAt(), signal.ts()), null, false,
                current.evidence(), evidenceOf(signal));
    }

    private Incident resolve(Incident current, Signal signal) {
        Instant at = later(current.updatedAt(), signal.ts());
        return build(current.incidentId(), current.dedupKey(), current.source(), current.kind(), current.priority(),
                Status.RESOLVED, Change.RESOLVED, current.attempts(), current.reopenCount(), current.escalated(),
                current.escalationReason(), current.openedAt(), at, at, !current.escalated(), current.evidence(),
                evidenceOf(signal));
    }

    private Incident escalate(Incident current, int attempts, Instant at, String reason, String lastEvidence,
            String priority) {
        return build(current.incidentId(), current.dedupKey(), current.source(), current.kind(), priority,
                Status.ESCALATED, Change.ESCALATED, attempts, current.reopenCount(), true, reason,
                current.openedAt(), at, null, false, current.evidence(), lastEvidence);
    }

    private String escalationReason(Incident current, int attempts, Instant now) {
        if (attempts >= rules.escalationAttempts()) {
            return "attempts";
        }
        if (now.toEpochMilli() >= ageDeadline(current)) {
            return "age";
        }
        return null;
    }

    private static Incident build(String id, String dedupKey, String source, String kind, String priority,
            Status status, Change change, int attempts, int reopenCount, boolean escalated, String reason,
            Instant openedAt, Instant updatedAt, Instant resolvedAt, boolean autoHealed, String evidence,
            String lastEvidence) {
        String eventId = Incident.eventIdFor(id, status, change, attempts, reopenCount, updatedAt, escalated, reason);
        return new Incident(id, eventId, dedupKey, source, kind, priority, status, change, attempts, reopenCount,
                escalated, reason, openedAt, updatedAt, resolvedAt, autoHealed, evidence, lastEvidence);
    }

    private static Instant later(Instant a, Instant b) {
        return b.isAfter(a) ? b : a;
    }

    private static String evidenceOf(Signal signal) {
        String e = signal.evidence();
        return e == null || e.isBlank() ? "{}" : e;
    }

    /** P1–P4; anything else (missing, "high", "p9") counts as P3 so it is still seen but does not page as P1. */
    public static String normalizePriority(String priority) {
        if (priority != null) {
            String p = priority.trim().toUpperCase(Locale.ROOT);
            if (p.matches("P[1-4]")) {
                return p;
            }
        }
        return "P3";
    }

    /** P1 is the most severe. */
    public static String moreSevere(String a, String b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Rank for filters: 1 for P1 … 4 for P4. */
    public static int rank(String priority) {
        return normalizePriority(priority).charAt(1) - '0';
    }
}
