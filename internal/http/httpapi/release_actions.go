package httpapi

import (
	"context"
	"fmt"
	"net/http"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/store/database"
)

// actOnRelease runs fn on the caller's release id, locked, in a write, and shows the
// release afterwards; the status and body of a refusal come back through refusalOf.
func (s *Server) actOnRelease(ctx context.Context, id uuid.UUID, fn func(tx pgx.Tx, r *release) error) (api.Release, error) {
	return write(ctx, s, func(tx pgx.Tx) (api.Release, error) {
		r, err := s.lockRelease(ctx, tx, gateway.Key(ctx).ProjectID, id)
		if err != nil {
			return api.Release{}, err
		}
		if err := fn(tx, r); err != nil {
			return api.Release{}, err
		}
		return s.releaseView(ctx, tx, r.row)
	})
}

// needStatus is the 409 of an action on a release in none of statuses.
func needStatus(r *release, action string, statuses ...string) error {
	for _, st := range statuses {
		if r.row.Status == st {
			return nil
		}
	}
	return errReleaseConflict{fmt.Sprintf("The release is %s; only a release %s can be %s.", r.row.Status, orList(statuses), action)}
}

// orList writes statuses as "a", "a or b".
func orList(statuses []string) string {
	out := statuses[0]
	for _, st := range statuses[1:] {
		out += " or " + st
	}
	return out
}

// mayDeploy is the 403 of a caller who may not change deployments of r's environment.
func mayDeploy(ctx context.Context, r *release) error {
	if forbidden, ok := outsideEnvironment(ctx, gateway.Key(ctx), r.row.Environment); ok {
		return errReleaseForbidden{forbidden.Body}
	}
	return nil
}

// review records the caller's decision on the pending release r: never its author's, one
// each.
func (s *Server) review(ctx context.Context, tx pgx.Tx, r *release, decision api.ReleaseReviewDecision, body *api.ReviewRequest) error {
	key := gateway.Key(ctx)
	if err := needStatus(r, "reviewed", statusPending); err != nil {
		return err
	}
	if r.row.AuthorUserID != nil && *r.row.AuthorUserID == key.Person.UserID {
		return errReleaseForbidden{errorBody(ctx, api.ErrorCodeFORBIDDEN, "The author of a release cannot review it; another person with the publisher role or above must.", nil)}
	}
	stamp, err := events.StampOf(key, origin(ctx))
	if err != nil {
		return err
	}
	params := dbsqlc.ReleaseReviewInsertParams{ReleaseID: r.row.ID, UserID: key.Person.UserID, Decision: string(decision), Actor: stamp.Actor}
	if body != nil {
		params.Comment = body.Comment
	}
	err = s.q.ReleaseReviewInsert(ctx, tx, params)
	if database.UniqueViolation(err, "release_reviews_pkey") {
		return errReleaseConflict{"You have reviewed this release already; each person reviews it once."}
	}
	if err != nil {
		return fmt.Errorf("insert review: %w", err)
	}
	return nil
}

// ApproveRelease records a person's approval, and applies the release once nothing else
// holds it.
func (s *Server) ApproveRelease(ctx context.Context, req api.ApproveReleaseRequestObject) (api.ApproveReleaseResponseObject, error) {
	view, err := s.actOnRelease(ctx, req.ReleaseId, func(tx pgx.Tx, r *release) error {
		if err := s.review(ctx, tx, r, api.ReleaseReviewDecisionApprove, req.Body); err != nil {
			return err
		}
		if err := s.recordRelease(ctx, tx, r, events.ReleaseApproved); err != nil {
			return err
		}
		waiting, err := s.waitingFor(ctx, tx, r)
		if err != nil || len(waiting) > 0 {
			return err
		}
		return s.proceed(ctx, tx, r)
	})
	switch status, body, ok := refusalOf(ctx, err); {
	case ok && status == http.StatusForbidden:
		return api.ApproveRelease403JSONResponse{ForbiddenJSONResponse: api.ForbiddenJSONResponse{Body: body}}, nil
	case ok && status == http.StatusNotFound:
		return api.ApproveRelease404JSONResponse{NotFoundJSONResponse: api.NotFoundJSONResponse{Body: body}}, nil
	case ok:
		return api.ApproveRelease409JSONResponse{ConflictJSONResponse: api.ConflictJSONResponse{Body: body}}, nil
	case err != nil:
		return nil, fmt.Errorf("approve release %s: %w", req.ReleaseId, err)
	}
	return api.ApproveRelease200JSONResponse{Body: api.ReleaseResponse{Data: view}}, nil
}

// RejectRelease records a person's rejection, which ends the release.
func (s *Server) RejectRelease(ctx context.Context, req api.RejectReleaseRequestObject) (api.RejectReleaseResponseObject, error) {
	view, err := s.actOnRelease(ctx, req.ReleaseId, func(tx pgx.Tx, r *release) error {
		if err := s.review(ctx, tx, r, api.ReleaseReviewDecisionReject, req.Body); err != nil {
			return err
		}
		if err := s.finish(ctx, tx, r, statusRejected, nil); err != nil {
			return err
		}
		return s.recordRelease(ctx, tx, r, events.ReleaseRejected)
	})
	switch status, body, ok := refusalOf(ctx, err); {
	case ok && status == http.StatusForbidden:
		return api.RejectRelease403JSONResponse{ForbiddenJSONResponse: api.ForbiddenJSONResponse{Body: body}}, nil
	case ok && status == http.StatusNotFound:
		return api.RejectRelease404JSONResponse{NotFoundJSONResponse: api.NotFoundJSONResponse{Body: body}}, nil
	case ok:
		return api.RejectRelease409JSONResponse{ConflictJSONResponse: api.ConflictJSONResponse{Body: body}}, nil
	case err != nil:
		return nil, fmt.Errorf("reject release %s: %w", req.ReleaseId, err)
	}
	return api.RejectRelease200JSONResponse{Body: api.ReleaseResponse{Data: view}}, nil
}

// CancelRelease cancels a release pending approval or scheduled.
func (s *Server) CancelRelease(ctx context.Context, req api.CancelReleaseRequestObject) (api.CancelReleaseResponseObject, error) {
	view, err := s.actOnRelease(ctx, req.ReleaseId, func(tx pgx.Tx, r *release) error {
		if err := mayDeploy(ctx, r); err != nil {
			return err
		}
		if err := needStatus(r, "cancelled", statusPending, statusScheduled); err != nil {
			return err
		}
		if err := s.finish(ctx, tx, r, statusCancelled, nil); err != nil {
			return err
		}
		return s.recordRelease(ctx, tx, r, events.ReleaseCancelled)
	})
	switch status, body, ok := refusalOf(ctx, err); {
	case ok && status == http.StatusForbidden:
		return api.CancelRelease403JSONResponse{ForbiddenJSONResponse: api.ForbiddenJSONResponse{Body: body}}, nil
	case ok && status == http.StatusNotFound:
		return api.CancelRelease404JSONResponse{NotFoundJSONResponse: api.NotFoundJSONResponse{Body: body}}, nil
	case ok:
		return api.CancelRelease409JSONResponse{ConflictJSONResponse: api.ConflictJSONResponse{Body: body}}, nil
	case err != nil:
		return nil, fmt.Errorf("cancel release %s: %w", req.ReleaseId, err)
	}
	return api.CancelRelease200JSONResponse{Body: api.ReleaseResponse{Data: view}}, nil
}

// RollbackRelease puts every prompt of a rolling or completed release back as it was.
func (s *Server) RollbackRelease(ctx context.Context, req api.RollbackReleaseRequestObject) (api.RollbackReleaseResponseObject, error) {
	view, err := s.actOnRelease(ctx, req.ReleaseId, func(tx pgx.Tx, r *release) error {
		if err := mayDeploy(ctx, r); err != nil {
			return err
		}
		if err := needStatus(r, "rolled back", statusRollingOut, statusCompleted); err != nil {
			return err
		}
		reason := "rolled back by " + actorName(gateway.Key(ctx))
		if req.Body != nil && req.Body.Reason != nil {
			reason = *req.Body.Reason
		}
		return s.rollbackRelease(ctx, tx, r, reason)
	})
	switch status, body, ok := refusalOf(ctx, err); {
	case ok && status == http.StatusForbidden:
		return api.RollbackRelease403JSONResponse{ForbiddenJSONResponse: api.ForbiddenJSONResponse{Body: body}}, nil
	case ok && status == http.StatusNotFound:
		return api.RollbackRelease404JSONResponse{NotFoundJSONResponse: api.NotFoundJSONResponse{Body: body}}, nil
	case ok:
		return api.RollbackRelease409JSONResponse{ConflictJSONResponse: api.ConflictJSONResponse{Body: body}}, nil
	case err != nil:
		return nil, fmt.Errorf("roll back release %s: %w", req.ReleaseId, err)
	}
	return api.RollbackRelease200JSONResponse{Body: api.ReleaseResponse{Data: view}}, nil
}

// CompleteRelease ends a rolling release at 100 %.
func (s *Server) CompleteRelease(ctx context.Context, req api.CompleteReleaseRequestObject) (api.CompleteReleaseResponseObject, error) {
	view, err := s.actOnRelease(ctx, req.ReleaseId, func(tx pgx.Tx, r *release) error {
		if err := mayDeploy(ctx, r); err != nil {
			return err
		}
		if err := needStatus(r, "completed", statusRollingOut); err != nil {
			return err
		}
		return s.completeRelease(ctx, tx, r)
	})
	switch status, body, ok := refusalOf(ctx, err); {
	case ok && status == http.StatusForbidden:
		return api.CompleteRelease403JSONResponse{ForbiddenJSONResponse: api.ForbiddenJSONResponse{Body: body}}, nil
	case ok && status == http.StatusNotFound:
		return api.CompleteRelease404JSONResponse{NotFoundJSONResponse: api.NotFoundJSONResponse{Body: body}}, nil
	case ok:
		return api.CompleteRelease409JSONResponse{ConflictJSONResponse: api.ConflictJSONResponse{Body: body}}, nil
	case err != nil:
		return nil, fmt.Errorf("complete release %s: %w", req.ReleaseId, err)
	}
	return api.CompleteRelease200JSONResponse{Body: api.ReleaseResponse{Data: view}}, nil
}

// actorName names who a rollback's reason says did it: a person's email, a key's prefix.
func actorName(key *auth.Key) string {
	if key.Person != nil {
		return key.Person.Email
	}
	return "key " + key.Prefix
}
