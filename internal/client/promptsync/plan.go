package promptsync

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/prompt/promptfile"
)

// Plan is what Apply would do to make the server hold what the files say.
type Plan struct {
	// Changes are the prompts with something to do, in the order of their files.
	Changes []Change `json:"changes"`
	// Unchanged are the slugs of the files the server already holds.
	Unchanged []string `json:"unchanged"`
	// ServerOnly are the slugs of prompts the project has and no file names; Apply leaves
	// them alone.
	ServerOnly []string `json:"serverOnly"`
	// Promote is the environment Apply makes each file's version live in; empty for none.
	Promote api.Environment `json:"promote,omitempty"`
}

// Change is what Apply would do for one file: create the prompt, update its name,
// description or tags, create a version (the file's content differs from the newest
// version's), promote the version to Plan.Promote; any of these.
type Change struct {
	Slug string `json:"slug"`
	File string `json:"file"`
	// CreatePrompt: the project has no prompt of this slug.
	CreatePrompt bool `json:"createPrompt"`
	// UpdatePrompt: the name, description or tags differ.
	UpdatePrompt bool `json:"updatePrompt"`
	// CreateVersion: the content differs from the newest version's (by contentHash).
	CreateVersion bool `json:"createVersion"`
	// Promote: the version to be live is not live in Plan.Promote.
	Promote bool `json:"promote"`
	// RecordBase: the file holds the server's newest version but says it was pulled at
	// another (the same content was applied from elsewhere): Apply writes the newest
	// version's number as the file's baseVersion, so a later edit of it is no drift.
	RecordBase bool `json:"recordBase"`
	// LatestVersion is the number of the server's newest version (0 for none), the version
	// the diff is from.
	LatestVersion int `json:"latestVersion"`
	// ContentHash is the file's content hash, what the server will show for its version.
	ContentHash string `json:"contentHash"`
	// Diff is the unified diff of the server's prompt file (as pull writes it) to this one,
	// baseVersion left out.
	Diff string `json:"diff,omitempty"`
	// BaseVersion is the version the file was pulled at, or last applied as; nil for a file
	// that does not say.
	BaseVersion *int `json:"baseVersion,omitempty"`
	// Drift: the change creates a version, and the file was pulled at another version than
	// the server's newest: the file's version would revert an edit made elsewhere since.
	// Apply refuses it unless forced.
	Drift bool `json:"drift"`
	// Refusal is why the server refuses the version the change would create (asked with
	// validateOnly), "" when it accepts it.
	Refusal string `json:"refusal,omitempty"`
	// Warnings are what the server warns of in the version the change would create.
	Warnings []string `json:"warnings,omitempty"`
	// Unchecked says why the server did not check that version, "" when it did.
	Unchecked string `json:"unchecked,omitempty"`
	// Includers are the live prompts the change changes too, as they include this one: in
	// dev when it creates a version (live there at once), in Plan.Promote when it promotes.
	Includers []api.Includer `json:"includers,omitempty"`

	local  promptfile.Local
	remote *api.PromptDetail
}

// HasChanges says whether Apply would write anything.
func (p *Plan) HasChanges() bool { return len(p.Changes) > 0 }

// Refused counts the changes whose version the server refuses.
func (p *Plan) Refused() int {
	n := 0
	for _, ch := range p.Changes {
		if ch.Refusal != "" {
			n++
		}
	}
	return n
}

// MakePlan compares the files with the project's prompts: each file with its prompt's
// newest version, and with the version it was pulled at. With promote, it also plans to
// make each file's version live there. The server checks each version the plan would
// create (check).
func (c *Client) MakePlan(ctx context.Context, locals []promptfile.Local, promote api.Environment) (*Plan, error) {
	listed, err := c.listPrompts(ctx)
	if err != nil {
		return nil, err
	}
	plan := &Plan{Changes: []Change{}, Unchanged: []string{}, ServerOnly: []string{}, Promote: promote}
	mine := map[string]bool{}
	for _, l := range locals {
		mine[l.Slug] = true
		var remote *api.PromptDetail
		if slices.ContainsFunc(listed, func(p api.Prompt) bool { return p.Slug == l.Slug }) {
			if remote, err = c.prompt(ctx, l.Slug); err != nil {
				return nil, err
			}
		}
		change, err := compare(l, remote, promote)
		if err != nil {
			return nil, err
		}
		if change.CreatePrompt || change.UpdatePrompt || change.CreateVersion || change.Promote || change.RecordBase {
			if err := c.findIncluders(ctx, &change, promote); err != nil {
				return nil, err
			}
			plan.Changes = append(plan.Changes, change)
		} else {
			plan.Unchanged = append(plan.Unchanged, l.Slug)
		}
	}
	for _, p := range listed {
		if !mine[p.Slug] {
			plan.ServerOnly = append(plan.ServerOnly, p.Slug)
		}
	}
	return plan, c.check(ctx, plan)
}

// findIncluders records the live prompts ch changes too, as they include its prompt, in
// each environment where ch makes another version live.
func (c *Client) findIncluders(ctx context.Context, ch *Change, promote api.Environment) error {
	if ch.remote == nil {
		return nil // a new prompt: no one includes it yet
	}
	var envs []api.Environment
	if ch.CreateVersion {
		envs = append(envs, auth.EnvDev)
	}
	if ch.Promote {
		envs = append(envs, promote)
	}
	for _, env := range envs {
		resp, err := c.api.ListIncludersWithResponse(ctx, ch.remote.Id.String(), &api.ListIncludersParams{Environment: &env})
		if err != nil {
			return fmt.Errorf("includers of %s: %w", ch.Slug, err)
		}
		if resp.JSON200 == nil {
			return apiError("includers of "+ch.Slug, resp.HTTPResponse, resp.Body)
		}
		ch.Includers = append(ch.Includers, resp.JSON200.Data...)
	}
	return nil
}

// check has the server check every version the plan would create, as Apply would send it
// but with validateOnly and no baseVersion (compare finds a drift), and records its
// refusals and warnings in the changes. A version
// that includes a prompt the plan creates is left unchecked: Apply creates that prompt
// first, and before then the server knows no such prompt.
func (c *Client) check(ctx context.Context, plan *Plan) error {
	created := map[string]bool{}
	for _, ch := range plan.Changes {
		created[ch.Slug] = ch.CreatePrompt
	}
	for i := range plan.Changes {
		ch := &plan.Changes[i]
		if !ch.CreateVersion {
			continue
		}
		pending := slices.DeleteFunc(ch.local.File.Includes(), func(slug string) bool { return !created[slug] || slug == ch.Slug })
		if len(pending) > 0 {
			ch.Unchecked = "it includes " + strings.Join(pending, ", ") + ", which apply creates first"
			continue
		}
		if err := c.checkVersion(ctx, ch); err != nil {
			return err
		}
	}
	return nil
}

// checkVersion asks the server to check the version ch would create (and its prompt, when
// ch creates it) without creating it.
func (c *Client) checkVersion(ctx context.Context, ch *Change) error {
	body, err := ch.local.File.VersionRequest("")
	if err != nil {
		return fmt.Errorf("%s: %w", ch.File, err)
	}
	what := fmt.Sprintf("version %d of %s (%s)", ch.LatestVersion+1, ch.Slug, ch.File)
	validateOnly := true
	if ch.CreatePrompt {
		resp, err := c.api.CreatePromptWithResponse(ctx, &api.CreatePromptParams{ValidateOnly: &validateOnly}, promptRequest(ch, &body))
		if err != nil {
			return fmt.Errorf("check %s: %w", what, err)
		}
		if resp.JSON200 != nil && resp.JSON200.Warnings != nil {
			ch.Warnings = *resp.JSON200.Warnings
			return nil
		}
		return ch.refused(apiError(what, resp.HTTPResponse, resp.Body))
	}
	resp, err := c.api.CreateVersionWithResponse(ctx, ch.remote.Id.String(), &api.CreateVersionParams{ValidateOnly: &validateOnly}, body)
	if err != nil {
		return fmt.Errorf("check %s: %w", what, err)
	}
	if resp.JSON200 != nil {
		ch.Warnings = resp.JSON200.Warnings
		return nil
	}
	return ch.refused(apiError(what, resp.HTTPResponse, resp.Body))
}

// refused records err as the change's refusal when it is the server refusing the version
// (400, 404 or 409, which the create would answer too), and returns any other error.
func (ch *Change) refused(err error) error {
	var e *APIError
	if errors.As(err, &e) && slices.Contains([]int{http.StatusBadRequest, http.StatusNotFound, http.StatusConflict}, e.Status) {
		ch.Refusal = e.Error()
		return nil
	}
	return err
}

// compare is the change one file asks of its prompt (remote nil when there is none).
func compare(l promptfile.Local, remote *api.PromptDetail, promote api.Environment) (Change, error) {
	hash, err := l.File.ContentHash()
	if err != nil {
		return Change{}, fmt.Errorf("%s: %w", l.Path, err)
	}
	ch := Change{Slug: l.Slug, File: l.Path, ContentHash: hash, BaseVersion: l.File.BaseVersion, local: l, remote: remote}
	to, err := marshalContent(*l.File)
	if err != nil {
		return ch, err
	}
	var from []byte
	fromLabel := "/dev/null"
	if remote == nil {
		ch.CreatePrompt, ch.CreateVersion = true, true
	} else {
		ch.UpdatePrompt = !sameMeta(l.File, remote)
		v := latest(remote)
		if v != nil {
			ch.LatestVersion = v.VersionNumber
			fromLabel = fmt.Sprintf("%s (server, version %d)", l.Slug, v.VersionNumber)
			if from, err = marshalContent(*promptfile.FromVersion(remote.Name, descriptionOf(remote), remote.Tags, *v, l.File.UsesMessages())); err != nil {
				return ch, err
			}
		}
		ch.CreateVersion = v == nil || v.ContentHash != hash
		if promote != "" && !ch.CreateVersion {
			d := deployment(remote, promote)
			ch.Promote = d == nil || d.ActiveVersionId != v.Id
		}
	}
	stale := ch.BaseVersion != nil && *ch.BaseVersion != ch.LatestVersion
	ch.Drift = ch.CreateVersion && stale
	ch.RecordBase = !ch.CreateVersion && stale
	// A new version is live in dev at once; anywhere else it must be promoted.
	if promote != "" && ch.CreateVersion {
		ch.Promote = promote != auth.EnvDev
	}
	if ch.CreatePrompt || ch.UpdatePrompt || ch.CreateVersion {
		diff, err := udiff.ToUnified(fromLabel, l.Path, string(from), udiff.Lines(string(from), string(to)), 3)
		if err != nil {
			return ch, fmt.Errorf("diff %s: %w", l.Path, err)
		}
		ch.Diff = diff
	}
	return ch, nil
}

// marshalContent is a file as Marshal writes it without its baseVersion, which is not
// content: a diff shows what a version would change.
func marshalContent(f promptfile.File) ([]byte, error) {
	f.BaseVersion = nil
	return promptfile.Marshal(&f)
}

// sameMeta says whether the file's name, description and tags are the prompt's.
func sameMeta(f *promptfile.File, p *api.PromptDetail) bool {
	desc := descriptionOf(p)
	return f.Name == p.Name && (f.Description == nil) == (desc == nil) &&
		(desc == nil || *desc == *f.Description) && slices.Equal(f.Tags, nonNil(p.Tags))
}

func descriptionOf(p *api.PromptDetail) *string {
	if d, err := p.Description.Get(); err == nil {
		return &d
	}
	return nil
}

// nonNil is tags as a file holds them: no tags is no list.
func nonNil(tags []string) []string {
	if len(tags) == 0 {
		return nil
	}
	return tags
}
