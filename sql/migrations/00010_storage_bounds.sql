-- +goose Up
-- Idempotency keys belong to the API key that sent them, as Stripe keeps them, rather than
-- to the project: a key of the project claiming an Idempotency-Key (a prompts:read key's
-- render or track) made another key's write with it a 409 for 24 hours, and a 409 told any
-- key that another had used it. Rows are found by api_key_id, and what is derived from the
-- Idempotency-Key is salted with it. The answers stored so far, derived the old way, could
-- no longer be found: they are dropped (a retry across the upgrade is done again).
DELETE FROM idempotency_keys;
ALTER TABLE idempotency_keys
    ADD COLUMN api_key_id uuid NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    DROP CONSTRAINT idempotency_keys_project_key_key,
    ADD CONSTRAINT idempotency_keys_api_key_key UNIQUE (api_key_id, key_hash);

-- answer_kept is false for a request that was done while its project's stored answers were
-- at their quota (PROMPTOPS_QUOTA_IDEMPOTENCY_BYTES): its key stays claimed, so the request
-- is never done twice, but its answer (response_body and response_headers left empty) is
-- not kept, and a retry is told so.
ALTER TABLE idempotency_keys ADD COLUMN answer_kept boolean NOT NULL DEFAULT true;

-- What a project's analytics and stored idempotent answers take, in bytes, for their
-- quotas (PROMPTOPS_QUOTA_ANALYTICS_BYTES, PROMPTOPS_QUOTA_IDEMPOTENCY_BYTES): added as they
-- are written, per UTC day (analytics) or hour (idempotency) of the write, and deleted once
-- what they count has been (past the analytics retention; 24 hours). Counting as written,
-- rather than measuring tables, keeps each check one indexed sum. A row is one of several
-- shards of its (project, kind, period): each write adds to one picked at random, so that
-- concurrent batches of a project do not queue on one row until each other's commit, as the
-- rollups do not.
CREATE TABLE storage_usage (
    project_id uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind       text        NOT NULL CONSTRAINT storage_usage_kind_check CHECK (kind IN ('analytics', 'idempotency')),
    period     timestamptz NOT NULL,
    shard      smallint    NOT NULL,
    bytes      bigint      NOT NULL,
    PRIMARY KEY (project_id, kind, period, shard)
);

-- Purges delete by kind and period across projects.
CREATE INDEX storage_usage_kind_period_idx ON storage_usage (kind, period);
