-- +goose Up
-- Usage, counted in memory by each instance and added here once per flush interval: a
-- flush upserts with requests = requests + the instance's count, so several instances
-- flushing into one row sum. A key fixes its environment, so rows name the key only.

-- Authenticated requests per project, UTC day and key (GET /api/v1/usage, 30 days).
CREATE TABLE usage_requests_daily (
    project_id uuid   NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    day        date   NOT NULL,
    key_id     uuid   NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    requests   bigint NOT NULL CONSTRAINT usage_requests_daily_requests_check CHECK (requests >= 0),
    PRIMARY KEY (project_id, day, key_id)
);

-- Resolve and render calls per project, hour, key and prompt version ("which
-- applications run which version", the last 24 hours).
CREATE TABLE usage_resolves_hourly (
    project_id     uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    hour           timestamptz NOT NULL,
    key_id         uuid        NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    prompt_id      uuid        NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
    version_number integer     NOT NULL,
    calls          bigint      NOT NULL CONSTRAINT usage_resolves_hourly_calls_check CHECK (calls >= 0),
    PRIMARY KEY (project_id, hour, key_id, prompt_id, version_number)
);
