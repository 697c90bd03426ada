-- +goose Up
-- email_proven says whether the account's email was shown to be its holder's: an account
-- the operator made (promptops users create) or single sign-on made, or one a provider's
-- verified email linked to. Signing up with a password proves nothing: anyone who knows
-- an email (one with a pending invitation, say) may take it that way, so when a provider
-- first links to such an account, its password and tokens, set by whoever signed up,
-- are set aside (internal/http/people/sso.go). Accepting an invitation proves nothing
-- either: the server never sends its token, the inviter passes it on as they see fit.
-- Of the accounts made before, those linked to a provider already and instance owners
-- (only the operator makes them) count as proven; the others may have signed up.
ALTER TABLE users ADD COLUMN email_proven boolean NOT NULL DEFAULT false;

UPDATE users SET email_proven = true
WHERE instance_owner OR id IN (SELECT user_id FROM user_identities);
