-- name: PromptCreate :one
INSERT INTO prompts (project_id, slug, name, description, tags)
VALUES (@project_id, @slug, @name, sqlc.narg(description), @tags)
RETURNING *;

-- name: PromptGet :one
SELECT * FROM prompts WHERE project_id = @project_id AND id = @id;

-- PromptIDBySlug finds a prompt's id from its slug, for the paths that take either.
-- name: PromptIDBySlug :one
SELECT id FROM prompts WHERE project_id = @project_id AND slug = @slug;

-- name: PromptList :many
SELECT * FROM prompts p
WHERE p.project_id = @project_id
  AND (sqlc.narg(q)::text IS NULL
       OR strpos(p.slug, lower(sqlc.narg(q))) > 0
       OR strpos(lower(p.name), lower(sqlc.narg(q))) > 0)
  AND (sqlc.narg(environment)::text IS NULL
       OR EXISTS (SELECT 1 FROM deployments d WHERE d.prompt_id = p.id AND d.environment = sqlc.narg(environment)))
  AND (sqlc.narg(tag)::text IS NULL OR sqlc.narg(tag)::text = ANY (p.tags))
ORDER BY
  CASE WHEN @sort::text = 'createdAt:asc' THEN p.created_at END ASC,
  CASE WHEN @sort::text = 'createdAt:desc' THEN p.created_at END DESC,
  CASE WHEN @sort::text = 'updatedAt:asc' THEN p.updated_at END ASC,
  CASE WHEN @sort::text = 'updatedAt:desc' THEN p.updated_at END DESC,
  CASE WHEN @sort::text = 'slug:asc' THEN p.slug END ASC,
  CASE WHEN @sort::text = 'slug:desc' THEN p.slug END DESC,
  CASE WHEN @sort::text = 'name:asc' THEN p.name END ASC,
  CASE WHEN @sort::text = 'name:desc' THEN p.name END DESC,
  p.created_at DESC, p.id
LIMIT @row_limit OFFSET @row_offset;

-- name: PromptCount :one
SELECT count(*) FROM prompts p
WHERE p.project_id = @project_id
  AND (sqlc.narg(q)::text IS NULL
       OR strpos(p.slug, lower(sqlc.narg(q))) > 0
       OR strpos(lower(p.name), lower(sqlc.narg(q))) > 0)
  AND (sqlc.narg(environment)::text IS NULL
       OR EXISTS (SELECT 1 FROM deployments d WHERE d.prompt_id = p.id AND d.environment = sqlc.narg(environment)))
  AND (sqlc.narg(tag)::text IS NULL OR sqlc.narg(tag)::text = ANY (p.tags));

-- name: PromptUpdate :one
UPDATE prompts
SET name = coalesce(sqlc.narg(name), name),
    description = CASE WHEN @description_set::boolean THEN sqlc.narg(description) ELSE description END,
    tags = coalesce(sqlc.narg(tags)::text[], tags),
    updated_at = now()
WHERE project_id = @project_id AND id = @id
RETURNING *;

-- name: PromptDelete :one
DELETE FROM prompts WHERE project_id = @project_id AND id = @id
RETURNING *;

-- PromptNextVersion takes the next version number and holds the prompt's row lock until
-- the transaction ends, which serialises version creation and deployment changes.
-- name: PromptNextVersion :one
UPDATE prompts SET version_count = version_count + 1, updated_at = now()
WHERE project_id = @project_id AND id = @id
RETURNING *;

-- PromptLock takes the prompt's row lock for a deployment change.
-- name: PromptLock :one
SELECT * FROM prompts WHERE project_id = @project_id AND id = @id FOR UPDATE;
