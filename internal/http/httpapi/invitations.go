package httpapi

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/http/people"
	"github.com/promptops/promptops/internal/http/projects"
	"github.com/promptops/promptops/internal/store/database"
)

// invitationEvent is an invitation as its event records it: never its token.
type invitationEvent struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Role  string `json:"role"`
}

// CreateInvitation invites an email to the project with a role; the token is in this
// response only.
func (s *Server) CreateInvitation(ctx context.Context, req api.CreateInvitationRequestObject) (api.CreateInvitationResponseObject, error) {
	token, hash := auth.NewInvitation()
	inviter, err := events.StampOf(gateway.Key(ctx), origin(ctx))
	if err != nil {
		return nil, err
	}
	row, err := writeAside(ctx, s, func(tx pgx.Tx) (*dbsqlc.Invitation, error) {
		if err := s.stillInviter(ctx, tx, req.ProjectId); err != nil {
			return nil, err
		}
		if err := s.withinQuota(ctx, tx, s.quotas.Invitations, s.q.InvitationCountPending); err != nil {
			return nil, err
		}
		// Each invitation made purges the project's accepted and expired ones over 30 days
		// old, so its rows are bounded by the quota and 30 days of invitations.
		if _, err := s.q.InvitationPurge(ctx, tx, req.ProjectId); err != nil {
			return nil, fmt.Errorf("purge old invitations: %w", err)
		}
		row, err := s.q.InvitationCreate(ctx, tx, dbsqlc.InvitationCreateParams{
			ProjectID: req.ProjectId, Email: req.Body.Email, Role: string(req.Body.Role), TokenHash: hash,
			ExpiresAt: s.nowFunc().Add(people.InvitationTTL),
			Inviter:   inviter.Actor, InviterUserID: callerUserID(ctx),
		})
		if err != nil {
			return nil, fmt.Errorf("insert invitation: %w", err)
		}
		return row, s.record(ctx, tx, events.InvitationCreated, invitationEvent{ID: row.ID.String(), Email: row.Email, Role: row.Role})
	})
	var demoted errNoLongerInviter
	switch {
	case errors.Is(err, errQuotaExceeded):
		return api.CreateInvitation409JSONResponse{QuotaExceededJSONResponse: quotaExceeded(ctx, api.QuotaResourceInvitations, s.quotas.Invitations)}, nil
	case errors.As(err, &demoted):
		return api.CreateInvitation403JSONResponse{ForbiddenJSONResponse: demoted.forbidden(ctx)}, nil
	}
	if err != nil {
		return nil, err
	}
	return api.CreateInvitation201JSONResponse{Body: api.CreatedInvitationResponse{Data: api.CreatedInvitation{
		Id: row.ID, Email: row.Email, Role: api.InvitationRole(row.Role), ExpiresAt: row.ExpiresAt, CreatedAt: row.CreatedAt, Token: token,
	}}, Headers: api.CreateInvitation201ResponseHeaders{CacheControl: noStore}}, nil
}

// The ways accepting an invitation fails inside its transaction.
var (
	errInvitationExpired   = errors.New("invitation expired")
	errInvitationForOthers = errors.New("invitation for another email")
)

// AcceptInvitation makes the caller a member of the project an invitation is for.
func (s *Server) AcceptInvitation(ctx context.Context, req api.AcceptInvitationRequestObject) (api.AcceptInvitationResponseObject, error) {
	person := gateway.Key(ctx).Person
	token := strings.TrimSpace(req.Body.Token)
	if !auth.WellFormedInvitation(token) {
		return api.AcceptInvitation404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgInvitationNotFound)}, nil
	}
	hash := auth.Hash(token)
	membership, err := database.WithTxV(ctx, s.db, func(tx pgx.Tx) (api.Membership, error) {
		inv, err := s.q.InvitationGetByHash(ctx, tx, hash[:])
		switch {
		case err != nil:
			return api.Membership{}, err
		case inv.AcceptedAt != nil:
			return api.Membership{}, pgx.ErrNoRows
		case !s.nowFunc().Before(inv.ExpiresAt):
			return api.Membership{}, errInvitationExpired
		case !strings.EqualFold(inv.Email, person.Email):
			return api.Membership{}, errInvitationForOthers
		}
		return s.acceptInvitation(ctx, tx, inv, person)
	})
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return api.AcceptInvitation404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgInvitationNotFound)}, nil
	case errors.Is(err, errInvitationExpired):
		return api.AcceptInvitation409JSONResponse{QuotaExceededJSONResponse: api.QuotaExceededJSONResponse{
			Body: conflict(ctx, "The invitation has expired; ask for a new one.").Body}}, nil
	case errors.Is(err, errInvitationForOthers):
		return api.AcceptInvitation403JSONResponse{ForbiddenJSONResponse: api.ForbiddenJSONResponse{Body: errorBody(ctx, api.ErrorCodeFORBIDDEN,
			"The invitation is for another email than your account's.", nil)}}, nil
	case database.UniqueViolation(err, "project_members_pkey"):
		return api.AcceptInvitation409JSONResponse{QuotaExceededJSONResponse: api.QuotaExceededJSONResponse{
			Body: conflict(ctx, "You are a member of this project already.").Body}}, nil
	case errors.Is(err, errQuotaExceeded): // the transaction rolled back: the invitation is still pending
		return api.AcceptInvitation409JSONResponse{QuotaExceededJSONResponse: quotaExceeded(ctx, api.QuotaResourceMemberships, s.quotas.Memberships)}, nil
	case err != nil:
		return nil, fmt.Errorf("accept invitation: %w", err)
	}
	return api.AcceptInvitation200JSONResponse{Data: membership}, nil
}

// msgInvitationNotFound is the 404 of a token that names no invitation that can be
// accepted: unknown, or used already.
const msgInvitationNotFound = "No invitation that can be accepted has this token (it may have been used already)."

// acceptInvitation adds person to the project of inv with its role, and marks it used.
func (s *Server) acceptInvitation(ctx context.Context, tx pgx.Tx, inv *dbsqlc.Invitation, person *auth.Person) (api.Membership, error) {
	u := &dbsqlc.User{ID: person.UserID, Email: person.Email, Name: person.Name}
	if _, err := s.addMember(ctx, tx, inv.ProjectID, u, inv.Role); err != nil {
		return api.Membership{}, err
	}
	if err := s.q.InvitationAccept(ctx, tx, dbsqlc.InvitationAcceptParams{ID: inv.ID, UserID: &person.UserID}); err != nil {
		return api.Membership{}, fmt.Errorf("mark invitation accepted: %w", err)
	}
	p, err := s.q.ProjectGet(ctx, tx, inv.ProjectID)
	if err != nil {
		return api.Membership{}, fmt.Errorf("get project: %w", err)
	}
	return api.Membership{Project: projects.APIProject(p), Role: api.Role(inv.Role)}, nil
}

// errNoLongerInviter is a person whose membership no longer lets them invite by the time
// their invitation is written: removed (role empty), or lowered below inviterRole.
type errNoLongerInviter struct{ role string }

func (e errNoLongerInviter) Error() string { return "no longer a member who may invite" }

// forbidden is the 403 of e, as the gateway words a role too low.
func (e errNoLongerInviter) forbidden(ctx context.Context) api.ForbiddenJSONResponse {
	refused := gateway.RoleForbidden(inviterRole, e.role)
	if e.role == "" {
		refused.Message = "You are no longer a member of this project."
	}
	return api.ForbiddenJSONResponse{Body: errorBody(ctx, refused.Code, refused.Message, refused.Details)}
}

// stillInviter holds the project's lock, which member changes take, and checks that a
// person inviting still may: a removal or demotion that commits while the invitation is
// made then either comes first and refuses it, or comes after and revokes it (a change
// checked only before the transaction would let the invitation outlive it).
func (s *Server) stillInviter(ctx context.Context, tx pgx.Tx, projectID uuid.UUID) error {
	if err := s.q.ProjectLock(ctx, tx, projectID); err != nil {
		return fmt.Errorf("lock project: %w", err)
	}
	person := gateway.Key(ctx).Person
	if person == nil {
		return nil
	}
	m, err := s.q.MemberGet(ctx, tx, dbsqlc.MemberGetParams{ProjectID: projectID, UserID: person.UserID})
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return errNoLongerInviter{}
	case err != nil:
		return fmt.Errorf("inviter's membership: %w", err)
	case !auth.RoleAtLeast(m.ProjectMember.Role, inviterRole):
		return errNoLongerInviter{role: m.ProjectMember.Role}
	}
	return nil
}

// inviterRole is the least role that may invite: the one that carries CreateInvitation's
// scope (its x-scope, admin). A member who no longer has it loses their pending invitations.
var inviterRole = auth.ScopeRole(auth.ScopeAdmin)

// callerUserID is the user id of a person calling, nil for an API key.
func callerUserID(ctx context.Context) *uuid.UUID {
	if p := gateway.Key(ctx).Person; p != nil {
		return &p.UserID
	}
	return nil
}

// ListInvitations lists the project's pending invitations, newest first, without their
// tokens. The invitation quota bounds how many there are.
func (s *Server) ListInvitations(ctx context.Context, req api.ListInvitationsRequestObject) (api.ListInvitationsResponseObject, error) {
	pg := newPage(req.Params.Page, req.Params.Limit)
	total, err := s.q.InvitationCountPending(ctx, s.db, req.ProjectId)
	if err != nil {
		return nil, fmt.Errorf("count invitations: %w", err)
	}
	rows, err := s.q.InvitationListPending(ctx, s.db, dbsqlc.InvitationListPendingParams{
		ProjectID: req.ProjectId, RowLimit: int32(pg.limit), RowOffset: pg.offset()})
	if err != nil {
		return nil, fmt.Errorf("list invitations: %w", err)
	}
	invitations := make([]api.Invitation, len(rows))
	for i, row := range rows {
		invitations[i] = invitationFromDB(row)
	}
	return api.ListInvitations200JSONResponse{Data: invitations, Meta: pg.meta(total)}, nil
}

// RevokeInvitation revokes one of the project's pending invitations: its token no longer
// names anything.
func (s *Server) RevokeInvitation(ctx context.Context, req api.RevokeInvitationRequestObject) (api.RevokeInvitationResponseObject, error) {
	_, err := writeAside(ctx, s, func(tx pgx.Tx) (struct{}, error) {
		row, err := s.q.InvitationRevoke(ctx, tx, dbsqlc.InvitationRevokeParams{ID: req.InvitationId, ProjectID: req.ProjectId})
		if err != nil {
			return struct{}{}, err
		}
		return struct{}{}, s.recordRevoked(ctx, tx, row)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return api.RevokeInvitation404JSONResponse{NotFoundJSONResponse: notFound(ctx,
			"No pending invitation of the project has this id (it may have been accepted, revoked or expired).")}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("revoke invitation: %w", err)
	}
	return api.RevokeInvitation204Response{}, nil
}

// revokeInvitationsOf revokes the pending invitations userID made in a project, in the
// transaction of the member change (a removal, a role below inviterRole) that takes away
// their right to invite: a token they kept would otherwise bring them back.
func (s *Server) revokeInvitationsOf(ctx context.Context, tx pgx.Tx, projectID, userID uuid.UUID) error {
	rows, err := s.q.InvitationRevokeByInviter(ctx, tx, dbsqlc.InvitationRevokeByInviterParams{ProjectID: projectID, UserID: &userID})
	if err != nil {
		return fmt.Errorf("revoke the invitations of %s: %w", userID, err)
	}
	for _, row := range rows {
		if err := s.recordRevoked(ctx, tx, row); err != nil {
			return err
		}
	}
	return nil
}

// recordRevoked records the revocation of inv in its project.
func (s *Server) recordRevoked(ctx context.Context, tx pgx.Tx, inv *dbsqlc.Invitation) error {
	return s.recordIn(ctx, tx, inv.ProjectID, events.InvitationRevoked, invitationEvent{ID: inv.ID.String(), Email: inv.Email, Role: inv.Role})
}

// invitationFromDB is a pending invitation as the API lists it: never its token.
func invitationFromDB(inv *dbsqlc.Invitation) api.Invitation {
	return api.Invitation{
		Id: inv.ID, Email: inv.Email, Role: api.InvitationRole(inv.Role), Inviter: actorFromDB(inv.Inviter),
		ExpiresAt: inv.ExpiresAt, CreatedAt: inv.CreatedAt,
	}
}
