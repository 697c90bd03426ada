-- +goose Up
-- People: accounts, their personal access tokens, their membership of projects and the
-- invitations that bring them in. API keys stay how applications authenticate; people
-- act through personal tokens (po_pat_…), each acting as its user with the user's role in
-- the project a request names.

-- A user signs in with an email, unique whatever its case, and a password stored as an
-- argon2id PHC string (internal/auth/password.go). instance_owner may create projects
-- even when project sign-up is closed. A disabled user's tokens stop working at once.
CREATE TABLE users (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    email          text        NOT NULL CONSTRAINT users_email_length CHECK (char_length(email) BETWEEN 3 AND 254),
    name           text        NOT NULL CONSTRAINT users_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
    password_hash  text        NOT NULL,
    instance_owner boolean     NOT NULL DEFAULT false,
    disabled       boolean     NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- Personal access tokens are stored as a SHA-256 hash plus a display prefix, as API keys
-- are. Sign-in makes short-lived ones.
CREATE TABLE personal_tokens (
    id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   bytea       NOT NULL CONSTRAINT personal_tokens_token_hash_key UNIQUE,
    token_prefix text        NOT NULL,
    name         text        NOT NULL CONSTRAINT personal_tokens_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
    expires_at   timestamptz,
    revoked_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX personal_tokens_user_idx ON personal_tokens (user_id, created_at DESC, id);

-- A member's role in a project; the code keeps at least one owner per project, under the
-- project's lock.
CREATE TABLE project_members (
    project_id uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       text        NOT NULL CONSTRAINT project_members_role_check CHECK (role IN ('owner', 'admin', 'publisher', 'editor', 'viewer')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, user_id)
);

CREATE INDEX project_members_user_idx ON project_members (user_id);

-- An invitation to join a project with a role, for an email; its token (po_inv_…) is
-- shown once, kept as a SHA-256 hash, and works until expires_at, once.
CREATE TABLE invitations (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id  uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    email       text        NOT NULL CONSTRAINT invitations_email_length CHECK (char_length(email) BETWEEN 3 AND 254),
    role        text        NOT NULL CONSTRAINT invitations_role_check CHECK (role IN ('admin', 'publisher', 'editor', 'viewer')),
    token_hash  bytea       NOT NULL CONSTRAINT invitations_token_hash_key UNIQUE,
    expires_at  timestamptz NOT NULL,
    accepted_at timestamptz,
    accepted_by uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX invitations_project_idx ON invitations (project_id, created_at DESC, id);
CREATE INDEX invitations_email_idx ON invitations (lower(email));

-- Idempotency-Keys belong to the caller that sent them: an API key or, now, a personal
-- token, whose id api_key_id holds, so it can no longer reference api_keys. (Keys are never
-- deleted, rows go with their project, and all expire within 24 hours.)
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_api_key_id_fkey;

-- Who made each change, as they were then: a user {type: user, id, email, name} or an API
-- key {type: key, id, prefix, label} (internal/change/events builds it); null when no one
-- did (the command line, an anonymous sign-up). Deployment history also records where the
-- request came from, as events do (00011). Rows that keys made before are given their key.
ALTER TABLE events ADD COLUMN actor jsonb;
UPDATE events e
SET actor = jsonb_build_object('type', 'key', 'id', k.id, 'prefix', k.key_prefix, 'label', k.label)
FROM api_keys k WHERE k.id = e.key_id;

ALTER TABLE deployment_history
    ADD COLUMN actor          jsonb,
    ADD COLUMN client_address inet,
    ADD COLUMN user_agent     text CONSTRAINT deployment_history_user_agent_length CHECK (octet_length(user_agent) <= 512);
UPDATE deployment_history h
SET actor = jsonb_build_object('type', 'key', 'id', k.id, 'prefix', k.key_prefix, 'label', k.label)
FROM api_keys k WHERE k.id = h.key_id;
