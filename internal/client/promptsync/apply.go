package promptsync

import (
	"context"
	"fmt"
	"strconv"

	"github.com/oapi-codegen/nullable"

	"github.com/promptops/promptops/gen/api"
)

// Applied is what Apply did for one file.
type Applied struct {
	Slug           string `json:"slug"`
	CreatedPrompt  bool   `json:"createdPrompt"`
	UpdatedPrompt  bool   `json:"updatedPrompt"`
	CreatedVersion int    `json:"createdVersion,omitempty"`
	// Promoted is the number of the version made live in the plan's environment.
	Promoted int `json:"promoted,omitempty"`
}

// Apply makes what plan lists, with the change note message on new versions. Prompts are
// created first, so that a template may include ({{> slug}}) a prompt of the same folder.
// It stops at the first failure, returning what it did until then; running the plan
// again finishes the work.
func (c *Client) Apply(ctx context.Context, plan *Plan, message string) ([]Applied, error) {
	done := make([]Applied, len(plan.Changes))
	for i := range plan.Changes {
		ch := &plan.Changes[i]
		done[i].Slug = ch.Slug
		if !ch.CreatePrompt {
			continue
		}
		if err := c.createPrompt(ctx, ch); err != nil {
			return done[:i], err
		}
		done[i].CreatedPrompt = true
	}
	for i := range plan.Changes {
		ch := &plan.Changes[i]
		if err := c.applyOne(ctx, ch, plan.Promote, message, &done[i]); err != nil {
			return done[:i+1], err
		}
	}
	return done, nil
}

// applyOne updates, versions and promotes one prompt, as its change says.
func (c *Client) applyOne(ctx context.Context, ch *Change, env api.Environment, message string, done *Applied) error {
	if ch.UpdatePrompt {
		if err := c.updatePrompt(ctx, ch); err != nil {
			return err
		}
		done.UpdatedPrompt = true
	}
	live := latest(ch.remote)
	if ch.CreateVersion {
		v, err := c.createVersion(ctx, ch, message)
		if err != nil {
			return err
		}
		done.CreatedVersion, live = v.VersionNumber, v
	}
	if ch.Promote {
		d, err := c.promote(ctx, ch.remote, env, live)
		if err != nil {
			return err
		}
		done.Promoted = d.VersionNumber
	}
	return nil
}

func (c *Client) createPrompt(ctx context.Context, ch *Change) error {
	f := ch.local.File
	body := api.CreatePromptRequest{Slug: ch.Slug, Name: f.Name, Description: f.Description}
	if f.Tags != nil {
		body.Tags = &f.Tags
	}
	key := c.idempotencyKey("create-prompt", ch.Slug, bodyOf(body))
	resp, err := c.api.CreatePromptWithResponse(ctx, &api.CreatePromptParams{IdempotencyKey: key}, body)
	if err != nil {
		return fmt.Errorf("create prompt %s: %w", ch.Slug, err)
	}
	if resp.JSON201 == nil {
		return apiError("create prompt "+ch.Slug+" ("+ch.File+")", resp.HTTPResponse, resp.Body)
	}
	p := resp.JSON201.Data
	ch.remote = &api.PromptDetail{Id: p.Id, Slug: p.Slug, Name: p.Name, Description: p.Description, Tags: p.Tags,
		VersionCount: p.VersionCount, Versions: []api.Version{}, Deployments: []api.Deployment{}}
	return nil
}

func (c *Client) updatePrompt(ctx context.Context, ch *Change) error {
	f := ch.local.File
	tags := f.Tags
	if tags == nil {
		tags = []string{}
	}
	body := api.UpdatePromptRequest{Name: &f.Name, Tags: &tags, Description: nullable.NewNullNullable[string]()}
	if f.Description != nil {
		body.Description = nullable.NewNullableWithValue(*f.Description)
	}
	resp, err := c.api.UpdatePromptWithResponse(ctx, ch.remote.Id.String(), body)
	if err != nil {
		return fmt.Errorf("update prompt %s: %w", ch.Slug, err)
	}
	if resp.JSON200 == nil {
		return apiError("update prompt "+ch.Slug+" ("+ch.File+")", resp.HTTPResponse, resp.Body)
	}
	return nil
}

// createVersion creates the file's version. Its key holds the number of the version it
// follows, so the same content written again later (after another version) is a new
// version, not a replay of the first.
func (c *Client) createVersion(ctx context.Context, ch *Change, message string) (*api.Version, error) {
	body, err := ch.local.File.VersionRequest(message)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ch.File, err)
	}
	key := c.idempotencyKey("create-version", ch.remote.Id.String(), strconv.Itoa(ch.LatestVersion), bodyOf(body))
	resp, err := c.api.CreateVersionWithResponse(ctx, ch.remote.Id.String(), &api.CreateVersionParams{IdempotencyKey: key}, body)
	if err != nil {
		return nil, fmt.Errorf("create version of %s: %w", ch.Slug, err)
	}
	if resp.JSON201 == nil {
		return nil, apiError("create version of "+ch.Slug+" ("+ch.File+")", resp.HTTPResponse, resp.Body)
	}
	v := resp.JSON201.Data
	if v.ContentHash != ch.ContentHash {
		// Not an error of the write, which happened; but plan would never settle.
		return &v, fmt.Errorf("create version of %s: the server hashed it %s, the file %s: please report this", ch.Slug, v.ContentHash, ch.ContentHash)
	}
	return &v, nil
}

// promote makes v live in env. Its key holds the deployment it replaces (version and
// time), so promoting again after a rollback is a new promotion, not a replay.
func (c *Client) promote(ctx context.Context, p *api.PromptDetail, env api.Environment, v *api.Version) (*api.Deployment, error) {
	from := "none"
	if d := deployment(p, env); d != nil {
		from = d.ActiveVersionId.String() + "@" + d.PromotedAt.UTC().String()
	}
	body := api.PromoteRequest{Environment: env, VersionId: &v.Id}
	key := c.idempotencyKey("promote", p.Id.String(), from, bodyOf(body))
	resp, err := c.api.PromotePromptWithResponse(ctx, p.Id.String(), &api.PromotePromptParams{IdempotencyKey: key}, body)
	if err != nil {
		return nil, fmt.Errorf("promote %s to %s: %w", p.Slug, env, err)
	}
	if resp.JSON200 == nil {
		return nil, apiError(fmt.Sprintf("promote %s version %d to %s", p.Slug, v.VersionNumber, env), resp.HTTPResponse, resp.Body)
	}
	return &resp.JSON200.Data, nil
}

// Promote makes version n of the prompt slug (its newest when n is 0) live in env.
func (c *Client) Promote(ctx context.Context, slug string, env api.Environment, n int) (*api.Deployment, error) {
	p, err := c.existing(ctx, slug)
	if err != nil {
		return nil, err
	}
	v := latest(p)
	if n > 0 {
		if v, err = c.versionNumbered(ctx, p, n); err != nil {
			return nil, err
		}
	}
	if v == nil {
		return nil, fmt.Errorf("%s has no version to promote", slug)
	}
	return c.promote(ctx, p, env, v)
}

// Rollback returns env to the version of the prompt slug live before its current one.
func (c *Client) Rollback(ctx context.Context, slug string, env api.Environment) (*api.Deployment, error) {
	p, err := c.existing(ctx, slug)
	if err != nil {
		return nil, err
	}
	from := "none"
	if d := deployment(p, env); d != nil {
		from = d.ActiveVersionId.String() + "@" + d.PromotedAt.UTC().String()
	}
	body := api.RollbackRequest{Environment: env}
	key := c.idempotencyKey("rollback", p.Id.String(), from, bodyOf(body))
	resp, err := c.api.RollbackPromptWithResponse(ctx, p.Id.String(), &api.RollbackPromptParams{IdempotencyKey: key}, body)
	if err != nil {
		return nil, fmt.Errorf("roll back %s in %s: %w", slug, env, err)
	}
	if resp.JSON200 == nil {
		return nil, apiError(fmt.Sprintf("roll back %s in %s", slug, env), resp.HTTPResponse, resp.Body)
	}
	return &resp.JSON200.Data, nil
}

func (c *Client) existing(ctx context.Context, slug string) (*api.PromptDetail, error) {
	p, err := c.prompt(ctx, slug)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, fmt.Errorf("the project has no prompt %s", slug)
	}
	return p, nil
}
