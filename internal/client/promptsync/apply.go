package promptsync

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/oapi-codegen/nullable"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/prompt/promptfile"
)

// Applied is what Apply did for one file.
type Applied struct {
	Slug           string `json:"slug"`
	CreatedPrompt  bool   `json:"createdPrompt"`
	UpdatedPrompt  bool   `json:"updatedPrompt"`
	CreatedVersion int    `json:"createdVersion,omitempty"`
	// Promoted is the number of the version made live in the plan's environment.
	Promoted int `json:"promoted,omitempty"`
	// Pending is the release a promote into a protected environment opened instead of
	// making the version live.
	Pending *Pending `json:"pending,omitempty"`
	// RecordedBase is the baseVersion written into the file of a RecordBase change.
	RecordedBase int `json:"recordedBase,omitempty"`
}

// Pending is a promote the server did not apply: into a protected environment (approvals
// or checks) it answers 202 with a release of the one prompt, which applies by itself once
// what it waits for holds.
type Pending struct {
	Slug        string          `json:"slug"`
	Environment api.Environment `json:"environment"`
	Version     int             `json:"version"`
	ReleaseID   string          `json:"releaseId"`
	WaitingFor  []string        `json:"waitingFor"`
}

// ApplyOptions are how Apply writes.
type ApplyOptions struct {
	// Message is the change note of every version created.
	Message string
	// Force creates versions whatever the server's newest version is: a file's version
	// replaces edits made elsewhere since it was pulled (Change.Drift), and no baseVersion
	// is sent.
	Force bool
}

// Blocked is why Apply would write nothing, nil when it would write: the server refuses a
// version the plan creates, or (unless force) a file was pulled at another version than
// the server's newest.
func (p *Plan) Blocked(force bool) error {
	var lines []string
	for _, ch := range p.Changes {
		switch {
		case ch.Refusal != "":
			lines = append(lines, ch.Refusal)
		case ch.Drift && !force:
			lines = append(lines, fmt.Sprintf("%s (%s): %s; pull again and redo the edit, or apply --force to replace it", ch.Slug, ch.File, ch.DriftText()))
		}
	}
	if lines == nil {
		return nil
	}
	return errors.New("nothing applied:\n  " + strings.ReplaceAll(strings.Join(lines, "\n"), "\n", "\n  "))
}

// DriftText says how a drifted change's file and the server differ.
func (ch *Change) DriftText() string {
	if ch.LatestVersion == 0 {
		return fmt.Sprintf("the file was pulled at v%d, and the server has no version of it (deleted since?)", *ch.BaseVersion)
	}
	return fmt.Sprintf("remote is at v%d, the file was pulled at v%d", ch.LatestVersion, *ch.BaseVersion)
}

// Apply makes what plan lists, unless the plan is Blocked. A new prompt is created with
// its first version in one request, so that a version the server refuses leaves no prompt
// behind; new prompts come first, those a template includes ({{> slug}}) before it. A
// version is created only on top of the newest version the plan saw (baseVersion), unless
// opts.Force, and the file records its number. It stops at the first failure, returning
// what it did until then; running the plan again finishes the work.
func (c *Client) Apply(ctx context.Context, plan *Plan, opts ApplyOptions) ([]Applied, error) {
	if err := plan.Blocked(opts.Force); err != nil {
		return nil, err
	}
	done := make([]Applied, 0, len(plan.Changes))
	for _, i := range applyOrder(plan.Changes) {
		ch := &plan.Changes[i]
		done = append(done, Applied{Slug: ch.Slug})
		if err := c.applyOne(ctx, ch, plan.Promote, opts, &done[len(done)-1]); err != nil {
			return done, err
		}
	}
	return done, nil
}

// applyOrder is the order Apply makes the changes in: the prompts to create first, each
// after the prompts to create that its templates include, then the others, each group in
// the order of the files. (Prompts that include each other keep their order; the server
// refuses such a cycle.)
func applyOrder(changes []Change) []int {
	index := map[string]int{}
	for i, ch := range changes {
		if ch.CreatePrompt {
			index[ch.Slug] = i
		}
	}
	order := make([]int, 0, len(changes))
	placed := make([]bool, len(changes))
	var place func(i int)
	place = func(i int) {
		if placed[i] {
			return
		}
		placed[i] = true
		for _, slug := range changes[i].local.File.Includes() {
			if j, ok := index[slug]; ok {
				place(j)
			}
		}
		order = append(order, i)
	}
	for i, ch := range changes {
		if ch.CreatePrompt {
			place(i)
		}
	}
	for i := range changes {
		place(i)
	}
	return order
}

// applyOne creates or updates, versions and promotes one prompt, as its change says.
func (c *Client) applyOne(ctx context.Context, ch *Change, env api.Environment, opts ApplyOptions, done *Applied) error {
	var live *api.Version
	switch {
	case ch.CreatePrompt:
		v, err := c.createPrompt(ctx, ch, opts)
		if err != nil {
			return err
		}
		done.CreatedPrompt, done.CreatedVersion, live = true, v.VersionNumber, v
	default:
		if ch.UpdatePrompt {
			if err := c.updatePrompt(ctx, ch); err != nil {
				return err
			}
			done.UpdatedPrompt = true
		}
		live = latest(ch.remote)
		if ch.CreateVersion {
			v, err := c.createVersion(ctx, ch, opts)
			if err != nil {
				return err
			}
			done.CreatedVersion, live = v.VersionNumber, v
		}
	}
	switch {
	case done.CreatedVersion > 0:
		if err := recordBase(ch, done.CreatedVersion); err != nil {
			return err
		}
	case ch.RecordBase:
		if err := recordBase(ch, ch.LatestVersion); err != nil {
			return err
		}
		done.RecordedBase = ch.LatestVersion
	}
	if ch.Promote {
		d, pending, err := c.promote(ctx, ch.remote, env, live.VersionNumber)
		if err != nil {
			return err
		}
		if pending != nil {
			done.Pending = pending
		} else {
			done.Promoted = d.VersionNumber
		}
	}
	return nil
}

// versionRequest is the request of the version ch creates: made from the newest version
// the plan saw, unless forced.
func versionRequest(ch *Change, opts ApplyOptions) (api.CreateVersionRequest, error) {
	body, err := ch.local.File.VersionRequest(opts.Message)
	if err != nil {
		return body, fmt.Errorf("%s: %w", ch.File, err)
	}
	if !opts.Force {
		body.BaseVersion = &ch.LatestVersion
	}
	return body, nil
}

// promptRequest is the request that creates ch's prompt, with version (nil for none).
func promptRequest(ch *Change, version *api.CreateVersionRequest) api.CreatePromptRequest {
	f := ch.local.File
	body := api.CreatePromptRequest{Slug: ch.Slug, Name: f.Name, Description: f.Description, Version: version}
	if f.Tags != nil {
		body.Tags = &f.Tags
	}
	return body
}

// createPrompt creates ch's prompt with its first version, in one request: both or
// neither.
func (c *Client) createPrompt(ctx context.Context, ch *Change, opts ApplyOptions) (*api.Version, error) {
	version, err := versionRequest(ch, opts)
	if err != nil {
		return nil, err
	}
	body := promptRequest(ch, &version)
	key := c.idempotencyKey("create-prompt", ch.Slug, bodyOf(body))
	resp, err := c.api.CreatePromptWithResponse(ctx, &api.CreatePromptParams{IdempotencyKey: key}, body)
	if err != nil {
		return nil, fmt.Errorf("create prompt %s: %w", ch.Slug, err)
	}
	if resp.JSON201 == nil || resp.JSON201.Version == nil {
		return nil, apiError("create prompt "+ch.Slug+" ("+ch.File+")", resp.HTTPResponse, resp.Body)
	}
	p := resp.JSON201.Data
	ch.remote = &api.PromptDetail{Id: p.Id, Slug: p.Slug, Name: p.Name, Description: p.Description, Tags: p.Tags,
		VersionCount: p.VersionCount, Versions: []api.Version{*resp.JSON201.Version}, Deployments: []api.Deployment{}}
	return checkedHash(ch, resp.JSON201.Version)
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
func (c *Client) createVersion(ctx context.Context, ch *Change, opts ApplyOptions) (*api.Version, error) {
	body, err := versionRequest(ch, opts)
	if err != nil {
		return nil, err
	}
	key := c.idempotencyKey("create-version", ch.remote.Id.String(), strconv.Itoa(ch.LatestVersion), bodyOf(body))
	resp, err := c.api.CreateVersionWithResponse(ctx, ch.remote.Id.String(), &api.CreateVersionParams{IdempotencyKey: key}, body)
	if err != nil {
		return nil, fmt.Errorf("create version of %s: %w", ch.Slug, err)
	}
	if resp.JSON201 == nil {
		return nil, apiError("create version of "+ch.Slug+" ("+ch.File+")", resp.HTTPResponse, resp.Body)
	}
	return checkedHash(ch, &resp.JSON201.Data)
}

// checkedHash is v, the version created of ch, with an error when the server hashed it
// otherwise than the file: not an error of the write, which happened, but plan would never
// settle.
func checkedHash(ch *Change, v *api.Version) (*api.Version, error) {
	if v.ContentHash != ch.ContentHash {
		return v, fmt.Errorf("create version of %s: the server hashed it %s, the file %s: please report this", ch.Slug, v.ContentHash, ch.ContentHash)
	}
	return v, nil
}

// recordBase writes into ch's file that it is version n now (its baseVersion), changing
// nothing else of its text; the file is replaced at once, as Pull writes.
func recordBase(ch *Change, n int) error {
	data, err := os.ReadFile(ch.File)
	if err != nil {
		return fmt.Errorf("%s is at version %d, but its file cannot record it: %w", ch.Slug, n, err)
	}
	if data, err = promptfile.WithBaseVersion(ch.File, data, n); err != nil {
		return fmt.Errorf("%s is at version %d, but its file cannot record it: %w", ch.Slug, n, err)
	}
	root, err := os.OpenRoot(filepath.Dir(ch.File))
	if err != nil {
		return fmt.Errorf("%s is at version %d, but its file cannot record it: %w", ch.Slug, n, err)
	}
	defer root.Close()
	return writeFile(root, filepath.Base(ch.File), data)
}

// promote makes v live in env, or, in a protected environment, opens the release pending
// approval that will (the server's 202). Its key holds the deployment it replaces (version
// and time), so promoting again after a rollback is a new promotion, not a replay, while
// promoting again while the release waits replays its 202.
func (c *Client) promote(ctx context.Context, p *api.PromptDetail, env api.Environment, n int) (*api.Deployment, *Pending, error) {
	from := "none"
	if d := deployment(p, env); d != nil {
		from = d.ActiveVersionId.String() + "@" + d.PromotedAt.UTC().String()
	}
	body := api.PromoteRequest{Environment: env, VersionNumber: &n}
	key := c.idempotencyKey("promote", p.Id.String(), from, bodyOf(body))
	resp, err := c.api.PromotePromptWithResponse(ctx, p.Id.String(), &api.PromotePromptParams{IdempotencyKey: key}, body)
	if err != nil {
		return nil, nil, fmt.Errorf("promote %s to %s: %w", p.Slug, env, err)
	}
	switch {
	case resp.JSON200 != nil:
		return &resp.JSON200.Data, nil, nil
	case resp.JSON202 != nil:
		r := resp.JSON202.Data
		return nil, &Pending{Slug: p.Slug, Environment: env, Version: n, ReleaseID: r.Id.String(), WaitingFor: r.WaitingFor}, nil
	}
	return nil, nil, apiError(fmt.Sprintf("promote %s version %d to %s", p.Slug, n, env), resp.HTTPResponse, resp.Body)
}

// Promote makes version n of the prompt slug (its newest when n is 0) live in env, or
// returns the release pending approval that will (see promote).
func (c *Client) Promote(ctx context.Context, slug string, env api.Environment, n int) (*api.Deployment, *Pending, error) {
	p, err := c.existing(ctx, slug)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case p.VersionCount == 0:
		return nil, nil, fmt.Errorf("%s has no version to promote", slug)
	case n > p.VersionCount:
		return nil, nil, fmt.Errorf("%s has no version %d (its versions are 1 to %d)", slug, n, p.VersionCount)
	case n == 0:
		n = p.VersionCount // versions are numbered 1, 2, … and never deleted alone
	}
	return c.promote(ctx, p, env, n)
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
