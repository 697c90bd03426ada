-- +goose Up
-- Provider connections (issue 24): where the playground sends a rendered version. The API
-- key is sealed like webhook secrets (AES-256-GCM under the operator's key,
-- internal/secrets) and never answered.
CREATE TABLE connections (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id    uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name          text        NOT NULL CONSTRAINT connections_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
    provider      text        NOT NULL CONSTRAINT connections_provider_known CHECK (provider IN ('openai', 'anthropic')),
    base_url      text        NOT NULL CONSTRAINT connections_base_url_length CHECK (char_length(base_url) BETWEEN 1 AND 2048),
    api_key       text        NOT NULL,
    default_model text        CONSTRAINT connections_default_model_length CHECK (char_length(default_model) BETWEEN 1 AND 200),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT connections_project_name_key UNIQUE (project_id, name)
);

COMMENT ON COLUMN connections.api_key IS 'The provider''s API key, sealed (v1:…); never answered.';
