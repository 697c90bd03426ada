-- InspectRowCounts counts the rows of every table. Tests use it to show that a refused
-- request changed nothing; keep it in step with the migrations.
-- name: InspectRowCounts :one
SELECT
  (SELECT count(*) FROM projects) AS projects,
  (SELECT count(*) FROM api_keys) AS api_keys,
  (SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL) AS revoked_api_keys,
  (SELECT coalesce(max(updated_at), 'epoch') FROM projects)::timestamptz AS projects_updated_at;
