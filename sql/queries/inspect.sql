-- InspectRowCounts counts the rows of every table, of one project's when project_id is
-- given (null: every project's). Tests use it to show that a refused request changed
-- nothing, in the whole database or, on an instance other tests share, in the project that
-- sent it; keep it in step with the migrations.
-- name: InspectRowCounts :one
WITH scope AS (
  -- The project's id even when the project is gone, so that what a deletion left is counted.
  SELECT id FROM projects WHERE sqlc.narg(project_id)::uuid IS NULL
  UNION ALL SELECT sqlc.narg(project_id)::uuid WHERE sqlc.narg(project_id)::uuid IS NOT NULL
)
SELECT
  (SELECT count(*) FROM projects WHERE id IN (SELECT id FROM scope)) AS projects,
  (SELECT count(*) FROM api_keys WHERE project_id IN (SELECT id FROM scope)) AS api_keys,
  (SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL AND project_id IN (SELECT id FROM scope)) AS revoked_api_keys,
  (SELECT coalesce(max(updated_at), 'epoch') FROM projects WHERE id IN (SELECT id FROM scope))::timestamptz AS projects_updated_at,
  (SELECT count(*) FROM prompts WHERE project_id IN (SELECT id FROM scope)) AS prompts,
  (SELECT coalesce(max(updated_at), 'epoch') FROM prompts WHERE project_id IN (SELECT id FROM scope))::timestamptz AS prompts_updated_at,
  (SELECT count(*) FROM prompt_versions v JOIN prompts p ON p.id = v.prompt_id WHERE p.project_id IN (SELECT id FROM scope)) AS prompt_versions,
  (SELECT count(*) FROM deployments d JOIN prompts p ON p.id = d.prompt_id WHERE p.project_id IN (SELECT id FROM scope)) AS deployments,
  (SELECT coalesce(max(d.promoted_at), 'epoch') FROM deployments d JOIN prompts p ON p.id = d.prompt_id
   WHERE p.project_id IN (SELECT id FROM scope))::timestamptz AS deployments_promoted_at,
  (SELECT count(*) FROM deployment_history h JOIN prompts p ON p.id = h.prompt_id WHERE p.project_id IN (SELECT id FROM scope)) AS deployment_history,
  (SELECT count(*) FROM events WHERE project_id IN (SELECT id FROM scope)) AS events,
  (SELECT count(*) FROM webhooks WHERE project_id IN (SELECT id FROM scope)) AS webhooks,
  (SELECT coalesce(max(updated_at), 'epoch') FROM webhooks WHERE project_id IN (SELECT id FROM scope))::timestamptz AS webhooks_updated_at,
  (SELECT count(*) FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE w.project_id IN (SELECT id FROM scope)) AS webhook_deliveries,
  (SELECT count(*) FROM idempotency_keys WHERE project_id IN (SELECT id FROM scope)) AS idempotency_keys,
  (SELECT count(*) FROM analytics_events WHERE project_id IN (SELECT id FROM scope)) AS analytics_events,
  (SELECT count(*) FROM analytics_hourly WHERE project_id IN (SELECT id FROM scope)) AS analytics_hourly,
  (SELECT count(*) FROM project_members WHERE project_id IN (SELECT id FROM scope)) AS project_members,
  (SELECT count(*) FROM invitations WHERE project_id IN (SELECT id FROM scope)) AS invitations,
  (SELECT count(*) FROM environments WHERE project_id IN (SELECT id FROM scope)) AS environments,
  (SELECT coalesce(max(updated_at), 'epoch') FROM environments WHERE project_id IN (SELECT id FROM scope))::timestamptz AS environments_updated_at,
  (SELECT count(*) FROM version_checks c JOIN prompt_versions v ON v.id = c.version_id JOIN prompts p ON p.id = v.prompt_id
   WHERE p.project_id IN (SELECT id FROM scope)) AS version_checks;

-- InspectTerminateListeners cuts every session of this database that is waiting on LISTEN
-- on channel, so tests can see the listener reconnect and flush what it cached.
-- name: InspectTerminateListeners :one
SELECT count(pg_terminate_backend(pid)) FROM pg_catalog.pg_stat_activity
WHERE datname = current_database() AND query LIKE '%LISTEN %' || @channel::text || '%' AND pid <> pg_backend_pid();
