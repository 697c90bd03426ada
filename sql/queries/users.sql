-- name: UserCreate :one
INSERT INTO users (email, name, password_hash, instance_owner, email_proven)
VALUES (@email, @name, @password_hash, @instance_owner, @email_proven)
RETURNING *;

-- UserGetByEmail finds the account an email names, whatever its case.
-- name: UserGetByEmail :one
SELECT * FROM users WHERE lower(email) = lower(@email);

-- name: UserGet :one
SELECT * FROM users WHERE id = @id;

-- UserSetDisabled disables or enables the account an email names, whatever its case.
-- name: UserSetDisabled :one
UPDATE users SET disabled = @disabled, updated_at = now()
WHERE lower(email) = lower(@email)
RETURNING *;

-- UserLock locks a user's row, so that creates counted against their quota take turns.
-- name: UserLock :exec
SELECT id FROM users WHERE id = @id FOR UPDATE;

-- UserProveEmail marks a user's email proven, replacing the password set without proof.
-- name: UserProveEmail :one
UPDATE users SET email_proven = true, password_hash = @password_hash, updated_at = now()
WHERE id = @id
RETURNING *;

-- UserPasswordHashShared reads a user's password hash under a share lock of their row, so
-- that it waits for a change of it (UserProveEmail) to commit and reads the new one.
-- name: UserPasswordHashShared :one
SELECT password_hash FROM users WHERE id = @id FOR SHARE;
