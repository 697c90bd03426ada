-- InvitationPendingForEmail reports whether some project invited email (whatever its
-- case) and the invitation can still be accepted: what sign-up by invitation needs.
-- name: InvitationPendingForEmail :one
SELECT EXISTS (
  SELECT 1 FROM invitations
  WHERE lower(email) = lower(@email) AND accepted_at IS NULL AND expires_at > @now
);
