-- name: DeploymentUpsert :one
INSERT INTO deployments (prompt_id, environment, version_id, promoted_at)
VALUES (@prompt_id, @environment, @version_id, now())
ON CONFLICT (prompt_id, environment)
DO UPDATE SET version_id = excluded.version_id, promoted_at = excluded.promoted_at
RETURNING *;

-- name: DeploymentGet :one
SELECT * FROM deployments WHERE prompt_id = @prompt_id AND environment = @environment;

-- name: DeploymentListByPrompt :many
SELECT d.environment, d.version_id, d.promoted_at, v.version_number
FROM deployments d
JOIN prompt_versions v ON v.id = d.version_id
WHERE d.prompt_id = @prompt_id
ORDER BY coalesce(array_position(ARRAY['dev', 'staging', 'production'], d.environment), 4), d.environment;

-- name: DeploymentHistoryAdd :one
INSERT INTO deployment_history (prompt_id, environment, action, version_id, previous_version_id, key_id, key_prefix,
                                actor, client_address, user_agent, release_id)
VALUES (@prompt_id, @environment, @action, @version_id, sqlc.narg(previous_version_id), sqlc.narg(key_id), sqlc.narg(key_prefix),
        sqlc.narg(actor), sqlc.narg(client_address), sqlc.narg(user_agent), sqlc.narg(release_id))
RETURNING *;

-- DeploymentStackTop returns the two newest promotions of an environment that no rollback
-- has undone: the live one and the one a rollback returns to.
-- name: DeploymentStackTop :many
SELECT * FROM deployment_history
WHERE prompt_id = @prompt_id AND environment = @environment AND action = 'promote' AND NOT reverted
ORDER BY id DESC
LIMIT 2;

-- name: DeploymentHistoryRevert :exec
UPDATE deployment_history SET reverted = true WHERE id = @id;

-- name: DeploymentHistoryList :many
SELECT h.*, v.version_number
FROM deployment_history h
JOIN prompt_versions v ON v.id = h.version_id
WHERE h.prompt_id = @prompt_id
  AND (sqlc.narg(environment)::text IS NULL OR h.environment = sqlc.narg(environment))
ORDER BY h.id DESC
LIMIT @row_limit OFFSET @row_offset;

-- name: DeploymentHistoryCount :one
SELECT count(*) FROM deployment_history
WHERE prompt_id = @prompt_id
  AND (sqlc.narg(environment)::text IS NULL OR environment = sqlc.narg(environment));


-- DeploymentDelete removes a prompt from an environment, returning what was live there.
-- name: DeploymentDelete :one
DELETE FROM deployments WHERE prompt_id = @prompt_id AND environment = @environment
RETURNING *;

-- DeploymentHistoryRevertAll marks every standing promotion of an environment undone, so
-- that after an undeploy a rollback has nothing to return to.
-- name: DeploymentHistoryRevertAll :exec
UPDATE deployment_history SET reverted = true
WHERE prompt_id = @prompt_id AND environment = @environment AND action = 'promote' AND NOT reverted;
