-- Audit capability (AuditJob): the hash-chained audit log, its published checkpoints, brute-force blocks.
-- Column names equal the snake_cased components of core/outputs AuditRecord, AuditCheckpoint, SecurityBlock.

CREATE TABLE IF NOT EXISTS audit_log (
    chain      text        NOT NULL,
    seq        bigint      NOT NULL,
    event_id   text        NOT NULL,
    ts         timestamptz NOT NULL,
    actor      text,
    action     text,
    entity     text,
    entity_id  text,
    ip         text,
    outcome    text,
    payload    jsonb,
    prev_hash  text        NOT NULL,
    row_hash   text        NOT NULL,
    verified   boolean     NOT NULL,
    PRIMARY KEY (chain, seq)
);
COMMENT ON TABLE audit_log IS
    'Hash-chained audit records (audit.chain): row_hash = SHA-256(prev_hash || canonical encoding), see docs/audit.md. verified=false: a pre-chained row that failed verification in the stream.';
CREATE INDEX IF NOT EXISTS audit_log_actor_ts ON audit_log (actor, ts);
CREATE INDEX IF NOT EXISTS audit_log_entity ON audit_log (entity, entity_id, ts);
CREATE INDEX IF NOT EXISTS audit_log_ts ON audit_log (ts);
CREATE INDEX IF NOT EXISTS audit_log_unverified ON audit_log (chain, seq) WHERE NOT verified;

CREATE TABLE IF NOT EXISTS audit_checkpoints (
    chain        text        NOT NULL,
    seq          bigint      NOT NULL,
    head_hash    text        NOT NULL,
    merkle_root  text        NOT NULL,
    first_seq    bigint      NOT NULL,
    count        bigint      NOT NULL,
    ts           timestamptz NOT NULL,
    PRIMARY KEY (chain, seq)
);
COMMENT ON TABLE audit_checkpoints IS
    'Checkpoints of audit_log (audit.checkpoints): rows first_seq..seq, head row hash and RFC 6962 Merkle root of their row hashes. Copy them outside the system to make the log tamper-evident.';

CREATE TABLE IF NOT EXISTS security_blocks (
    subject       text        NOT NULL,
    subject_type  text        NOT NULL,
    since         timestamptz NOT NULL,
    until         timestamptz NOT NULL,
    reason        text        NOT NULL,
    failures      integer     NOT NULL,
    PRIMARY KEY (subject, since)
);
COMMENT ON TABLE security_blocks IS
    'Brute-force blocks (security.blocks): an actor or IP with too many failed logins in the window, blocked from since to until.';
CREATE INDEX IF NOT EXISTS security_blocks_until ON security_blocks (until);
