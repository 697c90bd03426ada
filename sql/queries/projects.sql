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
-- It locks the row FOR UPDATE (an UPDATE of deleted_at alone would take NO KEY UPDATE), so
-- that it waits for the writers holding ProjectHoldLive and they for it.
-- name: ProjectMarkDeleted :execrows
WITH live AS (SELECT p.id FROM projects p WHERE p.id = @id AND p.deleted_at IS NULL FOR UPDATE)
UPDATE projects SET deleted_at = now() FROM live WHERE projects.id = live.id;

-- ProjectHoldLive finds the project if it is not deleted and keeps it so until the
-- transaction ends: a writer whose rows no foreign key ties to the project (analytics
-- events) calls it first, so that its rows commit before the mark (and the purge, queued
-- with the mark, finds them) or it finds the project deleted and writes none. Under READ
-- COMMITTED a writer that waited for the mark reads the marked row and gets no row.
-- FOR KEY SHARE, the lock a foreign key's check takes: only the mark's FOR UPDATE waits
-- for it, not ProjectLock's writers.
-- name: ProjectHoldLive :one
SELECT id FROM projects WHERE id = @id AND deleted_at IS NULL FOR KEY SHARE;
