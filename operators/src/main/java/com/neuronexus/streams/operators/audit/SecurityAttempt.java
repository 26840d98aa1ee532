package com.neuronexus.streams.operators.audit;

import com.neuronexus.streams.core.events.AuditEvent;
import com.neuronexus.streams.core.events.AuditOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * One authentication attempt as seen by one subject: the same login event yields one attempt for its actor
 * (subjectType ACTOR) and one for its IP (subjectType IP). Keyed by {@link #key()}.
 */
public record SecurityAttempt(
        String subject, String subjectType, String actor, String eventId, long ts, boolean success) {

    public static final String ACTOR = "ACTOR";
    public static final String IP = "IP";

    public String key() {
        return subjectType + ":" + subject;
    }

    /** Attempts of a login-type event with outcome SUCCESS or FAILURE; nothing for other events. */
    public static List<SecurityAttempt> of(AuditEvent e, BruteForceDetector.Config config) {
        List<SecurityAttempt> out = new ArrayList<>(2);
        if (e == null || e.ts() == null || !config.isLogin(e.action())
                || (e.outcome() != AuditOutcome.FAILURE && e.outcome() != AuditOutcome.SUCCESS)) {
            return out;
        }
        boolean success = e.outcome() == AuditOutcome.SUCCESS;
        long ts = e.ts().toEpochMilli();
        if (e.actor() != null && !e.actor().isBlank()) {
            out.add(new SecurityAttempt(e.actor(), ACTOR, e.actor(), e.eventId(), ts, success));
        }
        if (e.ip() != null && !e.ip().isBlank()) {
            out.add(new SecurityAttempt(e.ip(), IP, e.actor(), e.eventId(), ts, success));
        }
        return out;
    }
}
