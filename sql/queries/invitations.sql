-- InvitationPendingForEmail reports whether some project invited email (whatever its
-- case) and the invitation can still be accepted: what sign-up by invitation needs.
-- name: InvitationPendingForEmail :one
SELECT EXISTS (
  SELECT 1 FROM invitations
  WHERE lower(email) = lower(@email) AND accepted_at IS NULL AND expires_at > @now
    AND EXISTS (SELECT 1 FROM projects p WHERE p.id = invitations.project_id AND p.deleted_at IS NULL)
    AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = invitations.inviter_user_id AND u.disabled)
);

-- name: InvitationCreate :one
INSERT INTO invitations (project_id, email, role, token_hash, expires_at, inviter, inviter_user_id)
VALUES (@project_id, @email, @role, @token_hash, @expires_at, @inviter, sqlc.narg(inviter_user_id))
RETURNING *;

-- InvitationGetByHash finds the invitation a token names, locked until its acceptance
-- commits, so that it is accepted once; none of a deleted project, nor one whose inviter's
-- account is disabled (it counts again if they are enabled).
-- name: InvitationGetByHash :one
SELECT * FROM invitations
WHERE token_hash = @token_hash
  AND EXISTS (SELECT 1 FROM projects p WHERE p.id = invitations.project_id AND p.deleted_at IS NULL)
  AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = invitations.inviter_user_id AND u.disabled)
FOR UPDATE;

-- name: InvitationAccept :exec
UPDATE invitations SET accepted_at = now(), accepted_by = @user_id WHERE id = @id;

-- InvitationCountPending counts the project's invitations that can still be accepted, what
-- its invitation quota bounds.
-- name: InvitationCountPending :one
SELECT count(*) FROM invitations
WHERE project_id = @project_id AND accepted_at IS NULL AND expires_at > now();

-- InvitationPurge deletes the project's invitations accepted or expired over 30 days ago.
-- name: InvitationPurge :execrows
DELETE FROM invitations
WHERE project_id = @project_id AND (accepted_at < now() - interval '30 days' OR expires_at < now() - interval '30 days');

-- InvitationListPending lists a page of the project's invitations that can still be
-- accepted, newest first.
-- name: InvitationListPending :many
SELECT * FROM invitations
WHERE project_id = @project_id AND accepted_at IS NULL AND expires_at > now()
ORDER BY created_at DESC, id
LIMIT @row_limit OFFSET @row_offset;

-- InvitationRevoke deletes one of the project's invitations that can still be accepted,
-- so that its token names nothing; none (no rows) when there is no such invitation.
-- name: InvitationRevoke :one
DELETE FROM invitations
WHERE id = @id AND project_id = @project_id AND accepted_at IS NULL AND expires_at > now()
RETURNING *;

-- InvitationRevokeByInviter deletes the project's invitations that a person made and that
-- can still be accepted: what their removal, or a role below the one that may invite,
-- revokes.
-- name: InvitationRevokeByInviter :many
DELETE FROM invitations
WHERE project_id = @project_id AND inviter_user_id = @user_id AND accepted_at IS NULL AND expires_at > now()
RETURNING *;
