-- +goose Up
-- Each usage flush records its batch's token in the statement that adds the batch's
-- counts. A flush whose outcome its instance could not learn (cancelled by a shutdown or a
-- timeout as it committed, or its connection lost) is sent again with the same token, and
-- then adds nothing: no count is written twice. Tokens go with the counts' own purge, after
-- two days; an instance retries a batch within seconds.
CREATE TABLE usage_flushes (
    token      uuid PRIMARY KEY,
    flushed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX usage_flushes_flushed_at_idx ON usage_flushes (flushed_at);
