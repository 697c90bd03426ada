-- name: ProjectCreate :one
INSERT INTO projects (name, slug, description)
VALUES (@name, @slug, sqlc.narg(description))
RETURNING *;

-- ProjectGet finds a project that is not deleted (ProjectMarkDeleted).
-- name: ProjectGet :one
SELECT * FROM projects WHERE id = @id AND deleted_at IS NULL;

-- name: ProjectIDBySlug :one
SELECT id FROM projects WHERE slug = @slug AND deleted_at IS NULL;

-- ProjectUpdate keeps every field whose parameter is null; description is cleared
-- only when description_set is true and description is null.
-- name: ProjectUpdate :one
UPDATE projects
SET name = coalesce(sqlc.narg(name), name),
    slug = coalesce(sqlc.narg(slug), slug),
    description = CASE WHEN @description_set::boolean THEN sqlc.narg(description) ELSE description END,
    updated_at = now()
WHERE id = @id AND deleted_at IS NULL
RETURNING *;

-- ProjectLock serialises writes that must see a project's keys, prompts or webhooks as a
-- whole, such as revoking what might be its last admin key or creating one within a quota.
-- NO KEY UPDATE, not UPDATE: the writes holding it take turns, while inserts that only
-- reference the project (every event's row) need not wait for them.
-- name: ProjectLock :exec
SELECT id FROM projects WHERE id = @id FOR NO KEY UPDATE;

-- ProjectMarkDeleted deletes a project for every request: the queries that find a
-- project, its keys, members, invitations, deliveries and releases skip a marked one. Its
-- rows are removed afterwards, in batches (project_purge.sql); its slug is free at once.
-- name: ProjectMarkDeleted :execrows
UPDATE projects SET deleted_at = now() WHERE id = @id AND deleted_at IS NULL;
