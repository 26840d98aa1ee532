-- Incidents and health (IncidentJob). Columns are the snake_case components of core outputs Incident and
-- HealthScore; the JDBC sink upserts on the primary keys of Topic.INCIDENTS / Topic.HEALTH.

CREATE TABLE IF NOT EXISTS incidents (
    incident_id        text        PRIMARY KEY,
    event_id           text        NOT NULL,
    dedup_key          text        NOT NULL,
    source             text,
    kind               text,
    priority           text        NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
    status             text        NOT NULL CHECK (status IN ('OPEN', 'AUTO_HEALING', 'ESCALATED', 'RESOLVED')),
    last_change        text        NOT NULL,
    attempts           integer     NOT NULL,
    reopen_count       integer     NOT NULL,
    escalated          boolean     NOT NULL,
    escalation_reason  text,
    opened_at          timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    resolved_at        timestamptz,
    auto_healed        boolean     NOT NULL,
    evidence           jsonb,
    last_evidence      jsonb
);
COMMENT ON TABLE incidents IS
    'One row per incident (latest state), upserted by IncidentJob on every lifecycle change: OPEN -> AUTO_HEALING -> ESCALATED -> RESOLVED. evidence is the forensic snapshot taken at opening.';

-- "What is open right now", by priority: the health score and dashboards ask this constantly.
CREATE INDEX IF NOT EXISTS incidents_open_idx ON incidents (priority, opened_at) WHERE status <> 'RESOLVED';
CREATE INDEX IF NOT EXISTS incidents_dedup_key_idx ON incidents (dedup_key, opened_at DESC);
CREATE INDEX IF NOT EXISTS incidents_updated_at_idx ON incidents (updated_at);

CREATE TABLE IF NOT EXISTS health_scores (
    ts              timestamptz      PRIMARY KEY,
    score           double precision NOT NULL,
    grade           text             NOT NULL CHECK (grade IN ('A', 'B', 'C', 'D', 'F')),
    components      jsonb            NOT NULL,
    safe_mode       boolean          NOT NULL,
    deploy_allowed  boolean          NOT NULL,
    gates           jsonb            NOT NULL,
    open_incidents  integer          NOT NULL
);
COMMENT ON TABLE health_scores IS
    'System health every health.interval-ms of event time (DESIGN section 5): score 0-100, grade A-F, per-component points, safe mode after this score, deployment gates.';
