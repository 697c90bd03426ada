-- +goose Up
-- Who made each invitation: the actor as events record it (a person or an API key, as
-- they were then), and the person's user id, by which their pending invitations are
-- revoked when they are removed from the project or lowered below admin (the role that may
-- invite), so that a token kept by its inviter cannot bring them back. Both are null for
-- invitations made before this migration, and inviter_user_id for those a key made.
ALTER TABLE invitations ADD COLUMN inviter jsonb;
ALTER TABLE invitations ADD COLUMN inviter_user_id uuid REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX invitations_inviter_idx ON invitations (project_id, inviter_user_id) WHERE accepted_at IS NULL;
