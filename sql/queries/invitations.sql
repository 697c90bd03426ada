-- InvitationPendingForEmail reports whether some project invited email (whatever its
-- case) and the invitation can still be accepted: what sign-up by invitation needs.
-- name: InvitationPendingForEmail :one
SELECT EXISTS (
  SELECT 1 FROM invitations
  WHERE lower(email) = lower(@email) AND accepted_at IS NULL AND expires_at > @now
    AND EXISTS (SELECT 1 FROM projects p WHERE p.id = invitations.project_id AND p.deleted_at IS NULL)
);

-- name: InvitationCreate :one
INSERT INTO invitations (project_id, email, role, token_hash, expires_at)
VALUES (@project_id, @email, @role, @token_hash, @expires_at)
RETURNING *;

-- InvitationGetByHash finds the invitation a token names, locked until its acceptance
-- commits, so that it is accepted once; none of a deleted project.
-- name: InvitationGetByHash :one
SELECT * FROM invitations
WHERE token_hash = @token_hash
  AND EXISTS (SELECT 1 FROM projects p WHERE p.id = invitations.project_id AND p.deleted_at IS NULL)
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
