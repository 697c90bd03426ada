-- +goose Up
-- Projects own everything else; deleting one removes its keys, prompts and history.
CREATE TABLE projects (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text        NOT NULL CONSTRAINT projects_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
    description text        CONSTRAINT projects_description_length CHECK (char_length(description) <= 2000),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- API keys are stored as a SHA-256 hash plus a display prefix; the key itself never is.
CREATE TABLE api_keys (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id  uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    key_hash    bytea       NOT NULL CONSTRAINT api_keys_key_hash_key UNIQUE,
    key_prefix  text        NOT NULL,
    environment text        NOT NULL CONSTRAINT api_keys_environment_check CHECK (environment IN ('dev', 'staging', 'production')),
    label       text        CONSTRAINT api_keys_label_length CHECK (char_length(label) <= 200),
    scopes      text[]      NOT NULL CONSTRAINT api_keys_scopes_check CHECK (scopes <@ ARRAY['prompts:read', 'prompts:write', 'admin']::text[] AND cardinality(scopes) > 0),
    expires_at  timestamptz,
    revoked_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX api_keys_project_created_idx ON api_keys (project_id, created_at DESC, id);
