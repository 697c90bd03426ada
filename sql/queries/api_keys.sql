-- name: ApiKeyCreate :one
INSERT INTO api_keys (project_id, key_hash, key_prefix, environment, label, scopes, expires_at)
VALUES (@project_id, @key_hash, @key_prefix, @environment, sqlc.narg(label), @scopes, sqlc.narg(expires_at))
RETURNING *;

-- ApiKeyGetByHash finds the key a request presents; revoked and expired keys are
-- returned too, so the caller can say which it is. A deleted project's keys are unknown.
-- name: ApiKeyGetByHash :one
SELECT * FROM api_keys
WHERE key_hash = @key_hash
  AND EXISTS (SELECT 1 FROM projects p WHERE p.id = api_keys.project_id AND p.deleted_at IS NULL);

-- name: ApiKeyGet :one
SELECT * FROM api_keys WHERE project_id = @project_id AND id = @id;

-- name: ApiKeyList :many
SELECT * FROM api_keys
WHERE project_id = @project_id
  AND (sqlc.narg(environment)::text IS NULL OR environment = sqlc.narg(environment))
  AND (sqlc.narg(revoked)::boolean IS NULL OR (revoked_at IS NOT NULL) = sqlc.narg(revoked))
ORDER BY
  CASE WHEN @sort::text = 'createdAt:asc' THEN created_at END ASC,
  CASE WHEN @sort::text = 'createdAt:desc' THEN created_at END DESC,
  CASE WHEN @sort::text = 'label:asc' THEN label END ASC NULLS LAST,
  CASE WHEN @sort::text = 'label:desc' THEN label END DESC NULLS LAST,
  created_at DESC, id
LIMIT @row_limit OFFSET @row_offset;

-- name: ApiKeyCount :one
SELECT count(*) FROM api_keys
WHERE project_id = @project_id
  AND (sqlc.narg(environment)::text IS NULL OR environment = sqlc.narg(environment))
  AND (sqlc.narg(revoked)::boolean IS NULL OR (revoked_at IS NOT NULL) = sqlc.narg(revoked));

-- ApiKeyRevoke keeps the first revocation time when a key is revoked twice.
-- name: ApiKeyRevoke :one
UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
WHERE project_id = @project_id AND id = @id
RETURNING *;

-- ApiKeyCountActive counts the project's usable keys, what its key quota bounds.
-- name: ApiKeyCountActive :one
SELECT count(*) FROM api_keys
WHERE project_id = @project_id
  AND revoked_at IS NULL
  AND (expires_at IS NULL OR expires_at > now());

-- ApiKeyCountOtherActiveAdmins counts the project's admin keys other than one that are not
-- revoked and never expire: a key that expires would lock the project out when it lapses.
-- name: ApiKeyCountOtherActiveAdmins :one
SELECT count(*) FROM api_keys
WHERE project_id = @project_id
  AND id <> @id
  AND 'admin' = ANY (scopes)
  AND revoked_at IS NULL
  AND expires_at IS NULL;
