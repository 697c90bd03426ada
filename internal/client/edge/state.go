package edge

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/prompt/rendering"
	"github.com/promptops/promptops/internal/prompt/template"
)

// state is what the edge serves: never modified once published, replaced whole on every
// change, so that requests read it without a lock.
type state struct {
	env     string
	prompts map[string]*entry
	// refused are the prompts live on the server that would compose past the edge's
	// render limit: answered with the server's 409, never prepared.
	refused map[string]refusal
	cursor  string
}

// refusal is a prompt of the snapshot the edge refuses to serve, with why.
type refusal struct {
	shown api.SnapshotPrompt
	err   *rendering.ComposeError
}

// entry is one live prompt: as the snapshot showed it (for the snapshot file) and prepared,
// with the rolling release moving it, if any.
type entry struct {
	shown    api.SnapshotPrompt
	deployed *rendering.Deployed
}

// newState is the state of a whole snapshot, rendered within the render limit.
func newState(env string, prompts []api.SnapshotPrompt, renderLimit int) (*state, error) {
	s := &state{env: env, prompts: make(map[string]*entry, len(prompts)), refused: map[string]refusal{}}
	if err := s.add(prompts, renderLimit); err != nil {
		return nil, err
	}
	s.cursor = s.computeCursor()
	return s, nil
}

// with is s with the prompts of slugs replaced by those of a snapshot limited to them: a
// slug the snapshot does not hold has nothing live any more.
func (s *state) with(slugs []string, prompts []api.SnapshotPrompt, renderLimit int) (*state, error) {
	next := &state{env: s.env, prompts: maps.Clone(s.prompts), refused: maps.Clone(s.refused)}
	for _, slug := range slugs {
		delete(next.prompts, slug)
		delete(next.refused, slug)
	}
	if err := next.add(prompts, renderLimit); err != nil {
		return nil, err
	}
	next.cursor = next.computeCursor()
	return next, nil
}

// add prepares prompts into s. One that would compose past the render limit is refused,
// unbuilt, as the server refuses a prompt past its own: its resolve and render are the
// server's 409 here.
func (s *state) add(prompts []api.SnapshotPrompt, renderLimit int) error {
	for _, p := range prompts {
		slug := p.Prompt.Slug
		e, err := prepare(p, renderLimit)
		var refused *rendering.ComposeError
		if errors.As(err, &refused) {
			delete(s.prompts, slug)
			s.refused[slug] = refusal{shown: p, err: refused}
			continue
		}
		if err != nil {
			return err
		}
		delete(s.refused, slug)
		s.prompts[slug] = e
	}
	return nil
}

// computeCursor is the server's cursor of a snapshot holding what s holds.
func (s *state) computeCursor() string {
	deployed := make([]*rendering.Deployed, 0, len(s.prompts))
	for _, e := range s.prompts {
		deployed = append(deployed, e.deployed)
	}
	return rendering.Cursor(deployed)
}

// dependents lists the slugs whose templates include slug (directly or through other
// partials), in their current version or in the candidate of the release moving them:
// what a change of slug changes too. The edge reads them with slug on slug's own event,
// so that they move together, whatever the includers' own dependency events do.
func (s *state) dependents(slug string) []string {
	var out []string
	for _, shown := range s.shown() {
		if includes(shown, slug) || shown.Release != nil && includes(shown.Release.Candidate, slug) {
			out = append(out, shown.Prompt.Slug)
		}
	}
	return out
}

// includes reports whether version p's templates include slug.
func includes(p api.SnapshotPrompt, slug string) bool {
	return slices.ContainsFunc(p.Partials, func(inc api.SnapshotPartial) bool { return inc.Slug == slug })
}

// shown is the snapshot s holds, as the server sent it: the prompts it serves and those
// it refuses.
func (s *state) shown() []api.SnapshotPrompt {
	out := make([]api.SnapshotPrompt, 0, len(s.prompts)+len(s.refused))
	for _, e := range s.prompts {
		out = append(out, e.shown)
	}
	for _, r := range s.refused {
		out = append(out, r.shown)
	}
	return out
}

// prepare builds a prompt's rendering.Deployed from the snapshot, as the server built its
// own: the current version and, in a rolling release, the candidate.
func prepare(p api.SnapshotPrompt, renderLimit int) (*entry, error) {
	live, err := prepareVersion(p, renderLimit)
	if err != nil {
		return nil, err
	}
	d := &rendering.Deployed{Current: live}
	if r := p.Release; r != nil {
		candidate, err := prepareVersion(r.Candidate, renderLimit)
		if err != nil {
			return nil, fmt.Errorf("candidate of %s: %w", p.Prompt.Slug, err)
		}
		d.Release = &rendering.Release{ID: r.Id, Salt: r.Salt, Percent: r.Percent, Candidate: candidate}
	}
	return &entry{shown: p, deployed: d}, nil
}

// prepareVersion builds one version of the snapshot, its release and variant as its data
// names them.
func prepareVersion(p api.SnapshotPrompt, renderLimit int) (*rendering.Live, error) {
	live, err := rendering.Parse(p.Prompt)
	if err != nil {
		return nil, err
	}
	partials := rendering.NewPartials()
	for _, inc := range p.Partials {
		t, err := template.Parse(inc.Template)
		if err != nil {
			return nil, fmt.Errorf("partial %s of %s: %w", inc.Ref, p.Prompt.Slug, err)
		}
		partials.Add(parseRef(inc.Ref), inc.VersionId, inc.VersionNumber, inc.Template, t)
	}
	if err := live.Finish(partials, renderLimit); err != nil {
		return nil, err
	}
	return live, nil
}

// parseRef reads a reference as templates write it: "slug" or "slug@3".
func parseRef(ref string) template.Partial {
	slug, number, pinned := strings.Cut(ref, "@")
	p := template.Partial{Slug: slug}
	if pinned {
		p.Version, _ = strconv.Atoi(number)
	}
	return p
}
