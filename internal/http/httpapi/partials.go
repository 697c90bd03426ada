package httpapi

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/prompt/rendering"
	"github.com/promptops/promptops/internal/prompt/template"
)

// errPartialUnavailable is returned when a partial that a template includes does not
// resolve in the environment: unpinned, no version of it is live there; pinned, that
// version has never been live there.
type errPartialUnavailable struct {
	ref template.Partial
	env string
}

func (e errPartialUnavailable) Error() string {
	if e.ref.Version > 0 {
		return fmt.Sprintf("version %d of the partial %s has never been live in %s", e.ref.Version, e.ref.Slug, e.env)
	}
	return fmt.Sprintf("the partial %s has no version deployed to %s", e.ref.Slug, e.env)
}

// partialMissing reports whether err is an errPartialUnavailable (kept out of the callers,
// where the target of errors.As would be allocated on every request).
func partialMissing(err error) (errPartialUnavailable, bool) {
	if err == nil {
		return errPartialUnavailable{}, false
	}
	var missing errPartialUnavailable
	ok := errors.As(err, &missing)
	return missing, ok
}

// errInclusion is a chain of partials that comes back to its start or is deeper than
// template.MaxDepth.
type errInclusion struct{ problem string }

func (e errInclusion) Error() string { return e.problem }

// resolvePartials follows the references roots of prompt self in env, breadth first: a
// reference back to self is a cycle, and a chain deeper than template.MaxDepth is refused.
// A partial with no version live in env is an error, unless lenient (a deployment's check
// of cycles, which a partial deployed later must not be able to dodge, passes over it).
func (s *Server) resolvePartials(ctx context.Context, db dbsqlc.DBTX, projectID uuid.UUID, env, self string, roots []template.Partial, lenient bool) (rendering.Partials, error) {
	return walkPartials(self, roots, lenient, func(ref template.Partial) (*dbsqlc.PromptVersion, error) {
		return s.partialVersion(ctx, db, projectID, env, ref)
	})
}

// partialVersionFunc returns the version a reference names in the environment, or an
// errPartialUnavailable.
type partialVersionFunc func(ref template.Partial) (*dbsqlc.PromptVersion, error)

// walkPartials is resolvePartials with the versions found by versionFunc.
func walkPartials(self string, roots []template.Partial, lenient bool, versionFunc partialVersionFunc) (rendering.Partials, error) {
	set := rendering.NewPartials()
	type step struct {
		ref   template.Partial
		chain string
	}
	queue := make([]step, len(roots))
	for i, r := range roots {
		queue[i] = step{r, self + " > " + r.String()}
	}
	for len(queue) > 0 {
		next := queue[0]
		queue = queue[1:]
		if next.ref.Slug == self {
			return set, errInclusion{"the partials include the prompt itself: " + next.chain}
		}
		if strings.Count(next.chain, " > ") > template.MaxDepth {
			return set, errInclusion{fmt.Sprintf("partials nest deeper than %d levels: %s", template.MaxDepth, next.chain)}
		}
		if set.Has(next.ref) {
			continue
		}
		v, err := versionFunc(next.ref)
		if lenient && errors.As(err, new(errPartialUnavailable)) {
			continue
		}
		if err != nil {
			return set, err
		}
		t, err := template.Parse(v.UserTemplate)
		if err != nil {
			return set, fmt.Errorf("stored template of version %s: %w", v.ID, err)
		}
		set.Add(next.ref, v.ID, int(v.VersionNumber), v.UserTemplate, t)
		for _, p := range t.Partials() {
			queue = append(queue, step{p, next.chain + " > " + p.String()})
		}
	}
	return set, nil
}

// partialVersion is the version a reference names in env: the live one, or the pinned
// one if it has been live in env (what version=N on resolve may show there).
func (s *Server) partialVersion(ctx context.Context, db dbsqlc.DBTX, projectID uuid.UUID, env string, ref template.Partial) (*dbsqlc.PromptVersion, error) {
	if ref.Version > 0 {
		row, err := s.q.ResolvePinned(ctx, db, dbsqlc.ResolvePinnedParams{
			ProjectID: projectID, Slug: ref.Slug, Environment: env, VersionNumber: int32(ref.Version),
		})
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, errPartialUnavailable{ref: ref, env: env}
		}
		if err != nil {
			return nil, fmt.Errorf("partial %s in %s: %w", ref, env, err)
		}
		return &row.PromptVersion, nil
	}
	row, err := s.q.ResolveActive(ctx, db, dbsqlc.ResolveActiveParams{ProjectID: projectID, Slug: ref.Slug, Environment: env})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errPartialUnavailable{ref: ref, env: env}
	}
	if err != nil {
		return nil, fmt.Errorf("partial %s in %s: %w", ref.Slug, env, err)
	}
	return &row.PromptVersion, nil
}

// storedRefs reads the references a version stored ("slug" or "slug@3").
func storedRefs(stored []string) []template.Partial {
	out := make([]template.Partial, 0, len(stored))
	for _, ref := range stored {
		slug, number, pinned := strings.Cut(ref, "@")
		p := template.Partial{Slug: slug}
		if pinned {
			p.Version, _ = strconv.Atoi(number)
		}
		out = append(out, p)
	}
	return out
}

// checkInclusion refuses to make version live in env when its partials, as they resolve
// there, would include the prompt itself or nest too deep.
func (s *Server) checkInclusion(ctx context.Context, tx pgx.Tx, prompt *dbsqlc.Prompt, env string, version *dbsqlc.PromptVersion) error {
	_, err := s.resolvePartials(ctx, tx, prompt.ProjectID, env, prompt.Slug, storedRefs(version.Partials), true)
	return err
}

// checkComposition refuses a deployment of prompt's version number to env, applied in tx
// and not committed, after which a prompt live in env would compose past the bounds: the
// prompt itself, or one whose live version, or the new version a release serves to its
// share, includes it, directly or through other partials, unpinned or pinned to that
// version (which may be includable there for the first time). Partials that do not
// resolve in env are passed over, as by checkInclusion.
func (s *Server) checkComposition(ctx context.Context, tx pgx.Tx, prompt *dbsqlc.Prompt, env string, number int32) error {
	live, err := s.includers(ctx, tx, prompt.ProjectID, env, prompt.Slug, number, true)
	if err != nil {
		return err
	}
	rows, err := s.q.ResolveLive(ctx, tx, dbsqlc.ResolveLiveParams{ProjectID: prompt.ProjectID, Environment: env, Slugs: append(slugsOf(live), prompt.Slug)})
	if err != nil {
		return fmt.Errorf("prompts including %s in %s: %w", prompt.Slug, env, err)
	}
	versionFunc := memoVersions(func(ref template.Partial) (*dbsqlc.PromptVersion, error) {
		return s.partialVersion(ctx, tx, prompt.ProjectID, env, ref)
	})
	bounds := rendering.Bounds{Bytes: s.renderLimit, Placeholders: maxPlaceholders}
	for _, row := range rows {
		if err := checkServed(row.Slug, env, &row.PromptVersion, versionFunc, bounds); err != nil {
			return err
		}
		if row.CandidateVersionID == nil {
			continue
		}
		candidate, err := s.q.VersionGet(ctx, tx, dbsqlc.VersionGetParams{ProjectID: prompt.ProjectID, PromptID: row.PromptVersion.PromptID, ID: *row.CandidateVersionID})
		if err != nil {
			return fmt.Errorf("new version of %s: %w", row.Slug, err)
		}
		err = checkServed(row.Slug, env, candidate, versionFunc, bounds)
		if refused, ok := composeRefused(err); ok { // say which version: the live one is within the bounds
			refused.Slug = fmt.Sprintf("%s v%d (the new version release %s serves to its share)", row.Slug, candidate.VersionNumber, *row.ReleaseID)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// checkServed refuses version v of slug, served in env, when it would compose past bounds
// with its partials as versionFunc finds them.
func checkServed(slug, env string, v *dbsqlc.PromptVersion, versionFunc partialVersionFunc, bounds rendering.Bounds) error {
	live, err := parseVersion(slug, env, v)
	if err != nil {
		return err
	}
	partials, err := walkPartials(slug, live.Includes(), true, versionFunc)
	if err != nil {
		return err
	}
	return live.CheckComposition(partials, bounds)
}

// includer is a prompt whose version live in an environment includes another, with that
// version's number.
type includer struct {
	id     uuid.UUID
	slug   string
	number int32
}

// includers lists the prompts whose version live in env (or, candidates, the new version
// a release serves to its share there) includes version number of slug, directly or
// through up to template.MaxDepth levels of other partials: unpinned ("slug", where that
// version is live) or pinned ("slug@3"), nearest first, then by slug; in one query.
func (s *Server) includers(ctx context.Context, db dbsqlc.DBTX, projectID uuid.UUID, env, slug string, number int32, candidates bool) ([]includer, error) {
	rows, err := s.q.ResolveIncluders(ctx, db, dbsqlc.ResolveIncludersParams{ProjectID: projectID, Environment: env,
		Refs: []string{slug, slug + "@" + strconv.Itoa(int(number))}, MaxDepth: template.MaxDepth, WithCandidates: candidates})
	if err != nil {
		return nil, fmt.Errorf("includers of %s in %s: %w", slug, env, err)
	}
	live := make([]includer, len(rows))
	for i, r := range rows {
		live[i] = includer{id: r.PromptID, slug: r.Slug, number: r.VersionNumber}
	}
	return live, nil
}

// slugsOf is the slugs of includers, in their order.
func slugsOf(includers []includer) []string {
	slugs := make([]string, len(includers))
	for i, in := range includers {
		slugs[i] = in.slug
	}
	return slugs
}

// memoVersions is versionFunc answering each reference once, for the checks of several
// prompts that include the same partials.
func memoVersions(versionFunc partialVersionFunc) partialVersionFunc {
	type answer struct {
		v   *dbsqlc.PromptVersion
		err error
	}
	answers := map[string]answer{}
	return func(ref template.Partial) (*dbsqlc.PromptVersion, error) {
		a, ok := answers[ref.String()]
		if !ok {
			a.v, a.err = versionFunc(ref)
			answers[ref.String()] = a
		}
		return a.v, a.err
	}
}

// parseVersion starts preparing version v of slug as env resolves it (rendering.Parse),
// its partials still to be resolved.
func parseVersion(slug, env string, v *dbsqlc.PromptVersion) (*rendering.Live, error) {
	c, err := contentOf(v)
	if err != nil {
		return nil, err
	}
	data, err := resolvedData(slug, env, v, c)
	if err != nil {
		return nil, err
	}
	live, err := rendering.Parse(data)
	if err != nil {
		return nil, err
	}
	live.PromptID = v.PromptID
	return live, nil
}

// composeRefused reports whether err is a *rendering.ComposeError (kept out of the
// callers, where the target of errors.As would be allocated on every request).
func composeRefused(err error) (*rendering.ComposeError, bool) {
	if err == nil {
		return nil, false
	}
	var refused *rendering.ComposeError
	ok := errors.As(err, &refused)
	return refused, ok
}

// composeConflict is the 409 of a composition past its bounds, with its figures; message
// says what cannot be done.
func composeConflict(ctx context.Context, message string, refused *rendering.ComposeError) api.ConflictJSONResponse {
	message, details := refused.Refusal(message)
	return api.ConflictJSONResponse{Body: errorBody(ctx, api.ErrorCodeCONFLICT, message, &details)}
}

// recordDependents records prompt.dependency_changed for each prompt whose version live in
// env includes prompt unpinned: what it resolves to has just changed, by release when one
// made the change.
func (s *Server) recordDependents(ctx context.Context, tx pgx.Tx, prompt *dbsqlc.Prompt, env string, number int32, release *uuid.UUID) error {
	rows, err := s.q.ResolveDependents(ctx, tx, dbsqlc.ResolveDependentsParams{ProjectID: prompt.ProjectID, Environment: env, Slug: prompt.Slug})
	if err != nil {
		return fmt.Errorf("dependents of %s: %w", prompt.Slug, err)
	}
	for _, d := range rows {
		err := s.recordIn(ctx, tx, prompt.ProjectID, events.PromptDependencyChanged, dependencyEvent{
			PromptID: d.ID, Slug: d.Slug, Environment: env, VersionNumber: d.VersionNumber,
			Dependency: api.PartialRef{Slug: prompt.Slug, VersionNumber: int(number)}, ReleaseID: release,
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// dependencyEvent is the data of prompt.dependency_changed: the dependent prompt, its live
// version in the environment, and the partial that now resolves to another version.
type dependencyEvent struct {
	PromptID      uuid.UUID      `json:"promptId"`
	Slug          string         `json:"slug"`
	Environment   string         `json:"environment"`
	VersionNumber int32          `json:"versionNumber"`
	Dependency    api.PartialRef `json:"dependency"`
	// ReleaseID is the release that moved the partial, null when none did: readers holding
	// several prompts wait for the release's own event, lest they show the dependent moved
	// before the release's other prompts.
	ReleaseID *uuid.UUID `json:"releaseId"`
}
