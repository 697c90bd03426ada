package httpapi

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/http/projects"
	"github.com/promptops/promptops/internal/store/database"
)

// errLastOwner is returned inside a member change that would leave the project without
// an owner.
var errLastOwner = errors.New("last owner")

// ownerNeeded is returned inside a member change that only an owner may make.
type ownerNeeded struct{ callerRole string }

func (e *ownerNeeded) Error() string { return "needs the owner role, caller is " + e.callerRole }

// msgMemberNotFound is the 404 of a user who is no member of the project.
const msgMemberNotFound = "No member of the project has this user id."

// ListMembers lists the project's members, by email.
func (s *Server) ListMembers(ctx context.Context, req api.ListMembersRequestObject) (api.ListMembersResponseObject, error) {
	pg := newPage(req.Params.Page, req.Params.Limit)
	total, err := s.q.MemberCount(ctx, s.db, req.ProjectId)
	if err != nil {
		return nil, fmt.Errorf("count members: %w", err)
	}
	rows, err := s.q.MemberList(ctx, s.db, dbsqlc.MemberListParams{ProjectID: req.ProjectId, RowLimit: int32(pg.limit), RowOffset: pg.offset()})
	if err != nil {
		return nil, fmt.Errorf("list members: %w", err)
	}
	members := make([]api.Member, len(rows))
	for i, m := range rows {
		members[i] = projects.APIMember(&m.ProjectMember, m.Email, m.Name)
	}
	return api.ListMembers200JSONResponse{Data: members, Meta: pg.meta(total)}, nil
}

// AddMember makes the user who has an email a member of the project.
func (s *Server) AddMember(ctx context.Context, req api.AddMemberRequestObject) (api.AddMemberResponseObject, error) {
	role := string(req.Body.Role)
	if refused := ownerOnly(ctx, role == auth.RoleOwner); refused != nil {
		return api.AddMember403JSONResponse{ForbiddenJSONResponse: *refused}, nil
	}
	u, err := s.q.UserGetByEmail(ctx, s.db, req.Body.Email)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.AddMember404JSONResponse{NotFoundJSONResponse: notFound(ctx,
			"No account has this email; invite them instead (POST /api/v1/projects/{projectId}/invitations).")}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find account: %w", err)
	}
	member, err := writeAside(ctx, s, func(tx pgx.Tx) (api.Member, error) {
		return s.addMember(ctx, tx, req.ProjectId, u, role)
	})
	if database.UniqueViolation(err, "project_members_pkey") {
		return api.AddMember409JSONResponse{QuotaExceededJSONResponse: api.QuotaExceededJSONResponse{
			Body: conflict(ctx, "This user is a member of the project already; change their role with PATCH.").Body}}, nil
	}
	if errors.Is(err, errQuotaExceeded) {
		return api.AddMember409JSONResponse{QuotaExceededJSONResponse: quotaExceeded(ctx, api.QuotaResourceMemberships, s.quotas.Memberships)}, nil
	}
	if err != nil {
		return nil, err
	}
	return api.AddMember201JSONResponse{Body: api.MemberResponse{Data: member}}, nil
}

// addMember makes u a member of a project with role, and records it; errQuotaExceeded
// when u belongs to their quota of projects already.
func (s *Server) addMember(ctx context.Context, tx pgx.Tx, projectID uuid.UUID, u *dbsqlc.User, role string) (api.Member, error) {
	if err := s.joinWithinQuota(ctx, tx, u.ID); err != nil {
		return api.Member{}, err
	}
	row, err := s.q.MemberAdd(ctx, tx, dbsqlc.MemberAddParams{ProjectID: projectID, UserID: u.ID, Role: role})
	if err != nil {
		return api.Member{}, fmt.Errorf("add member: %w", err)
	}
	member := projects.APIMember(row, u.Email, u.Name)
	return member, s.recordIn(ctx, tx, projectID, events.MemberAdded, member)
}

// UpdateMember changes a member's role, keeping an owner; a role below inviterRole
// revokes the member's pending invitations.
func (s *Server) UpdateMember(ctx context.Context, req api.UpdateMemberRequestObject) (api.UpdateMemberResponseObject, error) {
	role := string(req.Body.Role)
	member, err := s.changeMember(ctx, req.ProjectId, req.UserId, role, func(tx pgx.Tx, m *dbsqlc.MemberGetRow) (api.Member, error) {
		row, err := s.q.MemberUpdateRole(ctx, tx, dbsqlc.MemberUpdateRoleParams{ProjectID: req.ProjectId, UserID: req.UserId, Role: role})
		if err != nil {
			return api.Member{}, fmt.Errorf("update member: %w", err)
		}
		member := projects.APIMember(row, m.Email, m.Name)
		if err := s.recordIn(ctx, tx, req.ProjectId, events.MemberUpdated, member); err != nil {
			return api.Member{}, err
		}
		if !auth.RoleAtLeast(role, inviterRole) {
			return member, s.revokeInvitationsOf(ctx, tx, req.ProjectId, req.UserId)
		}
		return member, nil
	})
	switch refused := memberRefusal(ctx, err); {
	case refused.forbidden != nil:
		return api.UpdateMember403JSONResponse{ForbiddenJSONResponse: *refused.forbidden}, nil
	case refused.notFound != nil:
		return api.UpdateMember404JSONResponse{NotFoundJSONResponse: *refused.notFound}, nil
	case refused.conflict != nil:
		return api.UpdateMember409JSONResponse{ConflictJSONResponse: *refused.conflict}, nil
	case err != nil:
		return nil, err
	}
	return api.UpdateMember200JSONResponse{Data: member}, nil
}

// RemoveMember removes a member from the project, keeping an owner, and revokes their
// pending invitations.
func (s *Server) RemoveMember(ctx context.Context, req api.RemoveMemberRequestObject) (api.RemoveMemberResponseObject, error) {
	member, err := s.changeMember(ctx, req.ProjectId, req.UserId, "", func(tx pgx.Tx, m *dbsqlc.MemberGetRow) (api.Member, error) {
		row, err := s.q.MemberRemove(ctx, tx, dbsqlc.MemberRemoveParams{ProjectID: req.ProjectId, UserID: req.UserId})
		if err != nil {
			return api.Member{}, fmt.Errorf("remove member: %w", err)
		}
		member := projects.APIMember(row, m.Email, m.Name)
		if err := s.recordIn(ctx, tx, req.ProjectId, events.MemberRemoved, member); err != nil {
			return api.Member{}, err
		}
		return member, s.revokeInvitationsOf(ctx, tx, req.ProjectId, req.UserId)
	})
	switch refused := memberRefusal(ctx, err); {
	case refused.forbidden != nil:
		return api.RemoveMember403JSONResponse{ForbiddenJSONResponse: *refused.forbidden}, nil
	case refused.notFound != nil:
		return api.RemoveMember404JSONResponse{NotFoundJSONResponse: *refused.notFound}, nil
	case refused.conflict != nil:
		return api.RemoveMember409JSONResponse{ConflictJSONResponse: *refused.conflict}, nil
	case err != nil:
		return nil, err
	}
	return api.RemoveMember200JSONResponse{Data: member}, nil
}

// changeMember gives a member newRole ("" removes them) by change, under the project's
// lock: only an owner may change an owner or make one, and the last owner may not leave
// the role.
func (s *Server) changeMember(ctx context.Context, projectID, userID uuid.UUID, newRole string,
	change func(pgx.Tx, *dbsqlc.MemberGetRow) (api.Member, error)) (api.Member, error) {
	return writeAside(ctx, s, func(tx pgx.Tx) (api.Member, error) {
		if err := s.q.ProjectLock(ctx, tx, projectID); err != nil {
			return api.Member{}, fmt.Errorf("lock project: %w", err)
		}
		m, err := s.q.MemberGet(ctx, tx, dbsqlc.MemberGetParams{ProjectID: projectID, UserID: userID})
		if err != nil {
			return api.Member{}, err
		}
		isOwner := m.ProjectMember.Role == auth.RoleOwner
		if role := callerRole(ctx); (newRole == auth.RoleOwner || isOwner) && role != auth.RoleOwner {
			return api.Member{}, &ownerNeeded{callerRole: role}
		}
		if isOwner && newRole != auth.RoleOwner {
			owners, err := s.q.MemberCountOwners(ctx, tx, projectID)
			if err != nil {
				return api.Member{}, fmt.Errorf("count owners: %w", err)
			}
			if owners <= 1 {
				return api.Member{}, errLastOwner
			}
		}
		return change(tx, m)
	})
}

// refusal is the typed answer a member change is refused with; at most one field is set.
type refusal struct {
	forbidden *api.ForbiddenJSONResponse
	notFound  *api.NotFoundJSONResponse
	conflict  *api.ConflictJSONResponse
}

// memberRefusal maps the errors of changeMember to their answers.
func memberRefusal(ctx context.Context, err error) refusal {
	switch owner, ok := errors.AsType[*ownerNeeded](err); {
	case ok:
		return refusal{forbidden: forbiddenForRole(ctx, auth.RoleOwner, owner.callerRole)}
	case errors.Is(err, pgx.ErrNoRows):
		return refusal{notFound: new(notFound(ctx, msgMemberNotFound))}
	case errors.Is(err, errLastOwner):
		return refusal{conflict: new(conflict(ctx, "This is the project's last owner; make another member owner first."))}
	}
	return refusal{}
}

// ownerOnly is the 403 of a change only an owner may make (needed), when the caller is
// not one; nil otherwise.
func ownerOnly(ctx context.Context, needed bool) *api.ForbiddenJSONResponse {
	if role := callerRole(ctx); needed && role != auth.RoleOwner {
		return forbiddenForRole(ctx, auth.RoleOwner, role)
	}
	return nil
}

// callerRole is the caller's role in the project: a person's own, and admin for an API key
// with admin (which every member change needs): a key is never an owner.
func callerRole(ctx context.Context) string {
	if p := gateway.Key(ctx).Person; p != nil {
		return p.Role
	}
	return auth.RoleAdmin
}

// forbiddenForRole is the 403 of a caller of role whose change needs the least role.
func forbiddenForRole(ctx context.Context, least, role string) *api.ForbiddenJSONResponse {
	refused := gateway.RoleForbidden(least, role)
	return &api.ForbiddenJSONResponse{Body: errorBody(ctx, refused.Code, refused.Message, refused.Details)}
}
