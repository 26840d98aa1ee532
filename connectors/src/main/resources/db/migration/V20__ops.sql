-- Ops capability: latency windows per (service, route) and anomaly windows per series.

CREATE TABLE IF NOT EXISTS latency_windows (
    service         text             NOT NULL,
    route           text             NOT NULL,
    window_start    timestamptz      NOT NULL,
    window_end      timestamptz      NOT NULL,
    window_seconds  integer          NOT NULL,
    window_kind     text             NOT NULL,
    request_count   bigint           NOT NULL,
    server_errors   bigint           NOT NULL,
    client_errors   bigint           NOT NULL,
    error_rate      double precision NOT NULL,
    request_rate    double precision NOT NULL,
    mean_ms         double precision NOT NULL,
    p50_ms          double precision NOT NULL,
    p95_ms          double precision NOT NULL,
    p99_ms          double precision NOT NULL,
    max_ms          double precision NOT NULL,
    -- Tumbling (10 s) and sliding (60 s) windows can start at the same instant: the size is part of the key.
    PRIMARY KEY (service, route, window_start, window_seconds)
);
COMMENT ON TABLE latency_windows IS
    'Request figures per (service, route) and event-time window (10 s tumbling, 60 s sliding by 10 s); quantiles from a DDSketch, 1 % relative accuracy';
COMMENT ON COLUMN latency_windows.error_rate IS 'share of requests with status >= 500; 4xx are counted in client_errors only';
CREATE INDEX IF NOT EXISTS latency_windows_recent ON latency_windows (window_seconds, window_start DESC);

CREATE TABLE IF NOT EXISTS anomaly_windows (
    series          text             NOT NULL,
    window_start    timestamptz      NOT NULL,
    window_end      timestamptz,
    status          text             NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    samples         integer          NOT NULL,
    peak_score      double precision NOT NULL CHECK (peak_score BETWEEN 0 AND 1),
    peak_ts         timestamptz      NOT NULL,
    peak_value      double precision NOT NULL,
    expected_value  double precision NOT NULL,
    severity        text             NOT NULL,
    last_score      double precision NOT NULL,
    detector        text             NOT NULL,
    PRIMARY KEY (series, window_start)
);
COMMENT ON TABLE anomaly_windows IS
    'One row per anomaly of a series: written OPEN when the score first reaches the open threshold, updated to CLOSED (window_end set) after the hysteresis';
CREATE INDEX IF NOT EXISTS anomaly_windows_open ON anomaly_windows (status, window_start DESC);
CREATE INDEX IF NOT EXISTS anomaly_windows_recent ON anomaly_windows (window_start DESC);
