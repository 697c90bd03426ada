-- name: ProjectCreate :one
INSERT INTO projects (name, slug, description)
VALUES (@name, @slug, sqlc.narg(description))
RETURNING *;

-- name: ProjectGet :one
SELECT * FROM projects WHERE id = @id;

-- name: ProjectIDBySlug :one
SELECT id FROM projects WHERE slug = @slug;

-- ProjectUpdate keeps every field whose parameter is null; description is cleared
-- only when description_set is true and description is null.
-- name: ProjectUpdate :one
UPDATE projects
SET name = coalesce(sqlc.narg(name), name),
    slug = coalesce(sqlc.narg(slug), slug),
    description = CASE WHEN @description_set::boolean THEN sqlc.narg(description) ELSE description END,
    updated_at = now()
WHERE id = @id
RETURNING *;

-- ProjectLock serialises writes that must see a project's keys, prompts or webhooks as a
-- whole, such as revoking what might be its last admin key or creating one within a quota.
-- NO KEY UPDATE, not UPDATE: the writes holding it take turns, while inserts that only
-- reference the project (every event's row) need not wait for them.
-- name: ProjectLock :exec
SELECT id FROM projects WHERE id = @id FOR NO KEY UPDATE;

-- ProjectDeleteAnalytics empties a project's analytics events, which (partitioned, and
-- written at a rate no foreign key check should slow) do not cascade with the project.
-- name: ProjectDeleteAnalytics :exec
DELETE FROM analytics_events WHERE project_id = @id::uuid;

-- ProjectDelete removes a project; every other table that holds a project's rows refers to
-- it ON DELETE CASCADE (console sessions that picked it: SET NULL).
-- name: ProjectDelete :execrows
DELETE FROM projects WHERE id = @id;
