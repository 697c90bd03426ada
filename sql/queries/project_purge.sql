-- The batches that remove a deleted project's rows (internal/store/purge), each at most
-- @row_limit rows of one table, found through indexes. A table's rows go before the rows
-- they refer to, each in batches of its own, so that no batch cascades to rows it did not
-- count: a version's checks, a delivery's attempts, a release's reviews and a key's
-- console sessions have no quota (an operator may raise the checks quota). Rows are
-- reached from the project through its prompts, webhooks, releases or keys.

-- name: PurgeDeliveryAttempts :execrows
DELETE FROM webhook_delivery_attempts WHERE id IN (
  SELECT a.id FROM webhooks w JOIN webhook_deliveries d ON d.webhook_id = w.id
  JOIN webhook_delivery_attempts a ON a.delivery_id = d.id
  WHERE w.project_id = @project_id LIMIT @row_limit);

-- name: PurgeWebhookDeliveries :execrows
DELETE FROM webhook_deliveries WHERE id IN (
  SELECT d.id FROM webhooks w JOIN webhook_deliveries d ON d.webhook_id = w.id
  WHERE w.project_id = @project_id LIMIT @row_limit);

-- name: PurgeEvents :execrows
DELETE FROM events WHERE id IN (
  SELECT t.id FROM events t WHERE t.project_id = @project_id LIMIT @row_limit);

-- name: PurgeDeploymentHistory :execrows
DELETE FROM deployment_history WHERE id IN (
  SELECT h.id FROM prompts p JOIN deployment_history h ON h.prompt_id = p.id
  WHERE p.project_id = @project_id LIMIT @row_limit);

-- name: PurgeDeployments :execrows
DELETE FROM deployments WHERE (prompt_id, environment) IN (
  SELECT d.prompt_id, d.environment FROM prompts p JOIN deployments d ON d.prompt_id = p.id
  WHERE p.project_id = @project_id LIMIT @row_limit);

-- name: PurgeReleaseChanges :execrows
DELETE FROM release_changes WHERE (release_id, prompt_id) IN (
  SELECT c.release_id, c.prompt_id FROM prompts p JOIN release_changes c ON c.prompt_id = p.id
  WHERE p.project_id = @project_id LIMIT @row_limit);

-- name: PurgeReleaseMetrics :execrows
DELETE FROM release_metrics WHERE (release_id, prompt_id, variant, shard) IN (
  SELECT m.release_id, m.prompt_id, m.variant, m.shard FROM prompts p JOIN release_metrics m ON m.prompt_id = p.id
  WHERE p.project_id = @project_id LIMIT @row_limit);

-- name: PurgeReleaseReviews :execrows
DELETE FROM release_reviews WHERE (release_id, user_id) IN (
  SELECT v.release_id, v.user_id FROM releases r JOIN release_reviews v ON v.release_id = r.id
  WHERE r.project_id = @project_id LIMIT @row_limit);

-- name: PurgeReleases :execrows
DELETE FROM releases WHERE id IN (
  SELECT t.id FROM releases t WHERE t.project_id = @project_id LIMIT @row_limit);

-- name: PurgeUsageResolves :execrows
DELETE FROM usage_resolves_hourly WHERE (project_id, hour, key_id, prompt_id, version_number) IN (
  SELECT t.project_id, t.hour, t.key_id, t.prompt_id, t.version_number FROM usage_resolves_hourly t
  WHERE t.project_id = @project_id LIMIT @row_limit);

-- name: PurgeUsageRequests :execrows
DELETE FROM usage_requests_daily WHERE (project_id, day, key_id) IN (
  SELECT t.project_id, t.day, t.key_id FROM usage_requests_daily t
  WHERE t.project_id = @project_id LIMIT @row_limit);

-- name: PurgeAnalyticsHourly :execrows
DELETE FROM analytics_hourly WHERE (project_id, prompt_id, environment, hour, version_number, shard) IN (
  SELECT t.project_id, t.prompt_id, t.environment, t.hour, t.version_number, t.shard FROM analytics_hourly t
  WHERE t.project_id = @project_id LIMIT @row_limit);

-- name: PurgeStorageUsage :execrows
DELETE FROM storage_usage WHERE (project_id, kind, period, shard) IN (
  SELECT t.project_id, t.kind, t.period, t.shard FROM storage_usage t
  WHERE t.project_id = @project_id LIMIT @row_limit);

-- name: PurgeIdempotencyKeys :execrows
DELETE FROM idempotency_keys WHERE id IN (
  SELECT t.id FROM idempotency_keys t WHERE t.project_id = @project_id LIMIT @row_limit);

-- name: PurgeVersionChecks :execrows
DELETE FROM version_checks WHERE (version_id, name) IN (
  SELECT c.version_id, c.name FROM prompts p JOIN prompt_versions v ON v.prompt_id = p.id
  JOIN version_checks c ON c.version_id = v.id
  WHERE p.project_id = @project_id LIMIT @row_limit);

-- name: PurgeVersions :execrows
DELETE FROM prompt_versions WHERE id IN (
  SELECT v.id FROM prompts p JOIN prompt_versions v ON v.prompt_id = p.id
  WHERE p.project_id = @project_id LIMIT @row_limit);

-- name: PurgePrompts :execrows
DELETE FROM prompts WHERE id IN (
  SELECT t.id FROM prompts t WHERE t.project_id = @project_id LIMIT @row_limit);

-- PurgeKeySessions removes console sessions signed in with the project's keys, each with
-- its one-time message if it has one (at most one a session): call it with half the
-- limit.
-- name: PurgeKeySessions :execrows
DELETE FROM console_sessions WHERE id_hash IN (
  SELECT s.id_hash FROM api_keys k JOIN console_sessions s ON s.key_id = k.id
  WHERE k.project_id = @project_id LIMIT @row_limit);

-- name: PurgeApiKeys :execrows
DELETE FROM api_keys WHERE id IN (
  SELECT t.id FROM api_keys t WHERE t.project_id = @project_id LIMIT @row_limit);

-- name: PurgeWebhooks :execrows
DELETE FROM webhooks WHERE id IN (
  SELECT t.id FROM webhooks t WHERE t.project_id = @project_id LIMIT @row_limit);

-- name: PurgeMembers :execrows
DELETE FROM project_members WHERE (project_id, user_id) IN (
  SELECT m.project_id, m.user_id FROM project_members m WHERE m.project_id = @project_id LIMIT @row_limit);

-- name: PurgeInvitations :execrows
DELETE FROM invitations WHERE id IN (
  SELECT i.id FROM invitations i WHERE i.project_id = @project_id LIMIT @row_limit);

-- name: PurgeConnections :execrows
DELETE FROM connections WHERE id IN (
  SELECT c.id FROM connections c WHERE c.project_id = @project_id LIMIT @row_limit);

-- PurgeSessionPicks makes console sessions that had picked the project pick none, before
-- its row goes (whose foreign key would set them all at once).
-- name: PurgeSessionPicks :execrows
UPDATE console_sessions SET project_id = NULL WHERE id_hash IN (
  SELECT s.id_hash FROM console_sessions s WHERE s.project_id = @project_id LIMIT @row_limit);

-- PurgeProject removes the deleted project's row last, with what is left that its quotas
-- bound: its environments (which refer to each other, so go in one statement) and its
-- revision.
-- name: PurgeProject :execrows
DELETE FROM projects WHERE id = @project_id AND deleted_at IS NOT NULL;
