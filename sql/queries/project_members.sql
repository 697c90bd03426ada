-- MemberRole is a user's role in a project (pgx.ErrNoRows when they are no member).
-- name: MemberRole :one
SELECT role FROM project_members WHERE project_id = @project_id AND user_id = @user_id;

-- MembershipsOfUser lists the projects a user is a member of, with their role.
-- name: MembershipsOfUser :many
SELECT sqlc.embed(p), m.role
FROM project_members m JOIN projects p ON p.id = m.project_id
WHERE m.user_id = @user_id
ORDER BY p.name, p.id;
