-- +goose Up
-- People in the console (internal/http/console): a session belongs either to an API key,
-- as before, or to a user through a personal token that signing in made, and ends with
-- that token (revoked, expired, its user disabled: checked on every request; deleted:
-- here). project_id is the project the user picked, null until they pick one.
ALTER TABLE console_sessions
    ALTER COLUMN key_id DROP NOT NULL,
    ADD COLUMN token_id   uuid REFERENCES personal_tokens (id) ON DELETE CASCADE,
    ADD COLUMN project_id uuid REFERENCES projects (id) ON DELETE SET NULL,
    ADD CONSTRAINT console_sessions_one_caller CHECK ((key_id IS NULL) <> (token_id IS NULL));

CREATE INDEX console_sessions_token_idx ON console_sessions (token_id);

-- Single sign-on: the account a provider's subject (the ID token's iss and sub) signs in
-- as. A first sign-in makes the row, for a new account or the one with the same verified
-- email; afterwards the subject alone decides, whatever the email becomes.
CREATE TABLE user_identities (
    issuer     text        NOT NULL,
    subject    text        NOT NULL,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (issuer, subject)
);

CREATE INDEX user_identities_user_idx ON user_identities (user_id);
