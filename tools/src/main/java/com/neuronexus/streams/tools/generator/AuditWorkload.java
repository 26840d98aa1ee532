package com.neuronexus.streams.tools.generator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.neuronexus.streams.core.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code audit.events} on two chains: {@code default} (30 application users: login, update, create, export,
 * delete, logout) and {@code admin} (3 administrators: login, grant_role, update_config, delete_user, logout).
 * Each user has one IP of its own. An ordinary failed login happens at most once per actor per day, so no actor
 * or IP reaches 5 failures in 15 minutes by chance.
 *
 * <p>Injected, with their truth in the manifest: one failed-login burst a day, alternating an ACTOR burst (even
 * days: 8 FAILURE logins against one real user, each from a different 198.51.100.x address, within 4 minutes) and
 * an IP burst (odd days: 6 FAILURE logins from one 203.0.113.x address against 6 non-existent user names), and
 * one TAMPERED_RECORD: the first event of the {@code admin} chain (45 minutes into the run) comes pre-chained with
 * the genesis prev_hash (64 zeros, correct for a first record) and row_hash = 64 'f' (wrong for any content).
 */
final class AuditWorkload implements Workload {
    static final String DEFAULT_CHAIN = "default";
    static final String ADMIN_CHAIN = "admin";
    static final int USERS = 30;
    static final int ADMINS = 3;
    static final int ACTOR_BURST_FAILURES = 8;
    static final int IP_BURST_FAILURES = 6;
    static final List<String> STUFFED_NAMES = List.of("admin", "root", "test", "guest", "oracle", "support");
    static final String GENESIS = "0".repeat(64);
    static final String TAMPERED_ROW_HASH = "f".repeat(64);
    static final Malformed.Spec SPEC = new Malformed.Spec("actor", null, null, "outcome");

    private final long seed;

    AuditWorkload(long seed) {
        this.seed = seed;
    }

    static String user(int i) {
        return String.format("user-%03d", i + 1);
    }

    static String userIp(int i) {
        return "10.0." + (i / 200) + "." + (i % 200 + 10);
    }

    @Override
    public void generateDay(int day, Instant dayStart, Emitter out) {
        SplittableRandom plan = Rand.of(seed, "audit-plan", 0, day);
        Instant burstStart = day == 0 ? out.runStart().plusSeconds(50 * 60) : dayStart.plusSeconds(1800 + plan.nextInt(22 * 3600));
        boolean actorBurst = day % 2 == 0;
        int target = plan.nextInt(USERS);
        Instant tamperTs = out.runStart().plusSeconds(45 * 60);
        boolean tamperToday = day == 0 && out.fits(tamperTs, Duration.ZERO);
        if (tamperToday) {
            ObjectNode node = event(out, tamperTs, ADMIN_CHAIN, "admin-01", "update_config", "config", "retention_days",
                    "10.1.0.10", "SUCCESS");
            ObjectNode payload = node.putObject("payload");
            payload.put("field", "retention_days");
            payload.put("old", 90);
            payload.put("new", 7);
            node.put("prev_hash", GENESIS);
            node.put("row_hash", TAMPERED_ROW_HASH);
            out.emit(Topic.AUDIT_EVENTS, ADMIN_CHAIN, node, tamperTs);
            out.inject(new Injection("TAMPERED_RECORD", Topic.AUDIT_EVENTS.topicName(), ADMIN_CHAIN, tamperTs, tamperTs,
                    Map.of("event_id", node.get("event_id").asText(), "position_in_chain", 1,
                            "prev_hash", GENESIS, "row_hash", TAMPERED_ROW_HASH)));
        }

        for (int i = 0; i < USERS; i++) {
            SplittableRandom r = Rand.of(seed, "audit-user", i, day);
            boolean mayFail = !(actorBurst && i == target);
            userDay(i, dayStart, r, mayFail, out);
        }
        for (int a = 0; a < ADMINS; a++) {
            SplittableRandom r = Rand.of(seed, "audit-admin", a, day);
            adminDay(a, dayStart, r, out, tamperToday ? tamperTs : null);
        }

        Duration burstSpan = Duration.ofMinutes(5);
        if (out.fits(burstStart, burstSpan)) {
            SplittableRandom r = Rand.of(seed, "audit-burst", 0, day);
            Instant t = burstStart;
            int failures = actorBurst ? ACTOR_BURST_FAILURES : IP_BURST_FAILURES;
            String ip = "203.0.113." + (1 + day % 250);
            for (int k = 0; k < failures; k++) {
                String actor = actorBurst ? user(target) : STUFFED_NAMES.get(k);
                String from = actorBurst ? "198.51.100." + (1 + (day * ACTOR_BURST_FAILURES + k) % 250) : ip;
                out.emit(Topic.AUDIT_EVENTS, DEFAULT_CHAIN, event(out, t, DEFAULT_CHAIN, actor, "login", null, null, from, "FAILURE"), t);
                if (k < failures - 1) {
                    t = t.plusSeconds(20 + r.nextInt(10));
                }
            }
            out.inject(new Injection(actorBurst ? "FAILED_LOGIN_BURST_ACTOR" : "FAILED_LOGIN_BURST_IP",
                    Topic.AUDIT_EVENTS.topicName(), actorBurst ? user(target) : ip, burstStart, t.plusSeconds(1),
                    Map.of("failures", failures, "subject_type", actorBurst ? "actor" : "ip")));
        }

        SplittableRandom bad = Rand.of(seed, "audit-bad", 0, day);
        for (Malformed.Planned p : Malformed.plan(day, dayStart, out, SPEC, 50)) {
            ObjectNode sample = sample(p.ts(), user(bad.nextInt(USERS)));
            out.emitMalformed(Topic.AUDIT_EVENTS, DEFAULT_CHAIN, sample, p.kind(), SPEC, p.ts());
        }
    }

    private void userDay(int i, Instant dayStart, SplittableRandom r, boolean mayFail, Emitter out) {
        boolean weekend = dayStart.atZone(java.time.ZoneOffset.UTC).getDayOfWeek().getValue() >= 6;
        int sessions = weekend ? r.nextInt(2) : 1 + r.nextInt(3);
        boolean fails = mayFail && r.nextDouble() < 0.25;
        for (int s = 0; s < sessions; s++) {
            Instant t = dayStart.plusSeconds(7 * 3600 + r.nextInt(12 * 3600));
            int actions = 2 + r.nextInt(7);
            Duration span = Duration.ofMinutes(12L * (actions + 2));
            boolean failFirst = fails && s == 0;
            Instant first = failFirst ? t.minusSeconds(40) : t;
            if (!out.fits(first, span)) {
                continue;
            }
            String actor = user(i);
            String ip = userIp(i);
            if (failFirst) {
                out.emit(Topic.AUDIT_EVENTS, DEFAULT_CHAIN, event(out, first, DEFAULT_CHAIN, actor, "login", null, null, ip, "FAILURE"), first);
            }
            out.emit(Topic.AUDIT_EVENTS, DEFAULT_CHAIN, event(out, t, DEFAULT_CHAIN, actor, "login", null, null, ip, "SUCCESS"), t);
            for (int a = 0; a < actions; a++) {
                t = t.plusSeconds(30 + r.nextInt(600));
                double u = r.nextDouble();
                String entity = Rand.pick(r, List.of("order", "item", "customer"));
                String entityId = entity.substring(0, 1).toUpperCase() + "-" + (1000 + r.nextInt(9000));
                ObjectNode node;
                if (u < 0.6) {
                    node = event(out, t, DEFAULT_CHAIN, actor, "update", entity, entityId, ip, "SUCCESS");
                    ObjectNode payload = node.putObject("payload");
                    payload.put("field", Rand.pick(r, List.of("status", "price", "quantity", "address")));
                    payload.put("old", r.nextInt(100));
                    payload.put("new", r.nextInt(100));
                } else if (u < 0.8) {
                    node = event(out, t, DEFAULT_CHAIN, actor, "create", entity, entityId, ip, "SUCCESS");
                } else if (u < 0.93) {
                    node = event(out, t, DEFAULT_CHAIN, actor, "export", entity, null, ip, "SUCCESS");
                } else {
                    node = event(out, t, DEFAULT_CHAIN, actor, "delete", entity, entityId, ip, r.nextDouble() < 0.3 ? "DENIED" : "SUCCESS");
                }
                out.emit(Topic.AUDIT_EVENTS, DEFAULT_CHAIN, node, t);
            }
            t = t.plusSeconds(30 + r.nextInt(120));
            out.emit(Topic.AUDIT_EVENTS, DEFAULT_CHAIN, event(out, t, DEFAULT_CHAIN, actor, "logout", null, null, ip, "SUCCESS"), t);
        }
    }

    private void adminDay(int a, Instant dayStart, SplittableRandom r, Emitter out, Instant tamperTs) {
        int sessions = r.nextInt(3);
        String actor = String.format("admin-%02d", a + 1);
        String ip = "10.1.0." + (10 + a);
        for (int s = 0; s < sessions; s++) {
            Instant t = dayStart.plusSeconds(8 * 3600 + r.nextInt(10 * 3600));
            int actions = 1 + r.nextInt(4);
            if (!out.fits(t, Duration.ofMinutes(12L * (actions + 2))) || (tamperTs != null && !t.isAfter(tamperTs))) {
                continue; // the tampered record is the admin chain's first event
            }
            out.emit(Topic.AUDIT_EVENTS, ADMIN_CHAIN, event(out, t, ADMIN_CHAIN, actor, "login", null, null, ip, "SUCCESS"), t);
            for (int k = 0; k < actions; k++) {
                t = t.plusSeconds(60 + r.nextInt(600));
                String action = Rand.pick(r, List.of("grant_role", "update_config", "delete_user"));
                ObjectNode node = event(out, t, ADMIN_CHAIN, actor, action, action.equals("update_config") ? "config" : "user",
                        action.equals("update_config") ? "cfg-" + r.nextInt(20) : user(r.nextInt(USERS)), ip, "SUCCESS");
                if (action.equals("grant_role")) {
                    node.putObject("payload").put("role", Rand.pick(r, List.of("viewer", "editor", "approver")));
                }
                out.emit(Topic.AUDIT_EVENTS, ADMIN_CHAIN, node, t);
            }
            t = t.plusSeconds(60);
            out.emit(Topic.AUDIT_EVENTS, ADMIN_CHAIN, event(out, t, ADMIN_CHAIN, actor, "logout", null, null, ip, "SUCCESS"), t);
        }
    }

    private static ObjectNode sample(Instant ts, String actor) {
        ObjectNode node = com.neuronexus.streams.core.json.Json.newObject();
        node.put("event_id", "");
        node.put("ts", ts.toString());
        node.put("chain", DEFAULT_CHAIN);
        node.put("actor", actor);
        node.put("action", "login");
        node.put("outcome", "SUCCESS");
        return node;
    }

    private static ObjectNode event(Emitter out, Instant ts, String chain, String actor, String action, String entity,
            String entityId, String ip, String outcome) {
        ObjectNode node = out.newEvent(Topic.AUDIT_EVENTS, ts);
        node.put("chain", chain);
        node.put("actor", actor);
        node.put("action", action);
        if (entity != null) {
            node.put("entity", entity);
        }
        if (entityId != null) {
            node.put("entity_id", entityId);
        }
        node.put("ip", ip);
        node.put("outcome", outcome);
        return node;
    }
}
