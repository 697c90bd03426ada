-- name: VersionCreate :one
INSERT INTO prompt_versions (prompt_id, version_number, system_prompt, user_template, model,
                             temperature, max_tokens, metadata, message, variables, created_by,
                             content, partials)
VALUES (@prompt_id, @version_number, @system_prompt, @user_template, @model,
        @temperature, sqlc.narg(max_tokens), @metadata, sqlc.narg(message), @variables, sqlc.narg(created_by),
        sqlc.narg(content), @partials)
RETURNING *;

-- name: VersionGet :one
SELECT v.* FROM prompt_versions v
JOIN prompts p ON p.id = v.prompt_id
WHERE p.project_id = @project_id AND v.prompt_id = @prompt_id AND v.id = @id;

-- VersionFind finds a version of a prompt of the project by its id or, when id is null, by
-- its number: the paths and bodies that name a version take either.
-- name: VersionFind :one
SELECT v.* FROM prompt_versions v
JOIN prompts p ON p.id = v.prompt_id
WHERE p.project_id = @project_id AND v.prompt_id = @prompt_id
  AND (v.id = sqlc.narg(id) OR v.version_number = sqlc.narg(version_number));

-- name: VersionList :many
SELECT * FROM prompt_versions
WHERE prompt_id = @prompt_id
ORDER BY
  CASE WHEN @sort::text = 'versionNumber:asc' THEN version_number END ASC,
  CASE WHEN @sort::text <> 'versionNumber:asc' THEN version_number END DESC
LIMIT @row_limit OFFSET @row_offset;

-- VersionGetByNumber finds a version of a prompt by its number (the one a diff compares
-- with by default).
-- name: VersionGetByNumber :one
SELECT * FROM prompt_versions WHERE prompt_id = @prompt_id AND version_number = @version_number;

-- VersionListNewest lists the newest versions of a prompt, newest first.
-- name: VersionListNewest :many
SELECT * FROM prompt_versions WHERE prompt_id = @prompt_id ORDER BY version_number DESC LIMIT @row_limit;

-- VersionsByID reads versions by id (the candidates of the releases a resolve or a snapshot
-- meets; versions never change, so they may be read apart from what named them).
-- name: VersionsByID :many
SELECT * FROM prompt_versions WHERE id = ANY (@ids::uuid[]);

-- VersionLock locks a version's row, so that reports of new checks on it, counted against
-- its checks quota, take turns; it leaves foreign keys to the version unblocked.
-- name: VersionLock :exec
SELECT id FROM prompt_versions WHERE id = @id FOR NO KEY UPDATE;
