-- +goose Up
-- Deleting a project marks it (deleted_at) in one short transaction, and a job then removes
-- its rows in batches, each its own short transaction (internal/store/purge): one
-- transaction over everything a project holds was bounded only by its quotas and history.
-- A marked project is gone for every request from the mark on: its keys, members, slug,
-- invitations, webhook deliveries and releases are read only with a project not marked.
ALTER TABLE projects ADD COLUMN deleted_at timestamptz;

-- The slug of a deleted project is free at once, as it was when the row went with the
-- request. The index keeps the constraint's name, which the API maps to its 409.
ALTER TABLE projects DROP CONSTRAINT projects_slug_key;
CREATE UNIQUE INDEX projects_slug_key ON projects (slug) WHERE deleted_at IS NULL;

-- Removing a row makes PostgreSQL look up every row referring to it, a scan of the whole
-- referring table where no index leads with the referring column: one per row removed.
-- These indexes make each such look-up one probe, so that a batch costs what it removes.
-- Nullable columns are indexed where set, the only rows a look-up can find.
CREATE INDEX deployment_history_key_idx ON deployment_history (key_id) WHERE key_id IS NOT NULL;
CREATE INDEX deployment_history_version_idx ON deployment_history (version_id);
CREATE INDEX deployment_history_previous_version_idx ON deployment_history (previous_version_id) WHERE previous_version_id IS NOT NULL;
CREATE INDEX deployment_history_release_idx ON deployment_history (release_id) WHERE release_id IS NOT NULL;
CREATE INDEX deployments_version_idx ON deployments (version_id);
CREATE INDEX deployments_candidate_version_idx ON deployments (candidate_version_id) WHERE candidate_version_id IS NOT NULL;
CREATE INDEX deployments_release_idx ON deployments (release_id) WHERE release_id IS NOT NULL;
CREATE INDEX events_key_idx ON events (key_id) WHERE key_id IS NOT NULL;
CREATE INDEX prompt_versions_created_by_idx ON prompt_versions (created_by) WHERE created_by IS NOT NULL;
CREATE INDEX usage_requests_daily_key_idx ON usage_requests_daily (key_id);
CREATE INDEX usage_resolves_hourly_key_idx ON usage_resolves_hourly (key_id);
CREATE INDEX usage_resolves_hourly_prompt_idx ON usage_resolves_hourly (prompt_id);
CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (event_id) WHERE event_id IS NOT NULL;
CREATE INDEX release_changes_from_version_idx ON release_changes (from_version_id) WHERE from_version_id IS NOT NULL;
CREATE INDEX release_changes_to_version_idx ON release_changes (to_version_id);
CREATE INDEX release_metrics_prompt_idx ON release_metrics (prompt_id);
CREATE INDEX analytics_hourly_prompt_idx ON analytics_hourly (prompt_id);
CREATE INDEX idempotency_keys_project_idx ON idempotency_keys (project_id);
CREATE INDEX console_sessions_project_idx ON console_sessions (project_id) WHERE project_id IS NOT NULL;
