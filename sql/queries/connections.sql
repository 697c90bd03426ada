-- name: ConnectionCreate :one
INSERT INTO connections (project_id, name, provider, base_url, api_key, default_model)
VALUES (@project_id, @name, @provider, @base_url, @api_key, sqlc.narg(default_model))
RETURNING *;

-- name: ConnectionGet :one
SELECT * FROM connections WHERE project_id = @project_id AND id = @id;

-- ConnectionGetForUpdate locks a connection for the rest of the transaction, so that
-- what an update is checked against stays what it changes.
-- name: ConnectionGetForUpdate :one
SELECT * FROM connections WHERE project_id = @project_id AND id = @id FOR UPDATE;

-- name: ConnectionList :many
SELECT * FROM connections WHERE project_id = @project_id
ORDER BY name, id
LIMIT @row_limit OFFSET @row_offset;

-- name: ConnectionCount :one
SELECT count(*) FROM connections WHERE project_id = @project_id;

-- name: ConnectionUpdate :one
UPDATE connections
SET name = coalesce(sqlc.narg(name), name),
    provider = coalesce(sqlc.narg(provider), provider),
    base_url = coalesce(sqlc.narg(base_url), base_url),
    api_key = coalesce(sqlc.narg(api_key), api_key),
    default_model = CASE WHEN @default_model_set::boolean THEN sqlc.narg(default_model) ELSE default_model END,
    updated_at = now()
WHERE project_id = @project_id AND id = @id
RETURNING *;

-- name: ConnectionDelete :one
DELETE FROM connections WHERE project_id = @project_id AND id = @id
RETURNING *;
