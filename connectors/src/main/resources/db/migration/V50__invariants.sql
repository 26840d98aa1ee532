-- InvariantJob (issue 7): the drift score of the ledger's business invariants (DESIGN §4, §5).
-- Violations go to ops.signals and corrections to ledger.corrections: topics only, no tables.

CREATE TABLE IF NOT EXISTS drift_scores (
    ts               timestamptz      NOT NULL PRIMARY KEY,
    score            double precision NOT NULL CHECK (score >= 0 AND score <= 100),
    invariant_scores jsonb            NOT NULL,
    checked          bigint           NOT NULL,
    violated         bigint           NOT NULL,
    window_seconds   bigint           NOT NULL
);

COMMENT ON TABLE drift_scores IS
    'Every 10 s of event time in which the ledger was checked: share (0-100) of the entities checked within the last window_seconds that keep their business invariants. Written by InvariantJob; upserted on ts.';
COMMENT ON COLUMN drift_scores.score IS 'Overall drift score: 100 x (checked - violated) / checked over all invariants; 100 when nothing was checked.';
COMMENT ON COLUMN drift_scores.invariant_scores IS 'Per invariant name: {"score": 0-100, "checked": n, "violated": n}.';
COMMENT ON COLUMN drift_scores.checked IS 'Entities (per invariant: sku, sale_id, invoice_no or customer_id) checked within the window.';
COMMENT ON COLUMN drift_scores.violated IS 'Of those, entities whose latest check found a violation.';
-- Reporting reads the latest scores and time ranges: the primary key index on ts serves both.
