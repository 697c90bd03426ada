-- +goose Up
-- What applications report of each use of a prompt version (POST /api/v1/analytics/track).
-- Raw events go to a table partitioned by day (one partition per UTC day, named
-- analytics_events_pYYYYMMDD, created ahead and dropped whole after the retention by a
-- periodic job), written with COPY and never read by the API: reads use the hourly rollups,
-- which each batch updates in its own transaction. The raw table has no index and no
-- foreign key, so that COPY stays cheap; its rows are the record behind the rollups.
CREATE TABLE analytics_events (
    project_id     uuid             NOT NULL,
    prompt_id      uuid             NOT NULL,
    version_number integer          NOT NULL,
    environment    text             NOT NULL,
    key_id         uuid             NOT NULL,
    occurred_at    timestamptz      NOT NULL,
    received_at    timestamptz      NOT NULL,
    latency_ms     double precision NOT NULL,
    input_tokens   bigint           NOT NULL,
    output_tokens  bigint           NOT NULL,
    cost_usd       numeric          NOT NULL,
    success        boolean          NOT NULL,
    error          text,
    trace_id       text,
    span_id        text,
    metadata       jsonb
) PARTITION BY RANGE (occurred_at);

-- Per prompt, version, environment and UTC hour. latency_buckets counts calls per
-- latency bucket, fixed for all rows (internal/store/latency has the bounds), so histograms of
-- any hours and instances add up element by element and percentiles merge; latency_min and
-- latency_max, the fastest and slowest call, bound the estimates.
-- A row is one of several shards of its (prompt, environment, hour, version): each batch adds
-- to one shard it picks at random, so concurrent batches of the same prompts update different
-- rows and do not queue behind each other's commit (a row stays locked until its
-- transaction's commit is flushed). Reads sum the shards.
CREATE TABLE analytics_hourly (
    project_id      uuid             NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    prompt_id       uuid             NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
    environment     text             NOT NULL CONSTRAINT analytics_hourly_environment_check CHECK (environment IN ('dev', 'staging', 'production')),
    hour            timestamptz      NOT NULL,
    version_number  integer          NOT NULL,
    shard           smallint         NOT NULL DEFAULT 0,
    calls           bigint           NOT NULL,
    errors          bigint           NOT NULL,
    latency_buckets bigint[]         NOT NULL,
    latency_min     double precision NOT NULL,
    latency_max     double precision NOT NULL,
    input_tokens    bigint           NOT NULL,
    output_tokens   bigint           NOT NULL,
    cost_usd        numeric          NOT NULL,
    PRIMARY KEY (project_id, prompt_id, environment, hour, version_number, shard)
);

-- The project summary reads every prompt's rollups over a range of hours.
CREATE INDEX analytics_hourly_project_hour_idx ON analytics_hourly (project_id, hour);

-- analytics_add_counts adds two histograms element by element (an upsert's merge).
-- +goose StatementBegin
CREATE FUNCTION analytics_add_counts(a bigint[], b bigint[]) RETURNS bigint[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i)
    FROM unnest(a, b) WITH ORDINALITY AS t (x, y, i)
$$;
-- +goose StatementEnd
