-- MemberRole is a user's role in a project (pgx.ErrNoRows when they are no member, or
-- the project is deleted).
-- name: MemberRole :one
SELECT m.role FROM project_members m JOIN projects p ON p.id = m.project_id
WHERE m.project_id = @project_id AND m.user_id = @user_id AND p.deleted_at IS NULL;

-- MembershipsOfUser lists the projects a user is a member of, with their role.
-- name: MembershipsOfUser :many
SELECT sqlc.embed(p), m.role
FROM project_members m JOIN projects p ON p.id = m.project_id
WHERE m.user_id = @user_id AND p.deleted_at IS NULL
ORDER BY p.name, p.id;

-- MemberCountOfUser counts the projects a user is a member of, as their memberships
-- quota counts them.
-- name: MemberCountOfUser :one
SELECT count(*) FROM project_members m JOIN projects p ON p.id = m.project_id
WHERE m.user_id = @user_id AND p.deleted_at IS NULL;

-- name: MemberList :many
SELECT sqlc.embed(m), u.email, u.name
FROM project_members m JOIN users u ON u.id = m.user_id
WHERE m.project_id = @project_id
ORDER BY lower(u.email), u.id
LIMIT @row_limit OFFSET @row_offset;

-- name: MemberCount :one
SELECT count(*) FROM project_members WHERE project_id = @project_id;

-- name: MemberGet :one
SELECT sqlc.embed(m), u.email, u.name
FROM project_members m JOIN users u ON u.id = m.user_id
WHERE m.project_id = @project_id AND m.user_id = @user_id;

-- name: MemberAdd :one
INSERT INTO project_members (project_id, user_id, role)
VALUES (@project_id, @user_id, @role)
RETURNING *;

-- name: MemberUpdateRole :one
UPDATE project_members SET role = @role, updated_at = now()
WHERE project_id = @project_id AND user_id = @user_id
RETURNING *;

-- name: MemberRemove :one
DELETE FROM project_members WHERE project_id = @project_id AND user_id = @user_id
RETURNING *;

-- MemberCountOwners counts a project's owners, of whom it must keep one; the caller holds
-- the project's lock (ProjectLock), so that two changes cannot each leave the other's owner
-- the last and remove it.
-- name: MemberCountOwners :one
SELECT count(*) FROM project_members WHERE project_id = @project_id AND role = 'owner';
