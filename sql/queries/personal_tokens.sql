-- name: PersonalTokenCreate :one
INSERT INTO personal_tokens (user_id, token_hash, token_prefix, name, expires_at)
VALUES (@user_id, @token_hash, @token_prefix, @name, sqlc.narg(expires_at))
RETURNING *;

-- PersonalTokenAuth finds the token a request presents, with its user; revoked and
-- expired tokens and disabled users are returned too, so the caller can say which it is.
-- name: PersonalTokenAuth :one
SELECT sqlc.embed(t), sqlc.embed(u)
FROM personal_tokens t JOIN users u ON u.id = t.user_id
WHERE t.token_hash = @token_hash;

-- PersonalTokenMember is a token with its user's disablement and role in a project ("" when
-- they are not a member): what a person's socket is checked against before each delivery.
-- name: PersonalTokenMember :one
SELECT sqlc.embed(t), u.disabled, COALESCE(m.role, '')::text AS role
FROM personal_tokens t
JOIN users u ON u.id = t.user_id
LEFT JOIN project_members m ON m.user_id = t.user_id AND m.project_id = @project_id
  AND EXISTS (SELECT 1 FROM projects p WHERE p.id = m.project_id AND p.deleted_at IS NULL)
WHERE t.token_hash = @token_hash;

-- name: PersonalTokenList :many
SELECT * FROM personal_tokens
WHERE user_id = @user_id
ORDER BY created_at DESC, id
LIMIT @row_limit OFFSET @row_offset;

-- name: PersonalTokenCount :one
SELECT count(*) FROM personal_tokens WHERE user_id = @user_id;

-- PersonalTokenRevoke keeps the first revocation time when a token is revoked twice.
-- name: PersonalTokenRevoke :one
UPDATE personal_tokens SET revoked_at = coalesce(revoked_at, now())
WHERE user_id = @user_id AND id = @id
RETURNING *;

-- PersonalTokenRevokeAll revokes every token of the user not revoked yet, and returns them.
-- name: PersonalTokenRevokeAll :many
UPDATE personal_tokens SET revoked_at = now()
WHERE user_id = @user_id AND revoked_at IS NULL
RETURNING *;

-- PersonalTokenCountActive counts the person's usable tokens, what their token quota bounds.
-- name: PersonalTokenCountActive :one
SELECT count(*) FROM personal_tokens
WHERE user_id = @user_id
  AND revoked_at IS NULL
  AND (expires_at IS NULL OR expires_at > now());

-- PersonalTokenPurge deletes the person's tokens revoked or expired over 30 days ago: the
-- list shows them until then.
-- name: PersonalTokenPurge :execrows
DELETE FROM personal_tokens
WHERE user_id = @user_id AND (revoked_at < now() - interval '30 days' OR expires_at < now() - interval '30 days');
