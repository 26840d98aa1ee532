package com.neuronexus.streams.operators.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.neuronexus.streams.core.events.Signal;
import com.neuronexus.streams.core.events.Signal.SignalState;
import com.neuronexus.streams.core.ids.ContentIds;
import com.neuronexus.streams.core.outputs.Incident;
import com.neuronexus.streams.core.outputs.Incident.Change;
import com.neuronexus.streams.core.outputs.Incident.Status;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IncidentLifecycleTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    final IncidentLifecycle lifecycle = new IncidentLifecycle(IncidentRules.defaults());

    static Signal observed(long secondsAfterT0, String evidence) {
        return Signal.of("invariants", "NO_NEGATIVE_STOCK", "sku-1", "P1", SignalState.OBSERVED,
                T0.plusSeconds(secondsAfterT0), evidence);
    }

    static Signal cleared(long secondsAfterT0) {
        return Signal.of("invariants", "NO_NEGATIVE_STOCK", "sku-1", "P1", SignalState.CLEARED,
                T0.plusSeconds(secondsAfterT0), "{}");
    }

    @Test
    void openHealResolve() {
        Incident open = lifecycle.onSignal(null, observed(0, "{\"on_hand\":-3}"));
        assertEquals(Status.OPEN, open.status());
        assertEquals(Change.OPENED, open.lastChange());
        assertEquals(0, open.attempts());
        assertEquals(Incident.idFor("NO_NEGATIVE_STOCK:sku-1", T0), open.incidentId());
        assertEquals("{\"on_hand\":-3}", open.evidence());
        assertEquals(T0, open.openedAt());

        Incident healing = lifecycle.onSignal(open, observed(60, "{\"on_hand\":-1}"));
        assertEquals(Status.AUTO_HEALING, healing.status());
        assertEquals(1, healing.attempts());
        assertEquals("{\"on_hand\":-3}", healing.evidence(), "forensic snapshot stays the opening evidence");
        assertEquals("{\"on_hand\":-1}", healing.lastEvidence());

        Incident resolved = lifecycle.onSignal(healing, cleared(120));
        assertEquals(Status.RESOLVED, resolved.status());
        assertEquals(T0.plusSeconds(120), resolved.resolvedAt());
        assertTrue(resolved.autoHealed());
        assertEquals(open.incidentId(), resolved.incidentId());
        assertNotEquals(healing.eventId(), resolved.eventId());
    }

    @Test
    void escalatesOnThirdAttempt() {
        Incident s = lifecycle.onSignal(null, observed(0, "{}"));
        s = lifecycle.onSignal(s, observed(10, "{}"));
        s = lifecycle.onSignal(s, observed(20, "{}"));
        assertEquals(Status.AUTO_HEALING, s.status());
        assertEquals(2, s.attempts());
        s = lifecycle.onSignal(s, observed(30, "{}"));
        assertEquals(Status.ESCALATED, s.status());
        assertEquals(Change.ESCALATED, s.lastChange());
        assertEquals("attempts", s.escalationReason());
        assertEquals(3, s.attempts());

        Incident again = lifecycle.onSignal(s, observed(40, "{}"));
        assertEquals(Status.ESCALATED, again.status());
        assertEquals(Change.RECHECKED, again.lastChange(), "escalation is announced once");
        assertEquals(s.alertKey(), s.incidentId() + ":ESCALATED:0:P1");

        Incident resolved = lifecycle.onSignal(again, cleared(50));
        assertEquals(Status.RESOLVED, resolved.status());
        assertFalse(resolved.autoHealed(), "an escalated incident was not auto-healed");
    }

    @Test
    void escalatesByAgeOnClockAndOnLateRecheck() {
        Incident open = lifecycle.onSignal(null, observed(0, "{}"));
        long deadline = lifecycle.ageDeadline(open);
        assertEquals(T0.toEpochMilli() + 15 * 60_000 + 1, deadline);
        assertNull(lifecycle.onClock(open, deadline - 1), "exactly 15 min old is not older than 15 min");
        Incident byClock = lifecycle.onClock(open, deadline + 5_000);
        assertEquals(Status.ESCALATED, byClock.status());
        assertEquals("age", byClock.escalationReason());
        assertEquals(Instant.ofEpochMilli(deadline), byClock.updatedAt(), "the deadline, not the clock reading");
        assertNull(lifecycle.onClock(byClock, deadline + 10_000), "escalates once");

        Incident byRecheck = lifecycle.onSignal(open, observed(16 * 60, "{}"));
        assertEquals(Status.ESCALATED, byRecheck.status());
        assertEquals("age", byRecheck.escalationReason());
        assertEquals(1, byRecheck.attempts());
    }

    @Test
    void flappingReopensTheSameIncidentAndEscalates() {
        Incident s = lifecycle.onSignal(null, observed(0, "{}"));
        String id = s.incidentId();
        s = lifecycle.onSignal(s, cleared(10));
        assertEquals(Status.RESOLVED, s.status());
        s = lifecycle.onSignal(s, observed(20, "{}"));
        assertEquals(id, s.incidentId());
        assertEquals(Status.OPEN, s.status());
        assertEquals(Change.REOPENED, s.lastChange());
        assertEquals(1, s.reopenCount());
        assertNull(s.resolvedAt());
        s = lifecycle.onSignal(lifecycle.onSignal(s, cleared(30)), observed(40, "{}"));
        s = lifecycle.onSignal(lifecycle.onSignal(s, cleared(50)), observed(60, "{}"));
        assertEquals(id, s.incidentId());
        assertEquals(3, s.attempts());
        assertEquals(Status.ESCALATED, s.status(), "three reopenings are three attempts");
        assertEquals(3, s.reopenCount());
    }

    @Test
    void afterCooldownANewIncidentOpens() {
        Incident s = lifecycle.onSignal(lifecycle.onSignal(null, observed(0, "{}")), cleared(10));
        long end = lifecycle.cooldownEnd(s);
        assertEquals(T0.toEpochMilli() + 10_000 + 300_000, end);
        assertFalse(lifecycle.isExpired(s, end));
        assertTrue(lifecycle.isExpired(s, end + 1));
        Incident fresh = lifecycle.onSignal(s, observed(10 + 301, "{}"));
        assertEquals(Change.OPENED, fresh.lastChange());
        assertNotEquals(s.incidentId(), fresh.incidentId());
        assertEquals(0, fresh.reopenCount());
    }

    @Test
    void ignoresClearedWithoutIncidentAndNormalizesOddValues() {
        assertNull(lifecycle.onSignal(null, cleared(0)));
        Incident s = lifecycle.onSignal(lifecycle.onSignal(null, observed(0, "{}")), cleared(10));
        assertNull(lifecycle.onSignal(s, cleared(20)), "a second CLEARED changes nothing");

        Signal odd = new Signal("e1", "k:x", "src", "k", " p2 ", SignalState.OBSERVED, T0, null);
        Incident o = lifecycle.onSignal(null, odd);
        assertEquals("P2", o.priority());
        assertEquals("{}", o.evidence());
        Signal worse = new Signal("e2", "k:x", "src", "k", "P1", SignalState.OBSERVED, T0.plusSeconds(1), "{}");
        Incident raised = lifecycle.onSignal(o, worse);
        assertEquals("P1", raised.priority(), "priority only rises");
        assertEquals(Change.RAISED, raised.lastChange(), "a raise is notified");
        assertEquals(raised.incidentId() + ":RAISED:0:P1", raised.alertKey());
        Signal milder = new Signal("e4", "k:x", "src", "k", "P4", SignalState.OBSERVED, T0.plusSeconds(2), "{}");
        Incident stays = lifecycle.onSignal(raised, milder);
        assertEquals("P1", stays.priority());
        assertEquals(Change.RECHECKED, stays.lastChange());
        assertEquals("P3", IncidentLifecycle.normalizePriority("urgent"));
        assertNull(lifecycle.onSignal(null, new Signal("e3", "k:x", "s", "k", "P1", null, T0, "{}")));
    }

    @Test
    void sameSignalsGiveSameIds() {
        Incident a = lifecycle.onSignal(lifecycle.onSignal(null, observed(0, "{}")), observed(5, "{}"));
        Incident b = lifecycle.onSignal(lifecycle.onSignal(null, observed(0, "{}")), observed(5, "{}"));
        assertEquals(a, b);
    }

    /**
     * The lifecycle step orders the states of one incident that share {@code updatedAt} (HealthFunction relies on
     * it): on random signal and clock sequences, many of them in one millisecond, every state of an incident comes
     * after the previous one by (updatedAt, step).
     */
    @Test
    void eachStateOfAnIncidentComesAfterThePreviousByTimeThenStep() {
        Set<Change> tiedChanges = EnumSet.noneOf(Change.class);
        int ties = 0;
        for (long seed = 1; seed <= 50; seed++) {
            Random random = new Random(seed);
            long t = T0.toEpochMilli();
            Incident current = null;
            Incident previous = null;
            for (int i = 0; i < 400; i++) {
                int jump = random.nextInt(10);
                t += jump < 6 ? 0 : jump < 9 ? random.nextInt(60_000) : random.nextInt(20 * 60_000);
                Incident next;
                int action = random.nextInt(10);
                if (action < 5) {
                    next = lifecycle.onSignal(current, Signal.of("invariants", "NO_NEGATIVE_STOCK", "sku-1",
                            "P" + (1 + random.nextInt(4)), SignalState.OBSERVED, Instant.ofEpochMilli(t), "{}"));
                } else if (action < 8) {
                    next = lifecycle.onSignal(current, Signal.of("invariants", "NO_NEGATIVE_STOCK", "sku-1", "P3",
                            SignalState.CLEARED, Instant.ofEpochMilli(t), "{}"));
                } else {
                    next = lifecycle.onClock(current, t);
                }
                if (next == null) {
                    continue;
                }
                if (previous != null && previous.incidentId().equals(next.incidentId())) {
                    String pair = "seed " + seed + ": " + previous + " -> " + next;
                    assertFalse(next.updatedAt().isBefore(previous.updatedAt()), pair);
                    if (next.updatedAt().equals(previous.updatedAt())) {
                        assertTrue(IncidentLifecycle.step(next) > IncidentLifecycle.step(previous), pair);
                        tiedChanges.add(next.lastChange());
                        ties++;
                    }
                }
                assertTrue(IncidentLifecycle.step(next) >= 0);
                previous = next;
                current = next;
            }
        }
        assertTrue(ties > 1_000, "only " + ties + " states shared their predecessor's millisecond");
        assertEquals(EnumSet.allOf(Change.class).stream().filter(c -> c != Change.OPENED).toList(),
                tiedChanges.stream().sorted().toList(), "every change after the first met a tie");
    }

    /**
     * The collision of the health-tie replay: an incident cleared at 10:20 after two re-checks is RESOLVED with
     * the same attempts and time whether it was escalated by age at 10:15 (its CLEARED applied late, or the age
     * guard fired first) or not; and an escalated one the same whether by age or by attempts. Different records,
     * so different ids; a state never escalated keeps the id it had before escalation was hashed.
     */
    @Test
    void recordsThatDifferOnlyInTheirEscalationGetDifferentIds() {
        Incident open = lifecycle.onSignal(null, observed(0, "{}"));
        Incident second = lifecycle.onSignal(lifecycle.onSignal(open, observed(60, "{}")), observed(120, "{}"));
        Incident byAge = lifecycle.onClock(second, lifecycle.ageDeadline(second));
        assertEquals("age", byAge.escalationReason());

        Incident healed = lifecycle.onSignal(second, cleared(20 * 60));
        Incident afterEscalation = lifecycle.onSignal(byAge, cleared(20 * 60));
        assertTrue(healed.autoHealed());
        assertFalse(afterEscalation.autoHealed());
        assertEquals(List.of(healed.status(), healed.lastChange(), healed.attempts(), healed.reopenCount(),
                        healed.updatedAt()),
                List.of(afterEscalation.status(), afterEscalation.lastChange(), afterEscalation.attempts(),
                        afterEscalation.reopenCount(), afterEscalation.updatedAt()), "the same place in the lifecycle");
        assertNotEquals(healed.eventId(), afterEscalation.eventId());

        // The same fields, only escalated or not, or escalated for another reason.
        Instant at = T0.plusSeconds(1200);
        String id = open.incidentId();
        String notEscalated = Incident.eventIdFor(id, Status.RESOLVED, Change.RESOLVED, 3, 0, at, false, null);
        String age = Incident.eventIdFor(id, Status.RESOLVED, Change.RESOLVED, 3, 0, at, true, "age");
        String attempts = Incident.eventIdFor(id, Status.RESOLVED, Change.RESOLVED, 3, 0, at, true, "attempts");
        assertEquals(3, Set.of(notEscalated, age, attempts).size());

        // Never escalated: the id of before (content of the status, change, attempts, reopenings and time only).
        assertEquals(ContentIds.prefixed("incev", id, Status.RESOLVED, Change.RESOLVED, 3, 0, at.toEpochMilli()),
                notEscalated);
        assertEquals(ContentIds.prefixed("incev", healed.incidentId(), healed.status(), healed.lastChange(),
                healed.attempts(), healed.reopenCount(), healed.updatedAt().toEpochMilli()), healed.eventId());
    }

    @Test
    void withinOneMillisecondObservedIsAppliedBeforeCleared() {
        for (int i = 0; i < 50; i++) {
            // Content ids of varying keys sort either way round.
            Signal o = Signal.of("invariants", "NO_NEGATIVE_STOCK", "sku-" + i, "P1", SignalState.OBSERVED, T0, "{}");
            Signal c = Signal.of("invariants", "NO_NEGATIVE_STOCK", "sku-" + i, "P1", SignalState.CLEARED, T0, "{}");
            List<Signal> sorted = new java.util.ArrayList<>(List.of(c, o));
            sorted.sort(IncidentLifecycle.SIGNAL_ORDER);
            assertEquals(List.of(o, c), sorted);
            sorted = new java.util.ArrayList<>(List.of(o, c));
            sorted.sort(IncidentLifecycle.SIGNAL_ORDER);
            assertEquals(List.of(o, c), sorted);
        }
        // Time first: a CLEARED of an earlier millisecond still comes first.
        List<Signal> sorted = new java.util.ArrayList<>(List.of(observed(1, "{}"), cleared(0)));
        sorted.sort(IncidentLifecycle.SIGNAL_ORDER);
        assertEquals(SignalState.CLEARED, sorted.get(0).state());
    }
}
