-- InspectRowCounts counts the rows of every table. Tests use it to show that a refused
-- request changed nothing; keep it in step with the migrations.
-- name: InspectRowCounts :one
SELECT
  (SELECT count(*) FROM projects) AS projects,
  (SELECT count(*) FROM api_keys) AS api_keys,
  (SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL) AS revoked_api_keys,
  (SELECT coalesce(max(updated_at), 'epoch') FROM projects)::timestamptz AS projects_updated_at,
  (SELECT count(*) FROM prompts) AS prompts,
  (SELECT coalesce(max(updated_at), 'epoch') FROM prompts)::timestamptz AS prompts_updated_at,
  (SELECT count(*) FROM prompt_versions) AS prompt_versions,
  (SELECT count(*) FROM deployments) AS deployments,
  (SELECT coalesce(max(promoted_at), 'epoch') FROM deployments)::timestamptz AS deployments_promoted_at,
  (SELECT count(*) FROM deployment_history) AS deployment_history,
  (SELECT count(*) FROM events) AS events,
  (SELECT count(*) FROM webhooks) AS webhooks,
  (SELECT coalesce(max(updated_at), 'epoch') FROM webhooks)::timestamptz AS webhooks_updated_at,
  (SELECT count(*) FROM webhook_deliveries) AS webhook_deliveries,
  (SELECT count(*) FROM idempotency_keys) AS idempotency_keys,
  (SELECT count(*) FROM analytics_events) AS analytics_events,
  (SELECT count(*) FROM analytics_hourly) AS analytics_hourly;

-- InspectTerminateListeners cuts every session of this database that is waiting on LISTEN
-- on channel, so tests can see the listener reconnect and flush what it cached.
-- name: InspectTerminateListeners :one
SELECT count(pg_terminate_backend(pid)) FROM pg_catalog.pg_stat_activity
WHERE datname = current_database() AND query LIKE '%LISTEN %' || @channel::text || '%' AND pid <> pg_backend_pid();
