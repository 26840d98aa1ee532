-- DemandJob outputs (DESIGN §4). Column names are the snake_cased components of the core output records
-- (com.neuronexus.streams.core.outputs.*); the JDBC sink upserts on the primary keys declared in Topic.

CREATE TABLE IF NOT EXISTS forecasts (
    sku               text             NOT NULL,
    as_of             timestamptz      NOT NULL,
    bucket            text             NOT NULL,
    horizon           integer          NOT NULL,
    points            jsonb            NOT NULL,
    lower             jsonb            NOT NULL,
    upper             jsonb            NOT NULL,
    interval_level    double precision NOT NULL,
    std               double precision NOT NULL,
    lead_time_days    double precision NOT NULL,
    lead_time_demand  double precision NOT NULL,
    four_week_demand  double precision NOT NULL,
    model             text             NOT NULL,
    model_reason      text             NOT NULL,
    demand_class      text             NOT NULL,
    adi               double precision,
    cv2               double precision,
    history_buckets   integer          NOT NULL,
    mape              double precision,
    wape              double precision,
    mase              double precision,
    bias              double precision,
    PRIMARY KEY (sku, as_of)
);
COMMENT ON TABLE forecasts IS
    'Per-SKU demand forecast published at each bucket close (as_of = end of the closed bucket). points[i] is the '
    'forecast for the (i+1)-th next bucket, lower/upper its interval at interval_level; std is the one-step error '
    'std from rolling out-of-sample errors; model and model_reason say which model won and why; accuracy columns '
    'are rolling over all horizon steps (MAPE/WAPE in percent, bias = mean(forecast - actual)).';
CREATE INDEX IF NOT EXISTS forecasts_as_of_idx ON forecasts (as_of);

CREATE TABLE IF NOT EXISTS reorder_recommendations (
    recommendation_id   text             PRIMARY KEY,
    sku                 text             NOT NULL,
    as_of               timestamptz      NOT NULL,
    abc_class           text,
    service_level       double precision,
    z                   double precision,
    avg_daily_demand    double precision,
    std_daily_demand    double precision,
    lead_time_days      double precision,
    safety_stock        double precision,
    reorder_point       double precision,
    on_hand             double precision NOT NULL,
    on_order            double precision NOT NULL,
    stock_position      double precision NOT NULL,
    should_reorder      boolean          NOT NULL,
    order_qty           double precision NOT NULL,
    priority            text             NOT NULL,
    days_until_stockout double precision,
    auto_approve        boolean          NOT NULL,
    reason              text             NOT NULL,
    triggered_by        text             NOT NULL
);
COMMENT ON TABLE reorder_recommendations IS
    'Reorder decisions, one row per material change (should_reorder flips, priority changes, order_qty moves by '
    'a lot, auto_approve flips). Figures are NULL while a SKU waits for item master data or demand history; '
    'reason says why. triggered_by: USAGE, STOCK, ITEM, FORECAST or CLASS. The current decision of a SKU is its '
    'newest row (see view current_reorder_recommendations).';
CREATE INDEX IF NOT EXISTS reorder_recommendations_sku_as_of_idx ON reorder_recommendations (sku, as_of DESC);
CREATE INDEX IF NOT EXISTS reorder_recommendations_open_idx
    ON reorder_recommendations (priority, as_of DESC) WHERE should_reorder;

CREATE OR REPLACE VIEW current_reorder_recommendations AS
SELECT DISTINCT ON (sku) *
FROM reorder_recommendations
ORDER BY sku, as_of DESC, recommendation_id DESC;
COMMENT ON VIEW current_reorder_recommendations IS 'The newest recommendation of every SKU.';

CREATE TABLE IF NOT EXISTS forecast_accuracy (
    sku                        text             NOT NULL,
    as_of                      timestamptz      NOT NULL,
    bucket                     text             NOT NULL,
    scored                     double precision NOT NULL,
    mape                       double precision,
    wape                       double precision,
    mase                       double precision,
    bias                       double precision,
    by_step                    jsonb            NOT NULL,
    high_variance              boolean,
    drift_p_value              double precision,
    drift_recent_mean_error    double precision,
    drift_baseline_mean_error  double precision,
    drift                      boolean          NOT NULL,
    PRIMARY KEY (sku, as_of)
);
COMMENT ON TABLE forecast_accuracy IS
    'Rolling accuracy of a SKU''s published forecasts at each bucket close: MAPE over non-zero actuals and WAPE '
    '(percent), MASE, bias, and by_step (one object per horizon step). drift: Welch t-test of the last 4 weeks'' '
    'absolute one-step errors against weeks 5-16 gave p < demand.drift-p-value with the recent mean higher.';
CREATE INDEX IF NOT EXISTS forecast_accuracy_as_of_idx ON forecast_accuracy (as_of);
CREATE INDEX IF NOT EXISTS forecast_accuracy_drift_idx ON forecast_accuracy (as_of DESC) WHERE drift;
