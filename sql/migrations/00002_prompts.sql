-- +goose Up
-- A prompt is a named slot in a project; its content lives in immutable versions.
-- version_count numbers versions: bumping it locks the row, so concurrent creates take turns.
CREATE TABLE prompts (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id    uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    slug          text        NOT NULL CONSTRAINT prompts_slug_format CHECK (slug ~ '^[a-z0-9]([a-z0-9._-]{0,98}[a-z0-9])?$'),
    name          text        NOT NULL CONSTRAINT prompts_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
    description   text        CONSTRAINT prompts_description_length CHECK (char_length(description) <= 2000),
    version_count integer     NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT prompts_project_slug_key UNIQUE (project_id, slug)
);

CREATE INDEX prompts_project_created_idx ON prompts (project_id, created_at DESC, id);

-- Versions are immutable once written; version_number counts from 1 per prompt.
CREATE TABLE prompt_versions (
    id             uuid             PRIMARY KEY DEFAULT gen_random_uuid(),
    prompt_id      uuid             NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
    version_number integer          NOT NULL CONSTRAINT prompt_versions_number_positive CHECK (version_number >= 1),
    system_prompt  text             NOT NULL,
    user_template  text             NOT NULL,
    model          text             NOT NULL CONSTRAINT prompt_versions_model_length CHECK (char_length(model) BETWEEN 1 AND 100),
    temperature    double precision NOT NULL CONSTRAINT prompt_versions_temperature_range CHECK (temperature BETWEEN 0 AND 2),
    max_tokens     integer          CONSTRAINT prompt_versions_max_tokens_positive CHECK (max_tokens >= 1),
    metadata       jsonb            NOT NULL DEFAULT '{}'::jsonb,
    message        text             CONSTRAINT prompt_versions_message_length CHECK (char_length(message) <= 1000),
    variables      text[]           NOT NULL DEFAULT '{}',
    created_by     uuid             REFERENCES api_keys (id) ON DELETE SET NULL,
    created_at     timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT prompt_versions_prompt_number_key UNIQUE (prompt_id, version_number)
);

-- The live version of a prompt in each environment.
CREATE TABLE deployments (
    prompt_id   uuid        NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
    environment text        NOT NULL CONSTRAINT deployments_environment_check CHECK (environment IN ('dev', 'staging', 'production')),
    version_id  uuid        NOT NULL REFERENCES prompt_versions (id) ON DELETE CASCADE,
    promoted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (prompt_id, environment)
);

CREATE INDEX deployments_environment_idx ON deployments (environment, prompt_id);

-- Every promotion and rollback, in order. A promotion that a rollback has undone is marked
-- reverted: the promotions not reverted form the stack that rollback walks down.
CREATE TABLE deployment_history (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    prompt_id           uuid        NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
    environment         text        NOT NULL CONSTRAINT deployment_history_environment_check CHECK (environment IN ('dev', 'staging', 'production')),
    action              text        NOT NULL CONSTRAINT deployment_history_action_check CHECK (action IN ('promote', 'rollback')),
    version_id          uuid        NOT NULL REFERENCES prompt_versions (id) ON DELETE CASCADE,
    previous_version_id uuid        REFERENCES prompt_versions (id) ON DELETE CASCADE,
    reverted            boolean     NOT NULL DEFAULT false,
    key_id              uuid        REFERENCES api_keys (id) ON DELETE SET NULL,
    key_prefix          text,
    created_at          timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX deployment_history_prompt_idx ON deployment_history (prompt_id, environment, id DESC);
