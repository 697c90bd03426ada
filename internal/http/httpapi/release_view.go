package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
)

// waitingFor lists, in words, what the pending release r still waits for under its
// environment's protection: approvals, and each required check on each new version that
// has not passed (a failed one says so). Empty when nothing holds it.
func (s *Server) waitingFor(ctx context.Context, db dbsqlc.DBTX, r *release) ([]string, error) {
	prot, err := s.q.ReleaseEnvironmentProtection(ctx, db, dbsqlc.ReleaseEnvironmentProtectionParams{ProjectID: r.row.ProjectID, Name: r.row.Environment})
	if err != nil {
		return nil, fmt.Errorf("protection of %s: %w", r.row.Environment, err)
	}
	var waiting []string
	reviews, err := s.q.ReleaseReviewList(ctx, db, []uuid.UUID{r.row.ID})
	if err != nil {
		return nil, fmt.Errorf("reviews of release %s: %w", r.row.ID, err)
	}
	approvals := int32(0)
	for _, rv := range reviews {
		if rv.Decision == string(api.ReleaseReviewDecisionApprove) {
			approvals++
		}
	}
	switch need := prot.RequiredApprovals - approvals; {
	case need == 1:
		waiting = append(waiting, "1 more approval")
	case need > 1:
		waiting = append(waiting, strconv.Itoa(int(need))+" more approvals")
	}
	if len(prot.RequiredChecks) == 0 {
		return waiting, nil
	}
	checks, err := s.versionChecks(ctx, db, r)
	if err != nil {
		return nil, err
	}
	for _, c := range r.changes {
		for _, name := range prot.RequiredChecks {
			check, found := checks[checkKey{c.ToVersionID, name}]
			if problem := checkProblem(check, found, prot.MinCheckScore); problem != "" {
				waiting = append(waiting, fmt.Sprintf("check %q %s on %s v%d", name, problem, c.Slug, c.ToVersionNumber))
			}
		}
	}
	return waiting, nil
}

// checkKey names a check of a version.
type checkKey struct {
	version uuid.UUID
	name    string
}

// versionChecks reads the checks reported on the versions r would make live.
func (s *Server) versionChecks(ctx context.Context, db dbsqlc.DBTX, r *release) (map[checkKey]*dbsqlc.ReleaseVersionChecksRow, error) {
	ids := make([]uuid.UUID, len(r.changes))
	for i, c := range r.changes {
		ids[i] = c.ToVersionID
	}
	rows, err := s.q.ReleaseVersionChecks(ctx, db, ids)
	if err != nil {
		return nil, fmt.Errorf("checks of release %s: %w", r.row.ID, err)
	}
	out := make(map[checkKey]*dbsqlc.ReleaseVersionChecksRow, len(rows))
	for _, row := range rows {
		out[checkKey{row.VersionID, row.Name}] = row
	}
	return out, nil
}

// checkProblem says how a required check falls short ("" when it has passed with the
// score the environment asks for, if any).
func checkProblem(c *dbsqlc.ReleaseVersionChecksRow, found bool, minScore *float64) string {
	switch {
	case !found || c.Status == "pending":
		return "to pass"
	case c.Status == "failed":
		return "failed; it must pass"
	case minScore != nil && (c.Score == nil || *c.Score < *minScore):
		return fmt.Sprintf("to pass with a score of at least %g", *minScore)
	}
	return ""
}

// releaseViews shows releases as the API does, reading their changes and reviews at once.
func (s *Server) releaseViews(ctx context.Context, db dbsqlc.DBTX, rows []*dbsqlc.Release) ([]api.Release, error) {
	ids := make([]uuid.UUID, len(rows))
	for i, row := range rows {
		ids[i] = row.ID
	}
	changes, err := s.q.ReleaseChangeList(ctx, db, ids)
	if err != nil {
		return nil, fmt.Errorf("changes of releases: %w", err)
	}
	reviews, err := s.q.ReleaseReviewList(ctx, db, ids)
	if err != nil {
		return nil, fmt.Errorf("reviews of releases: %w", err)
	}
	byRelease := map[uuid.UUID][]*dbsqlc.ReleaseChangeListRow{}
	for _, c := range changes {
		byRelease[c.ReleaseID] = append(byRelease[c.ReleaseID], c)
	}
	reviewsOf := map[uuid.UUID][]api.ReleaseReview{}
	for _, rv := range reviews {
		reviewsOf[rv.ReleaseID] = append(reviewsOf[rv.ReleaseID], reviewFromDB(rv))
	}
	out := make([]api.Release, len(rows))
	for i, row := range rows {
		r := &release{row: row, changes: byRelease[row.ID]}
		if err := json.Unmarshal(row.Strategy, &r.strategy); err != nil {
			return nil, fmt.Errorf("strategy of release %s: %w", row.ID, err)
		}
		var waiting []string
		switch {
		case row.Status == statusPending:
			if waiting, err = s.waitingFor(ctx, db, r); err != nil {
				return nil, err
			}
			if len(waiting) == 0 && row.HeldReason != nil { // nothing but the project's state
				waiting = []string{*row.HeldReason}
			}
		case row.HeldReason != nil:
			waiting = []string{*row.HeldReason}
		}
		if waiting == nil { // a pending release nothing holds any more, until it applies
			waiting = []string{}
		}
		out[i] = releaseFromDB(r, reviewsOf[row.ID], waiting)
	}
	return out, nil
}

// releaseView shows one release as the API does.
func (s *Server) releaseView(ctx context.Context, db dbsqlc.DBTX, row *dbsqlc.Release) (api.Release, error) {
	views, err := s.releaseViews(ctx, db, []*dbsqlc.Release{row})
	if err != nil {
		return api.Release{}, err
	}
	return views[0], nil
}

// releaseOf is the release id of the caller's project as the API shows it (pgx.ErrNoRows
// when it has none).
func (s *Server) releaseOf(ctx context.Context, project, id uuid.UUID) (api.Release, error) {
	row, err := s.q.ReleaseGet(ctx, s.db, dbsqlc.ReleaseGetParams{ProjectID: project, ID: id})
	if err != nil {
		return api.Release{}, fmt.Errorf("get release %s: %w", id, err)
	}
	return s.releaseView(ctx, s.db, row)
}

func releaseFromDB(r *release, reviews []api.ReleaseReview, waiting []string) api.Release {
	row := r.row
	changes := make([]api.ReleaseChange, len(r.changes))
	for i, c := range r.changes {
		changes[i] = api.ReleaseChange{
			PromptId: c.PromptID, Slug: c.Slug, ToVersionId: c.ToVersionID, ToVersionNumber: int(c.ToVersionNumber),
			FromVersionNumber: nullableOf(intOf(c.FromVersionNumber)),
		}
	}
	if reviews == nil {
		reviews = []api.ReleaseReview{}
	}
	return api.Release{
		Id: row.ID, Environment: api.Environment(row.Environment), Status: api.ReleaseStatus(row.Status), Strategy: r.strategy,
		Percent: percentOf(row), Step: int(row.Step), Changes: changes, ScheduledAt: nullableOf(row.ScheduledAt),
		Message: nullableOf(row.Message), Author: actorFromDB(row.Actor), Reviews: reviews, WaitingFor: waiting,
		RollbackReason: nullableOf(row.RollbackReason), CreatedAt: row.CreatedAt, StartedAt: nullableOf(row.StartedAt),
		FinishedAt: nullableOf(row.FinishedAt), UpdatedAt: row.UpdatedAt,
	}
}

func reviewFromDB(rv *dbsqlc.ReleaseReview) api.ReleaseReview {
	var actor api.Actor
	_ = json.Unmarshal(rv.Actor, &actor) // written by events.ActorOf; a person always
	return api.ReleaseReview{Actor: actor, Decision: api.ReleaseReviewDecision(rv.Decision), Comment: nullableOf(rv.Comment), CreatedAt: rv.CreatedAt}
}

// intOf widens an optional number.
func intOf(n *int32) *int {
	if n == nil {
		return nil
	}
	return new(int(*n))
}

// releaseEvent is the data of every release.* event: the release as the API shows it,
// with the sorted slugs of its prompts, which readers holding several prompts read again
// at once.
type releaseEvent struct {
	api.Release
	Slugs []string `json:"slugs"`
}

// recordRelease records eventType of r, as it is now in tx.
func (s *Server) recordRelease(ctx context.Context, tx pgx.Tx, r *release, eventType string) error {
	view, err := s.releaseView(ctx, tx, r.row)
	if err != nil {
		return err
	}
	slugs := make([]string, len(view.Changes))
	for i, c := range view.Changes {
		slugs[i] = c.Slug
	}
	return s.recordIn(ctx, tx, r.row.ProjectID, eventType, releaseEvent{Release: view, Slugs: slugs})
}
