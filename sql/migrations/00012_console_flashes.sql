-- +goose Up
-- A console session's one-time message: what a post made that must be shown once, such
-- as a created API key in full. The post stores it and sends the browser to its page,
-- which takes it (deletes it as it reads it), so a reload or the back button shows
-- nothing again and makes nothing again (post/redirect/get). It is sealed under a key
-- derived from the session id, which the database does not hold, so a reader of this
-- table learns nothing from it; it ends with its session at the latest.
CREATE TABLE console_flashes (
    session_id_hash bytea       PRIMARY KEY REFERENCES console_sessions (id_hash) ON DELETE CASCADE,
    page            text        NOT NULL,
    sealed          bytea       NOT NULL,
    created_at      timestamptz NOT NULL
);
