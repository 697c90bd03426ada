package promptsync

import (
	"context"
	"fmt"
	"slices"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/promptops/promptops/gen/api"
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
	// LatestVersion is the number of the server's newest version (0 for none), the version
	// the diff is from.
	LatestVersion int `json:"latestVersion"`
	// ContentHash is the file's content hash, what the server will show for its version.
	ContentHash string `json:"contentHash"`
	// Diff is the unified diff of the server's prompt file (as pull writes it) to this one.
	Diff string `json:"diff,omitempty"`

	local  promptfile.Local
	remote *api.PromptDetail
}

// HasChanges says whether Apply would write anything.
func (p *Plan) HasChanges() bool { return len(p.Changes) > 0 }

// MakePlan compares the files with the project's prompts: each file with its prompt's
// newest version. With promote, it also plans to make each file's version live there.
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
		if change.CreatePrompt || change.UpdatePrompt || change.CreateVersion || change.Promote {
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
	return plan, nil
}

// compare is the change one file asks of its prompt (remote nil when there is none).
func compare(l promptfile.Local, remote *api.PromptDetail, promote api.Environment) (Change, error) {
	hash, err := l.File.ContentHash()
	if err != nil {
		return Change{}, fmt.Errorf("%s: %w", l.Path, err)
	}
	ch := Change{Slug: l.Slug, File: l.Path, ContentHash: hash, local: l, remote: remote}
	to, err := promptfile.Marshal(l.File)
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
			if from, err = promptfile.Marshal(promptfile.FromVersion(remote.Name, descriptionOf(remote), remote.Tags, *v, l.File.UsesMessages())); err != nil {
				return ch, err
			}
		}
		ch.CreateVersion = v == nil || v.ContentHash != hash
		if promote != "" && !ch.CreateVersion {
			d := deployment(remote, promote)
			ch.Promote = d == nil || d.ActiveVersionId != v.Id
		}
	}
	// A new version is live in dev at once; anywhere else it must be promoted.
	if promote != "" && ch.CreateVersion {
		ch.Promote = promote != api.EnvironmentDev
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
