-- +goose Up
-- Rate-limit buckets shared by every instance (issue 25): one row per limit and caller, so
-- that a key limited to N requests a minute gets N through any number of instances. A
-- bucket is kept as the time it is full again (the generic cell rate algorithm's one
-- timestamp): at time t it holds capacity - rate * max(0, full_at - t) tokens. A row whose
-- full_at has passed is the same as no row, so such rows are purged.
CREATE TABLE rate_limit_buckets (
    -- name is the limit (key, auth_failure, signup, run); caller whom it counts: a key's id,
    -- a client address's prefix.
    name    text        NOT NULL,
    caller  text        NOT NULL,
    full_at timestamptz NOT NULL,
    -- taken is how many tokens the latest lease took: RETURNING sees only the new row.
    taken   integer     NOT NULL CONSTRAINT rate_limit_buckets_taken_nonnegative CHECK (taken >= 0),
    PRIMARY KEY (name, caller)
);

CREATE INDEX rate_limit_buckets_full_at_idx ON rate_limit_buckets (full_at);

-- rate_limit_tokens is how many whole tokens a bucket full at full_at holds at now, with up to
-- capacity refilled at rate a second. The small epsilon absorbs the rounding of full_at to
-- microseconds, which would otherwise cost a token now and then.
CREATE FUNCTION rate_limit_tokens(full_at timestamptz, now timestamptz, capacity float8, rate float8)
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN GREATEST(0, floor(capacity + 0.001 - rate * GREATEST(0, EXTRACT(EPOCH FROM full_at - now)::float8)))::integer;
