-- name: EnvironmentCreate :one
INSERT INTO environments (project_id, name) VALUES (@project_id, @name)
RETURNING *;

-- name: EnvironmentGet :one
SELECT * FROM environments WHERE project_id = @project_id AND name = @name;

-- EnvironmentExists reports whether the project has an environment of that name.
-- name: EnvironmentExists :one
SELECT EXISTS (SELECT 1 FROM environments WHERE project_id = @project_id AND name = @name);

-- EnvironmentList lists the project's environments: dev, staging and production first,
-- then the others by name.
-- name: EnvironmentList :many
SELECT * FROM environments WHERE project_id = @project_id
ORDER BY coalesce(array_position(ARRAY['dev', 'staging', 'production'], name), 4), name
LIMIT @row_limit OFFSET @row_offset;

-- name: EnvironmentCount :one
SELECT count(*) FROM environments WHERE project_id = @project_id;

-- EnvironmentPredecessorChain follows required_predecessor from an environment, the
-- environment itself first: what a new predecessor is checked against for loops. A loop
-- already stored ends it (UNION drops the row seen before).
-- name: EnvironmentPredecessorChain :many
WITH RECURSIVE chain (name) AS (
    SELECT e.name FROM environments e WHERE e.project_id = @project_id AND e.name = @name
    UNION
    SELECT e.required_predecessor FROM environments e JOIN chain c ON e.name = c.name
    WHERE e.project_id = @project_id AND e.required_predecessor IS NOT NULL
)
SELECT chain.name::text FROM chain;

-- name: EnvironmentUpdateProtection :one
UPDATE environments
SET required_approvals = @required_approvals, required_checks = @required_checks,
    min_check_score = sqlc.narg(min_check_score), required_predecessor = sqlc.narg(required_predecessor),
    updated_at = now()
WHERE project_id = @project_id AND name = @name
RETURNING *;

-- EnvironmentEnsure makes the environment if the project has none of that name (the
-- playground's, made on first use).
-- name: EnvironmentEnsure :exec
INSERT INTO environments (project_id, name) VALUES (@project_id, @name)
ON CONFLICT DO NOTHING;

-- EnvironmentNamesKnown returns those of names that the project has: one query for every
-- environment a request names.
-- name: EnvironmentNamesKnown :many
SELECT name FROM environments WHERE project_id = @project_id AND name = ANY (@names::text[]);

-- EnvironmentLockDeployments takes an environment's row lock, FOR NO KEY UPDATE (which a
-- foreign key's check never waits for), held by a change of what is live there while it
-- is checked and until it commits: two changes that are each allowed alone (a partial
-- growing, a prompt including it more) are then checked one after the other, the second
-- with the first, never each without the other.
-- name: EnvironmentLockDeployments :exec
SELECT 1 FROM environments WHERE project_id = @project_id AND name = @name FOR NO KEY UPDATE;
