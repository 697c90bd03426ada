package httpapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/events"
	"github.com/promptops/promptops/internal/template"
)

// partialSet is what a version's templates include, followed to the end, in one
// environment: each reference with the version it names there. A partial's text is that
// version's user template.
type partialSet struct {
	// refs are the references in order of first inclusion, each once.
	refs []api.PartialRef
	// templates and texts are each reference's template, parsed and as written, by
	// reference ("slug" or "slug@3").
	templates map[string]*template.Template
	texts     map[string]string
	// versionIDs name exactly what was included, for the ETag.
	versionIDs []uuid.UUID
}

// errPartialUnavailable is returned when a partial that a template includes unpinned has
// no version live in the environment.
type errPartialUnavailable struct{ slug, env string }

func (e errPartialUnavailable) Error() string {
	return fmt.Sprintf("the partial %s has no version deployed to %s", e.slug, e.env)
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

// includes lists the partial references of templates, each once, in order.
func includes(templates []*template.Template) []template.Partial {
	var out []template.Partial
	seen := map[string]bool{}
	for _, t := range templates {
		for _, p := range t.Partials() {
			if !seen[p.String()] {
				seen[p.String()] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// resolvePartials follows the references roots of prompt self in env, breadth first: a
// reference back to self is a cycle, and a chain deeper than template.MaxDepth is refused.
// A partial with no version live in env is an error, unless lenient (a deployment's check
// of cycles, which a partial deployed later must not be able to dodge, passes over it).
func (s *Server) resolvePartials(ctx context.Context, db dbsqlc.DBTX, projectID uuid.UUID, env, self string, roots []template.Partial, lenient bool) (partialSet, error) {
	set := partialSet{refs: []api.PartialRef{}, templates: map[string]*template.Template{}, texts: map[string]string{}}
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
		key := next.ref.String()
		if _, done := set.templates[key]; done {
			continue
		}
		v, err := s.partialVersion(ctx, db, projectID, env, next.ref)
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
		set.templates[key], set.texts[key] = t, v.UserTemplate
		set.refs = append(set.refs, api.PartialRef{Slug: next.ref.Slug, VersionNumber: int(v.VersionNumber)})
		set.versionIDs = append(set.versionIDs, v.ID)
		for _, p := range t.Partials() {
			queue = append(queue, step{p, next.chain + " > " + p.String()})
		}
	}
	return set, nil
}

// partialVersion is the version a reference names in env: the pinned one, or the live one.
func (s *Server) partialVersion(ctx context.Context, db dbsqlc.DBTX, projectID uuid.UUID, env string, ref template.Partial) (*dbsqlc.PromptVersion, error) {
	if ref.Version > 0 {
		row, err := s.q.ResolveAnyVersion(ctx, db, dbsqlc.ResolveAnyVersionParams{ProjectID: projectID, Slug: ref.Slug, VersionNumber: int32(ref.Version)})
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, errPartialUnavailable{slug: ref.String(), env: env}
		}
		if err != nil {
			return nil, fmt.Errorf("partial %s: %w", ref, err)
		}
		return &row.PromptVersion, nil
	}
	row, err := s.q.ResolveActive(ctx, db, dbsqlc.ResolveActiveParams{ProjectID: projectID, Slug: ref.Slug, Environment: env})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errPartialUnavailable{slug: ref.Slug, env: env}
	}
	if err != nil {
		return nil, fmt.Errorf("partial %s in %s: %w", ref.Slug, env, err)
	}
	return &row.PromptVersion, nil
}

// include is the IncludeFunc of a render: the set holds every template it can ask for.
func (set partialSet) include(ref template.Partial) (*template.Template, error) {
	if t, ok := set.templates[ref.String()]; ok {
		return t, nil
	}
	return nil, fmt.Errorf("partial %s was not resolved", ref)
}

// partialTag matches a partial tag as the template parser reads it.
var partialTag = regexp.MustCompile(`\{\{>\s*([a-z0-9](?:[a-z0-9._-]*[a-z0-9])?(?:@[1-9][0-9]*)?)\s*\}\}`)

// compose writes src with its partial tags replaced by the partials' text, itself
// composed (the set is free of cycles and bounded in depth).
func (set partialSet) compose(src string) string {
	return partialTag.ReplaceAllStringFunc(src, func(tag string) string {
		ref := partialTag.FindStringSubmatch(tag)[1]
		text, ok := set.texts[ref]
		if !ok {
			return tag
		}
		return set.compose(text)
	})
}

// composeResolved is a resolve response's data with its templates composed.
func (set partialSet) composeResolved(data api.ResolvedPrompt) api.ResolvedPrompt {
	data.SystemPrompt, data.UserTemplate = set.compose(data.SystemPrompt), set.compose(data.UserTemplate)
	messages := make([]api.Message, len(data.Messages))
	for i, m := range data.Messages {
		messages[i] = api.Message{Role: m.Role, Content: set.compose(m.Content)}
	}
	data.Messages = messages
	return data
}

// etagSuffix distinguishes resolves of one version whose partials resolve differently.
func (set partialSet) etagSuffix() string {
	if len(set.versionIDs) == 0 {
		return ""
	}
	h := sha256.New()
	for _, id := range set.versionIDs {
		h.Write(id[:])
	}
	return "-" + hex.EncodeToString(h.Sum(nil)[:8])
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

// recordDependents records prompt.dependency_changed for each prompt whose version live in
// env includes prompt unpinned: what it resolves to has just changed.
func (s *Server) recordDependents(ctx context.Context, tx pgx.Tx, prompt *dbsqlc.Prompt, env string, number int32) error {
	rows, err := s.q.ResolveDependents(ctx, tx, dbsqlc.ResolveDependentsParams{ProjectID: prompt.ProjectID, Environment: env, Slug: prompt.Slug})
	if err != nil {
		return fmt.Errorf("dependents of %s: %w", prompt.Slug, err)
	}
	for _, d := range rows {
		err := s.record(ctx, tx, events.PromptDependencyChanged, dependencyEvent{
			PromptID: d.ID, Slug: d.Slug, Environment: env, VersionNumber: d.VersionNumber,
			Dependency: api.PartialRef{Slug: prompt.Slug, VersionNumber: int(number)},
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
}
