-- +goose Up
-- Where the request that made each change came from: its client address (the TCP peer,
-- the whole address, as the per-address limits see it before they group an IPv6 client
-- by its /64) and its User-Agent, at most 512 bytes of UTF-8 (internal/change/events bounds it).
-- Both are null for changes no request made (the command line, background work) and for
-- events recorded before this migration.
ALTER TABLE events
    ADD COLUMN client_address inet,
    ADD COLUMN user_agent     text CONSTRAINT events_user_agent_length CHECK (octet_length(user_agent) <= 512);
