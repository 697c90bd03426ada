-- RateLimitLease takes up to @want tokens from the bucket of limit @name for @caller, which
-- holds up to @capacity tokens refilled at @per_second tokens a second (a new bucket is
-- full), and returns how many it took and when the bucket is full again. The clock is the
-- instance's (@now); a clock behind full_at adds nothing.
-- (sqlc.arg rather than @: sqlc v1.31 rewrites @want before a cast in VALUES wrongly.)
-- name: RateLimitLease :one
INSERT INTO rate_limit_buckets AS b (name, caller, full_at, taken)
VALUES (sqlc.arg(name), sqlc.arg(caller), sqlc.arg(now)::timestamptz + sqlc.arg(want)::integer / sqlc.arg(per_second)::float8 * interval '1 second', sqlc.arg(want)::integer)
ON CONFLICT (name, caller) DO UPDATE
SET taken = LEAST(sqlc.arg(want)::integer, rate_limit_tokens(b.full_at, sqlc.arg(now)::timestamptz, sqlc.arg(capacity)::float8, sqlc.arg(per_second)::float8)),
    full_at = GREATEST(b.full_at, sqlc.arg(now)::timestamptz) + LEAST(sqlc.arg(want)::integer,
        rate_limit_tokens(b.full_at, sqlc.arg(now)::timestamptz, sqlc.arg(capacity)::float8, sqlc.arg(per_second)::float8)) / sqlc.arg(per_second)::float8 * interval '1 second'
RETURNING taken, full_at;

-- RateLimitBucketPurge deletes the buckets that are full again, which are the same as none.
-- name: RateLimitBucketPurge :execrows
DELETE FROM rate_limit_buckets WHERE full_at <= @now;
