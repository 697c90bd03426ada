-- VersionCheckUpsert records a report of a check on a version, replacing the earlier one
-- of its name; inserted is true when there was none.
-- name: VersionCheckUpsert :one
INSERT INTO version_checks AS c (version_id, name, status, score, details_url, actor)
VALUES (@version_id, @name, @status, sqlc.narg(score), sqlc.narg(details_url), sqlc.narg(actor))
ON CONFLICT (version_id, name)
DO UPDATE SET status = excluded.status, score = excluded.score, details_url = excluded.details_url,
              actor = excluded.actor, updated_at = now()
RETURNING c.*, (xmax = 0) AS inserted;

-- VersionCheckCountOthers counts a version's checks of other names than @name: the
-- distinct names it would hold besides, as its checks quota counts them.
-- name: VersionCheckCountOthers :one
SELECT count(*) FROM version_checks WHERE version_id = @version_id AND name <> @name;

-- name: VersionCheckList :many
SELECT * FROM version_checks WHERE version_id = @version_id
ORDER BY name
LIMIT @row_limit OFFSET @row_offset;

-- name: VersionCheckCount :one
SELECT count(*) FROM version_checks WHERE version_id = @version_id;
