package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/store/database"
)

// The statuses of a release.
const (
	statusPending    = string(api.ReleaseStatusPendingApproval)
	statusScheduled  = string(api.ReleaseStatusScheduled)
	statusRollingOut = string(api.ReleaseStatusRollingOut)
	statusCompleted  = string(api.ReleaseStatusCompleted)
	statusRolledBack = string(api.ReleaseStatusRolledBack)
	statusRejected   = string(api.ReleaseStatusRejected)
	statusCancelled  = string(api.ReleaseStatusCancelled)
)

// errRollingOut is returned when a prompt cannot change in an environment because a
// release is rolling it out there.
type errRollingOut struct {
	release uuid.UUID
	slug    string
	env     string
}

func (e errRollingOut) Error() string {
	return fmt.Sprintf("Release %s is rolling %s out in %s: complete it or roll it back first.", e.release, e.slug, e.env)
}

// errReleaseConflict is a release's change that the state of the project refuses (a 409);
// its message is a sentence.
type errReleaseConflict struct{ message string }

func (e errReleaseConflict) Error() string { return e.message }

// errCannotComplete is a release's change that cannot be live in its environment as the
// release would make it (or, rolling back, as it was before), refused by err (a
// *rendering.ComposeError or an errInclusion); the 409 names the change, then says why as
// a promote's refusal does.
type errCannotComplete struct {
	slug     string
	number   int32
	env      string
	rollback bool
	err      error
}

func (e errCannotComplete) Error() string { return e.what() + ": " + e.err.Error() }

func (e errCannotComplete) Unwrap() error { return e.err }

// what is the 409's message before the reason.
func (e errCannotComplete) what() string {
	if e.rollback {
		return fmt.Sprintf("The release could not be rolled back: %s v%d cannot be live in %s again", e.slug, e.number, e.env)
	}
	return fmt.Sprintf("The release could not complete: %s v%d cannot be live in %s", e.slug, e.number, e.env)
}

// liveCheck is a version a release made live (or live again), checked with the others
// once all of them are (checkMade).
type liveCheck struct {
	prompt  *dbsqlc.Prompt
	version *dbsqlc.PromptVersion
}

// checkMade refuses the versions r made live in tx when any cannot be live there
// (checkLive), as an errCannotComplete. Run once every change is made, so that prompts
// moved together, a partial and a prompt that includes it, are judged by the state they
// leave and not by the order they were moved in.
func (s *Server) checkMade(ctx context.Context, tx pgx.Tx, r *release, made []liveCheck, rollback bool) error {
	for _, m := range made {
		err := s.checkLive(ctx, tx, m.prompt, r.row.Environment, m.version)
		if _, refused := composeRefused(err); refused || errors.As(err, new(errInclusion)) {
			return errCannotComplete{slug: m.prompt.Slug, number: m.version.VersionNumber, env: r.row.Environment, rollback: rollback, err: err}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// release is a release with its changes (in slug order), as one transaction reads it.
type release struct {
	row      *dbsqlc.Release
	strategy api.ReleaseStrategy
	changes  []*dbsqlc.ReleaseChangeListRow
}

// loadRelease reads the changes and strategy of row.
func (s *Server) loadRelease(ctx context.Context, db dbsqlc.DBTX, row *dbsqlc.Release) (*release, error) {
	r := &release{row: row}
	if err := json.Unmarshal(row.Strategy, &r.strategy); err != nil {
		return nil, fmt.Errorf("strategy of release %s: %w", row.ID, err)
	}
	changes, err := s.q.ReleaseChangeList(ctx, db, []uuid.UUID{row.ID})
	if err != nil {
		return nil, fmt.Errorf("changes of release %s: %w", row.ID, err)
	}
	r.changes = changes
	return r, nil
}

// lockRelease takes the row lock of a release and reads it (pgx.ErrNoRows when project
// has none with the id).
func (s *Server) lockRelease(ctx context.Context, tx pgx.Tx, project, id uuid.UUID) (*release, error) {
	row, err := s.q.ReleaseLock(ctx, tx, id)
	if err == nil && row.ProjectID != project {
		err = pgx.ErrNoRows
	}
	if err != nil {
		return nil, fmt.Errorf("lock release %s: %w", id, err)
	}
	return s.loadRelease(ctx, tx, row)
}

// percentOf is a release's share on its candidates.
func percentOf(row *dbsqlc.Release) float64 {
	f, err := row.Percent.Float64Value()
	if err != nil {
		return 0
	}
	return f.Float64
}

// setRelease writes a release's new state, as change makes it from the current one.
func (s *Server) setRelease(ctx context.Context, tx pgx.Tx, r *release, change func(*dbsqlc.ReleaseUpdateParams)) error {
	row := r.row
	u := dbsqlc.ReleaseUpdateParams{
		ID: row.ID, Status: row.Status, Percent: percentOf(row), Step: row.Step, StepStartedAt: row.StepStartedAt,
		StartedAt: row.StartedAt, FinishedAt: row.FinishedAt, RollbackReason: row.RollbackReason, HeldReason: row.HeldReason,
	}
	change(&u)
	if u.Status != row.Status { // a hold is of one status: a release that moves on is held by nothing
		u.HeldReason = nil
	}
	updated, err := s.q.ReleaseUpdate(ctx, tx, u)
	if err != nil {
		return fmt.Errorf("update release %s: %w", row.ID, err)
	}
	r.row = updated
	return nil
}

// finish ends a release in status.
func (s *Server) finish(ctx context.Context, tx pgx.Tx, r *release, status string, reason *string) error {
	now := s.nowFunc()
	return s.setRelease(ctx, tx, r, func(u *dbsqlc.ReleaseUpdateParams) {
		u.Status, u.FinishedAt, u.RollbackReason = status, &now, reason
	})
}

// lockPrompts takes the row locks of a release's prompts, in id order so that two
// releases never wait for each other, and returns them by id.
func (s *Server) lockPrompts(ctx context.Context, tx pgx.Tx, r *release) (map[uuid.UUID]*dbsqlc.Prompt, error) {
	ids := make([]uuid.UUID, len(r.changes))
	for i, c := range r.changes {
		ids[i] = c.PromptID
	}
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) })
	out := make(map[uuid.UUID]*dbsqlc.Prompt, len(ids))
	for _, id := range ids {
		p, err := s.q.PromptLock(ctx, tx, dbsqlc.PromptLockParams{ProjectID: r.row.ProjectID, ID: id})
		if err != nil {
			return nil, fmt.Errorf("lock prompt %s: %w", id, err)
		}
		out[id] = p
	}
	return out, nil
}

// proceed moves on a release whose approvals and checks hold: scheduled while its time is
// to come, else applied.
func (s *Server) proceed(ctx context.Context, tx pgx.Tx, r *release) error {
	if r.row.ScheduledAt != nil && r.row.ScheduledAt.After(s.nowFunc()) {
		if err := s.setRelease(ctx, tx, r, func(u *dbsqlc.ReleaseUpdateParams) { u.Status = statusScheduled }); err != nil {
			return err
		}
		return nil
	}
	return s.applyRelease(ctx, tx, r)
}

// applyRelease makes every change of r at once, in tx: immediate releases deploy each
// version, split and gradual ones start serving them to their share of subjects, unless
// the project's state already refuses to complete them.
func (s *Server) applyRelease(ctx context.Context, tx pgx.Tx, r *release) error {
	prompts, err := s.lockPrompts(ctx, tx, r)
	if err != nil {
		return err
	}
	if string(r.strategy.Type) != strategyImmediate {
		if err := s.checkCompletes(ctx, tx, r, prompts); err != nil {
			return err
		}
	}
	var made []liveCheck
	for _, c := range r.changes {
		m, err := s.applyChange(ctx, tx, r, prompts[c.PromptID], c)
		if err != nil {
			return err
		}
		made = append(made, m...)
	}
	if err := s.checkMade(ctx, tx, r, made, false); err != nil {
		return err
	}
	now := s.nowFunc()
	status := statusRollingOut
	if string(r.strategy.Type) == strategyImmediate {
		status = statusCompleted
	}
	err = s.setRelease(ctx, tx, r, func(u *dbsqlc.ReleaseUpdateParams) {
		u.Status, u.Percent, u.Step, u.StepStartedAt, u.StartedAt = status, startPercent(r.strategy), 0, &now, &now
		if status == statusCompleted {
			u.FinishedAt = &now
		}
	})
	if err != nil {
		return err
	}
	if r, err = s.loadRelease(ctx, tx, r.row); err != nil { // the versions each change moved from
		return err
	}
	if err := s.recordRelease(ctx, tx, r, events.ReleaseStarted); err != nil {
		return err
	}
	if status == statusCompleted {
		return s.recordRelease(ctx, tx, r, events.ReleaseCompleted)
	}
	return s.enqueueEvaluation(ctx, tx, r)
}

// applyChange makes one change of r: records the version it moves from, then deploys the
// new one (immediate), which it returns for checkMade, or makes it the deployment's
// candidate (split, gradual).
func (s *Server) applyChange(ctx context.Context, tx pgx.Tx, r *release, prompt *dbsqlc.Prompt, c *dbsqlc.ReleaseChangeListRow) ([]liveCheck, error) {
	env := r.row.Environment
	current, err := s.q.DeploymentGet(ctx, tx, dbsqlc.DeploymentGetParams{PromptID: prompt.ID, Environment: env})
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("current deployment: %w", err)
	}
	var from *uuid.UUID
	if err == nil {
		if current.ReleaseID != nil && *current.ReleaseID != r.row.ID {
			return nil, errRollingOut{release: *current.ReleaseID, slug: prompt.Slug, env: env}
		}
		from = &current.VersionID
	}
	err = s.q.ReleaseChangeSetFrom(ctx, tx, dbsqlc.ReleaseChangeSetFromParams{ReleaseID: r.row.ID, PromptID: prompt.ID, FromVersionID: from})
	if err != nil {
		return nil, fmt.Errorf("record where %s moves from: %w", prompt.Slug, err)
	}
	version, err := s.q.VersionGet(ctx, tx, dbsqlc.VersionGetParams{ProjectID: prompt.ProjectID, PromptID: prompt.ID, ID: c.ToVersionID})
	if err != nil {
		return nil, fmt.Errorf("version of %s: %w", prompt.Slug, err)
	}
	if string(r.strategy.Type) == strategyImmediate {
		return s.deployChange(ctx, tx, r, prompt, version)
	}
	switch {
	case from == nil:
		return nil, errReleaseConflict{fmt.Sprintf("%s has no version live in %s for a %s release to share subjects with; release it immediately first.", prompt.Slug, env, r.strategy.Type)}
	case *from == version.ID:
		return nil, nil // already live for everyone
	}
	d, err := s.q.ReleaseDeploymentCandidate(ctx, tx, dbsqlc.ReleaseDeploymentCandidateParams{
		PromptID: prompt.ID, Environment: env, ReleaseID: &r.row.ID, CandidateVersionID: &version.ID,
	})
	if err != nil {
		return nil, fmt.Errorf("roll %s out: %w", prompt.Slug, err)
	}
	return nil, s.recordHistory(ctx, tx, deploymentChange{action: actionRollout, prompt: prompt, d: d, previous: from, release: &r.row.ID}, version.ID)
}

// deployChange makes version of prompt live in r's environment for r, as an immediate
// release does, and returns it for checkMade (nothing when it was live already).
func (s *Server) deployChange(ctx context.Context, tx pgx.Tx, r *release, prompt *dbsqlc.Prompt, version *dbsqlc.PromptVersion) ([]liveCheck, error) {
	_, moved, err := s.deployUnchecked(ctx, tx, prompt, r.row.Environment, version, &r.row.ID)
	if err != nil || !moved {
		return nil, err
	}
	return []liveCheck{{prompt: prompt, version: version}}, nil
}

// checkCompletes refuses the split or gradual release r, about to start, when the
// project's state already refuses its completion: a release that could never end would
// otherwise serve its share until it reached its end, and be held there. It completes r
// as an immediate release would, by the same checks, in a savepoint it then rolls back;
// what may change after r has started, completion checks again.
func (s *Server) checkCompletes(ctx context.Context, tx pgx.Tx, r *release, prompts map[uuid.UUID]*dbsqlc.Prompt) error {
	trial, err := tx.Begin(ctx)
	if err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	if err := s.completeTrial(ctx, trial, r, prompts); err != nil {
		_ = trial.Rollback(ctx) // tx is rolled back with the error: the change's is what matters
		return err
	}
	// Nothing of the trial may stay in tx: a failed rollback fails the release.
	if err := trial.Rollback(ctx); err != nil {
		return fmt.Errorf("roll back the trial completion: %w", err)
	}
	return nil
}

// completeTrial makes every change of r live in trial, as completing r would, and checks
// them together.
func (s *Server) completeTrial(ctx context.Context, trial pgx.Tx, r *release, prompts map[uuid.UUID]*dbsqlc.Prompt) error {
	var made []liveCheck
	for _, c := range r.changes {
		prompt := prompts[c.PromptID]
		version, err := s.q.VersionGet(ctx, trial, dbsqlc.VersionGetParams{ProjectID: prompt.ProjectID, PromptID: prompt.ID, ID: c.ToVersionID})
		if err != nil {
			return fmt.Errorf("version of %s: %w", prompt.Slug, err)
		}
		m, err := s.deployChange(ctx, trial, r, prompt, version)
		if err != nil {
			return err
		}
		made = append(made, m...)
	}
	return s.checkMade(ctx, trial, r, made, false)
}

// completeRelease makes the candidates of a rolling release live for everyone.
func (s *Server) completeRelease(ctx context.Context, tx pgx.Tx, r *release) error {
	prompts, err := s.lockPrompts(ctx, tx, r)
	if err != nil {
		return err
	}
	var made []liveCheck
	for _, c := range r.changes {
		prompt := prompts[c.PromptID]
		d, err := s.ownDeployment(ctx, tx, r, prompt)
		if err != nil {
			return err
		}
		if d == nil {
			continue // its version was live already: the release has nothing to complete here
		}
		if err := s.endSplit(ctx, tx, r, prompt); err != nil {
			return err
		}
		version, err := s.q.VersionGet(ctx, tx, dbsqlc.VersionGetParams{ProjectID: prompt.ProjectID, PromptID: prompt.ID, ID: *d.CandidateVersionID})
		if err != nil {
			return fmt.Errorf("candidate of %s: %w", prompt.Slug, err)
		}
		m, err := s.deployChange(ctx, tx, r, prompt, version)
		if err != nil {
			return err
		}
		made = append(made, m...)
	}
	if err := s.checkMade(ctx, tx, r, made, false); err != nil {
		return err
	}
	now := s.nowFunc()
	err = s.setRelease(ctx, tx, r, func(u *dbsqlc.ReleaseUpdateParams) { u.Status, u.Percent, u.FinishedAt = statusCompleted, 100, &now })
	if err != nil {
		return err
	}
	return s.recordRelease(ctx, tx, r, events.ReleaseCompleted)
}

// ownDeployment is prompt's deployment in r's environment while r rolls it out, nil when r
// does not (its version was live already).
func (s *Server) ownDeployment(ctx context.Context, tx pgx.Tx, r *release, prompt *dbsqlc.Prompt) (*dbsqlc.Deployment, error) {
	d, err := s.q.DeploymentGet(ctx, tx, dbsqlc.DeploymentGetParams{PromptID: prompt.ID, Environment: r.row.Environment})
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("deployment of %s: %w", prompt.Slug, err)
	case d.ReleaseID == nil || *d.ReleaseID != r.row.ID:
		return nil, nil
	}
	return d, nil
}

// endSplit stops prompt's deployment from serving r's candidate.
func (s *Server) endSplit(ctx context.Context, tx pgx.Tx, r *release, prompt *dbsqlc.Prompt) error {
	err := s.q.ReleaseDeploymentEnd(ctx, tx, dbsqlc.ReleaseDeploymentEndParams{PromptID: prompt.ID, Environment: r.row.Environment, ReleaseID: &r.row.ID})
	if err != nil {
		return fmt.Errorf("end the split of %s: %w", prompt.Slug, err)
	}
	return nil
}

// rollbackRelease puts every prompt of r back as it was before r, with reason.
func (s *Server) rollbackRelease(ctx context.Context, tx pgx.Tx, r *release, reason string) error {
	prompts, err := s.lockPrompts(ctx, tx, r)
	if err != nil {
		return err
	}
	if r.row.Status == statusRollingOut {
		err = s.dropCandidates(ctx, tx, r, prompts)
	} else {
		err = s.revertChanges(ctx, tx, r, prompts)
	}
	if err != nil {
		return err
	}
	if err := s.finish(ctx, tx, r, statusRolledBack, &reason); err != nil {
		return err
	}
	return s.recordRelease(ctx, tx, r, events.ReleaseRolledBack)
}

// dropCandidates stops serving every candidate of the rolling release r.
func (s *Server) dropCandidates(ctx context.Context, tx pgx.Tx, r *release, prompts map[uuid.UUID]*dbsqlc.Prompt) error {
	for _, c := range r.changes {
		if err := s.dropCandidate(ctx, tx, r, prompts[c.PromptID]); err != nil {
			return err
		}
	}
	return nil
}

// revertChanges undoes every change of the completed release r: the prompts that had a
// version live before it go back to it, then those that had none are taken out (the
// others no longer including them by then), then every version live again is checked
// with the others (checkMade).
func (s *Server) revertChanges(ctx context.Context, tx pgx.Tx, r *release, prompts map[uuid.UUID]*dbsqlc.Prompt) error {
	var made []liveCheck
	var out []*dbsqlc.Prompt
	for _, c := range r.changes {
		prompt := prompts[c.PromptID]
		m, takeOut, err := s.revertChange(ctx, tx, r, prompt, c)
		if err != nil {
			return err
		}
		made = append(made, m...)
		if takeOut {
			out = append(out, prompt)
		}
	}
	for _, prompt := range out {
		if err := s.takeOut(ctx, tx, r, prompt); err != nil {
			return err
		}
	}
	return s.checkMade(ctx, tx, r, made, true)
}

// dropCandidate stops serving r's candidate of prompt, recording the rollback. The prompts
// that include prompt included its current version all along (a release moves them at its
// end), so what they resolve to has not changed: no prompt.dependency_changed.
func (s *Server) dropCandidate(ctx context.Context, tx pgx.Tx, r *release, prompt *dbsqlc.Prompt) error {
	d, err := s.ownDeployment(ctx, tx, r, prompt)
	if err != nil || d == nil {
		return err
	}
	if err := s.endSplit(ctx, tx, r, prompt); err != nil {
		return err
	}
	current, err := s.q.VersionGet(ctx, tx, dbsqlc.VersionGetParams{ProjectID: prompt.ProjectID, PromptID: prompt.ID, ID: d.VersionID})
	if err != nil {
		return fmt.Errorf("current version of %s: %w", prompt.Slug, err)
	}
	return s.recordChange(ctx, tx, deploymentChange{
		action: actionRollback, prompt: prompt, d: d, number: current.VersionNumber, previous: d.CandidateVersionID, release: &r.row.ID,
	})
}

// revertChange puts prompt back to the version live before the completed release r, and
// returns it for checkMade, or reports (takeOut) that none was, for revertChanges to take
// it out of the environment; 409 when it has moved since. A prompt whose version was live
// already, r left as it was (and free to move while r rolled out): there is nothing of
// r's to undo.
func (s *Server) revertChange(ctx context.Context, tx pgx.Tx, r *release, prompt *dbsqlc.Prompt, c *dbsqlc.ReleaseChangeListRow) (made []liveCheck, takeOut bool, err error) {
	if !rollsOut(c.FromVersionID, c.ToVersionID) {
		return nil, false, nil
	}
	env := r.row.Environment
	d, err := s.q.DeploymentGet(ctx, tx, dbsqlc.DeploymentGetParams{PromptID: prompt.ID, Environment: env})
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, false, fmt.Errorf("deployment of %s: %w", prompt.Slug, err)
	}
	if err != nil || d.VersionID != c.ToVersionID || d.ReleaseID != nil {
		return nil, false, errReleaseConflict{fmt.Sprintf("%s has moved in %s since the release; roll it back by itself instead.", prompt.Slug, env)}
	}
	if c.FromVersionID == nil {
		return nil, true, nil
	}
	_, back, err := s.rollbackUnchecked(ctx, tx, prompt, env, &r.row.ID)
	if err != nil {
		return nil, false, err
	}
	if back.ID != *c.FromVersionID {
		return nil, false, errReleaseConflict{fmt.Sprintf("%s's history in %s has changed since the release; roll it back by itself instead.", prompt.Slug, env)}
	}
	return []liveCheck{{prompt: prompt, version: back}}, false, nil
}

// takeOut undeploys prompt, which had no version live in r's environment before r; 409
// when prompts live there include it.
func (s *Server) takeOut(ctx context.Context, tx pgx.Tx, r *release, prompt *dbsqlc.Prompt) error {
	_, err := s.undeploy(ctx, tx, prompt, r.row.Environment, &r.row.ID)
	var included errIncluded
	if errors.As(err, &included) {
		return errReleaseConflict{fmt.Sprintf("%s had no version live in %s before the release, and prompts live there now include it: %s.",
			prompt.Slug, r.row.Environment, strings.Join(included.slugs, ", "))}
	}
	return err
}

// refuseRollingOut is errRollingOut when a release is rolling prompt out in env: a
// promote or rollback of its own would pull the deployment from under the release.
func (s *Server) refuseRollingOut(ctx context.Context, tx pgx.Tx, prompt *dbsqlc.Prompt, env string) error {
	rows, err := s.q.ReleaseRollingOut(ctx, tx, dbsqlc.ReleaseRollingOutParams{Environment: env, PromptIds: []uuid.UUID{prompt.ID}})
	if err != nil {
		return fmt.Errorf("releases rolling %s out: %w", prompt.Slug, err)
	}
	if len(rows) > 0 {
		return errRollingOut{release: rows[0].ReleaseID, slug: prompt.Slug, env: env}
	}
	return nil
}

// reconsiderReleases applies each release pending approval that would make version live
// and whose approvals and checks now hold: the checks endpoint calls it once a report on
// the version has committed. It looks at the oldest pendingBatch of them; the periodic
// reconsideration reaches the rest. A release the project's state refuses stays pending,
// held, saying why.
func (s *Server) reconsiderReleases(ctx context.Context, version uuid.UUID) {
	ids, err := s.q.ReleasePendingWithVersion(ctx, s.db, dbsqlc.ReleasePendingWithVersionParams{VersionID: version, RowLimit: pendingBatch})
	if err != nil {
		s.logger.ErrorContext(ctx, "find releases pending on a version", "version_id", version, "error", err)
		return
	}
	s.reconsider(ctx, ids)
}

// reconsider applies each of the pending releases ids whose approvals and checks hold.
// One the project's state refuses (its 409) is held, saying why, and the next
// reconsideration tries it again.
func (s *Server) reconsider(ctx context.Context, ids []uuid.UUID) {
	for _, id := range ids {
		err := s.reconsiderRelease(ctx, id)
		if status, body, ok := refusalOf(ctx, err); ok && status == http.StatusConflict {
			err = s.holdRelease(ctx, id, statusPending, "the project's state to let it apply: "+body.Error.Message)
		}
		if err != nil {
			s.logger.WarnContext(ctx, "a pending release could not apply", "release_id", id, "error", err)
		}
	}
}

// reconsiderRelease applies the release id if it is pending and nothing holds it.
func (s *Server) reconsiderRelease(ctx context.Context, id uuid.UUID) error {
	return s.releaseTx(ctx, id, func(tx pgx.Tx, r *release) error {
		if r.row.Status != statusPending {
			return nil
		}
		waiting, err := s.waitingFor(ctx, tx, r)
		if err != nil || len(waiting) > 0 {
			return err
		}
		return s.proceed(ctx, tx, r)
	})
}

// releaseTx runs a change of the release id that no request makes (a job's, a check's) in
// a transaction holding the release's lock, then drops this instance's cached resolves of
// its project as write does. A release that is gone, or whose project is deleted, has
// nothing left to change: fn is not run and the answer is nil, so that its jobs end at
// once instead of failing every retry River makes until it gives up on them.
func (s *Server) releaseTx(ctx context.Context, id uuid.UUID, fn func(tx pgx.Tx, r *release) error) error {
	var project uuid.UUID
	err := database.WithTx(ctx, s.db, func(tx pgx.Tx) error {
		row, err := s.q.ReleaseLock(ctx, tx, id)
		if errors.Is(err, pgx.ErrNoRows) {
			s.logger.InfoContext(ctx, "release gone or its project deleted: nothing to do", "release_id", id)
			return nil
		}
		if err != nil {
			return fmt.Errorf("lock release %s: %w", id, err)
		}
		project = row.ProjectID
		r, err := s.loadRelease(ctx, tx, row)
		if err != nil {
			return err
		}
		return fn(tx, r)
	})
	if err == nil && s.resolves != nil && project != uuid.Nil {
		s.resolves.Invalidate(project)
	}
	return err
}
