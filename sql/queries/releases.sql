-- name: ReleaseInsert :one
INSERT INTO releases (project_id, environment, status, strategy, salt, scheduled_at, message, author_user_id, actor)
VALUES (@project_id, @environment, @status, @strategy, @salt, sqlc.narg(scheduled_at), sqlc.narg(message),
        sqlc.narg(author_user_id), sqlc.narg(actor))
RETURNING *;

-- name: ReleaseChangeInsert :exec
INSERT INTO release_changes (release_id, prompt_id, to_version_id) VALUES (@release_id, @prompt_id, @to_version_id);

-- name: ReleaseGet :one
SELECT * FROM releases WHERE project_id = @project_id AND id = @id;

-- ReleaseLock takes a release's row lock, for a change of its status: every change of a
-- release (a request's or a job's) holds it, so two never interleave. A deleted project's
-- releases are not found, so its jobs move none of them on.
-- name: ReleaseLock :one
SELECT r.* FROM releases r
WHERE r.id = @id
  AND EXISTS (SELECT 1 FROM projects p WHERE p.id = r.project_id AND p.deleted_at IS NULL)
FOR UPDATE OF r;

-- name: ReleaseUpdate :one
UPDATE releases
SET status = @status, percent = @percent::float8, step = @step, step_started_at = sqlc.narg(step_started_at),
    started_at = sqlc.narg(started_at), finished_at = sqlc.narg(finished_at),
    rollback_reason = sqlc.narg(rollback_reason), held_reason = sqlc.narg(held_reason), updated_at = now()
WHERE id = @id
RETURNING *;

-- ReleaseChangeList reads the changes of releases with their prompts' slugs and the numbers
-- of their versions, in slug order.
-- name: ReleaseChangeList :many
SELECT c.release_id, c.prompt_id, p.slug, c.from_version_id, fv.version_number AS from_version_number,
    c.to_version_id, tv.version_number AS to_version_number
FROM release_changes c
JOIN prompts p ON p.id = c.prompt_id
JOIN prompt_versions tv ON tv.id = c.to_version_id
LEFT JOIN prompt_versions fv ON fv.id = c.from_version_id
WHERE c.release_id = ANY(@release_ids::uuid[])
ORDER BY c.release_id, p.slug;

-- name: ReleaseChangeSetFrom :exec
UPDATE release_changes SET from_version_id = sqlc.narg(from_version_id)
WHERE release_id = @release_id AND prompt_id = @prompt_id;

-- name: ReleaseReviewInsert :exec
INSERT INTO release_reviews (release_id, user_id, decision, comment, actor)
VALUES (@release_id, @user_id, @decision, sqlc.narg(comment), @actor);

-- name: ReleaseReviewList :many
SELECT * FROM release_reviews WHERE release_id = ANY(@release_ids::uuid[]) ORDER BY created_at, user_id;

-- name: ReleaseList :many
SELECT * FROM releases r
WHERE r.project_id = @project_id
  AND (sqlc.narg(environment)::text IS NULL OR r.environment = sqlc.narg(environment))
  AND (sqlc.narg(status)::text IS NULL OR r.status = sqlc.narg(status))
  AND (sqlc.narg(prompt_id)::uuid IS NULL OR EXISTS (
      SELECT 1 FROM release_changes c WHERE c.release_id = r.id AND c.prompt_id = sqlc.narg(prompt_id)))
ORDER BY r.created_at DESC, r.id
LIMIT @row_limit OFFSET @row_offset;

-- name: ReleaseCount :one
SELECT count(*) FROM releases r
WHERE r.project_id = @project_id
  AND (sqlc.narg(environment)::text IS NULL OR r.environment = sqlc.narg(environment))
  AND (sqlc.narg(status)::text IS NULL OR r.status = sqlc.narg(status))
  AND (sqlc.narg(prompt_id)::uuid IS NULL OR EXISTS (
      SELECT 1 FROM release_changes c WHERE c.release_id = r.id AND c.prompt_id = sqlc.narg(prompt_id)));

-- ReleaseEnvironmentProtection reads what an environment requires of a release into it.
-- name: ReleaseEnvironmentProtection :one
SELECT required_approvals, required_checks, min_check_score, required_predecessor
FROM environments WHERE project_id = @project_id AND name = @name;

-- ReleaseVersionChecks reads the checks reported on versions.
-- name: ReleaseVersionChecks :many
SELECT version_id, name, status, score FROM version_checks WHERE version_id = ANY(@version_ids::uuid[]);

-- ReleaseVersionWasLive reports whether a version has ever been live in an environment.
-- name: ReleaseVersionWasLive :one
SELECT EXISTS (
    SELECT 1 FROM deployment_history
    WHERE prompt_id = @prompt_id AND environment = @environment AND version_id = @version_id
      AND action IN ('promote', 'rollback'));

-- ReleaseRollingOut is the release rolling prompts out in an environment, per prompt.
-- name: ReleaseRollingOut :many
SELECT prompt_id, release_id::uuid AS release_id FROM deployments
WHERE environment = @environment AND prompt_id = ANY(@prompt_ids::uuid[]) AND release_id IS NOT NULL;

-- ReleaseOpenWithPrompt is the oldest release not yet ended (pending approval, scheduled
-- or rolling out) that moves a prompt, if any: what deleting the prompt would take a change
-- from.
-- name: ReleaseOpenWithPrompt :many
SELECT r.id, r.environment, r.status FROM releases r JOIN release_changes c ON c.release_id = r.id
WHERE c.prompt_id = @prompt_id AND r.status IN ('pending_approval', 'scheduled', 'rolling_out')
ORDER BY r.created_at, r.id
LIMIT 1;

-- ReleasePendingWithVersion lists the oldest row_limit releases waiting for approvals or
-- checks that would make a version live: a check reported on it may let them apply. Those
-- past the limit are left to the periodic reconsideration (ReleasePendingTake).
-- name: ReleasePendingWithVersion :many
SELECT r.id FROM releases r JOIN release_changes c ON c.release_id = r.id
WHERE c.to_version_id = @version_id AND r.status = 'pending_approval'
ORDER BY r.created_at, r.id
LIMIT @row_limit;

-- ReleasePendingTake takes the next row_limit releases pending approval for the periodic
-- reconsideration: those it looked at least recently, never-looked-at first, oldest first
-- among equals; it marks them looked at now, so the next batch goes on to others. The batch
-- comes oldest first, the order they are applied in.
-- name: ReleasePendingTake :many
WITH taken AS (
    UPDATE releases SET considered_at = now()
    WHERE id IN (
        SELECT p.id FROM releases p WHERE p.status = 'pending_approval'
          AND EXISTS (SELECT 1 FROM projects pr WHERE pr.id = p.project_id AND pr.deleted_at IS NULL)
        ORDER BY p.considered_at NULLS FIRST, p.created_at, p.id
        LIMIT @row_limit)
    RETURNING id, created_at)
SELECT id FROM taken ORDER BY created_at, id;

-- ReleaseDeploymentCandidate starts serving a release's candidate to its share of subjects.
-- name: ReleaseDeploymentCandidate :one
UPDATE deployments SET release_id = @release_id, candidate_version_id = @candidate_version_id
WHERE prompt_id = @prompt_id AND environment = @environment
RETURNING *;

-- ReleaseDeploymentEnd ends a release's split of a deployment, leaving version_id live.
-- name: ReleaseDeploymentEnd :exec
UPDATE deployments SET release_id = NULL, candidate_version_id = NULL
WHERE prompt_id = @prompt_id AND environment = @environment AND release_id = @release_id;

