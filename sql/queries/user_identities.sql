-- UserIdentityUser finds the account a provider's subject signs in as.
-- name: UserIdentityUser :one
SELECT u.* FROM user_identities i JOIN users u ON u.id = i.user_id
WHERE i.issuer = @issuer AND i.subject = @subject;

-- name: UserIdentityCreate :exec
INSERT INTO user_identities (issuer, subject, user_id, email)
VALUES (@issuer, @subject, @user_id, @email);
