// Package promptsync keeps a folder of prompt files (internal/prompt/promptfile) and a project's
// prompts in step, over the generated client: Pull writes the server's versions as files,
// MakePlan compares files with the server, Apply makes what the plan lists, and Promote and
// Rollback move an environment. Writes carry an Idempotency-Key derived from what they
// write and the state they start from, keyed with the API key, so a run that died half-way
// can be run again: a write the server made is replayed, not made twice.
package promptsync

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/prompt/promptfile"
)

// Client is the API of one project, as the commands use it.
type Client struct {
	api *api.ClientWithResponses
	// apiKey is the key the requests carry, which keys the Idempotency-Keys.
	apiKey []byte
}

// New wraps a generated client whose requests carry apiKey, the project's key.
func New(c *api.ClientWithResponses, apiKey string) *Client {
	return &Client{api: c, apiKey: []byte(apiKey)}
}

// What a list may hold, so that a broken or hostile server cannot keep a command paging
// without end: 1,000 pages of 100 prompts, a hundred times the default quota.
const (
	listLimit    = 100
	maxListPages = 1000
)

// listPrompts lists every prompt of the project, page by page, believing only what adds
// up: every slug must be a slug (files are named by them), each page the one asked for and
// consistent with its total, and the list at most maxListPages long. A prompt on two pages
// (one created meanwhile shifts the rest) is listed once; a page that adds nothing before
// the last is an error, as a server that repeats itself would never end.
func (c *Client) listPrompts(ctx context.Context) ([]api.Prompt, error) {
	var all []api.Prompt
	seen := map[string]bool{}
	limit, sort := api.Limit(listLimit), api.ListPromptsParamsSortSlugAsc
	// checkPage holds pages to maxListPages, so this ends within as many requests.
	for page := 1; ; page++ {
		p := api.Page(page)
		resp, err := c.api.ListPromptsWithResponse(ctx, &api.ListPromptsParams{Page: &p, Limit: &limit, Sort: &sort})
		if err != nil {
			return nil, fmt.Errorf("list prompts: %w", err)
		}
		if resp.JSON200 == nil {
			return nil, apiError("list prompts", resp.HTTPResponse, resp.Body)
		}
		if err := checkPage(page, resp.JSON200); err != nil {
			return nil, fmt.Errorf("list prompts, page %d: %w", page, err)
		}
		added := 0
		for _, item := range resp.JSON200.Data {
			if err := promptfile.CheckSlug(item.Slug); err != nil {
				return nil, fmt.Errorf("list prompts, page %d: the server sent %w", page, err)
			}
			if !seen[item.Slug] {
				seen[item.Slug] = true
				all = append(all, item)
				added++
			}
		}
		pages := resp.JSON200.Meta.Pagination.Pages
		if page >= pages {
			return all, nil
		}
		if added == 0 {
			return nil, fmt.Errorf("list prompts, page %d of %d: no prompt that earlier pages did not hold; the server repeats itself", page, pages)
		}
	}
}

// checkPage checks that an answer is the page asked for, of the size asked for, and that
// its figures agree: as many pages as the total needs, no more items than the limit, no
// more pages than a list may have.
func checkPage(page int, l *api.PromptListResponse) error {
	p := l.Meta.Pagination
	switch {
	case p.Page != page || p.Limit != listLimit:
		return fmt.Errorf("the server answered page %d of %d prompts, not page %d of %d", p.Page, p.Limit, page, listLimit)
	case p.Total < 0 || p.Pages != (p.Total+listLimit-1)/listLimit || len(l.Data) > listLimit:
		return fmt.Errorf("the server's figures do not add up: %d prompts in %d pages of %d, %d on this page", p.Total, p.Pages, listLimit, len(l.Data))
	case p.Pages > maxListPages:
		return fmt.Errorf("the server lists %d prompts, more than the %d a command reads", p.Total, maxListPages*listLimit)
	}
	return nil
}

// prompt is a prompt with its newest versions and its deployments; nil when there is no
// prompt of that slug.
func (c *Client) prompt(ctx context.Context, slug string) (*api.PromptDetail, error) {
	resp, err := c.api.GetPromptWithResponse(ctx, slug)
	if err != nil {
		return nil, fmt.Errorf("get prompt %s: %w", slug, err)
	}
	if resp.StatusCode() == http.StatusNotFound {
		return nil, nil
	}
	if resp.JSON200 == nil {
		return nil, apiError("get prompt "+slug, resp.HTTPResponse, resp.Body)
	}
	if got := resp.JSON200.Data.Slug; got != slug {
		return nil, fmt.Errorf("get prompt %s: the server answered with the prompt %q", slug, got)
	}
	return &resp.JSON200.Data, nil
}

// versionNumbered is version n of a prompt, the one a version found in p's embedded
// newest versions, else asked for by its number.
func (c *Client) versionNumbered(ctx context.Context, p *api.PromptDetail, n int) (*api.Version, error) {
	for i := range p.Versions {
		if p.Versions[i].VersionNumber == n {
			return &p.Versions[i], nil
		}
	}
	resp, err := c.api.GetVersionWithResponse(ctx, p.Id.String(), strconv.Itoa(n))
	if err != nil {
		return nil, fmt.Errorf("get version %d of %s: %w", n, p.Slug, err)
	}
	if resp.JSON200 == nil {
		return nil, apiError(fmt.Sprintf("get version %d of %s", n, p.Slug), resp.HTTPResponse, resp.Body)
	}
	return &resp.JSON200.Data, nil
}

// deployment is the deployment of p in env, or nil.
func deployment(p *api.PromptDetail, env api.Environment) *api.Deployment {
	for i := range p.Deployments {
		if p.Deployments[i].Environment == env {
			return &p.Deployments[i]
		}
	}
	return nil
}

// latest is p's newest version, or nil when it has none.
func latest(p *api.PromptDetail) *api.Version {
	if len(p.Versions) == 0 {
		return nil
	}
	return &p.Versions[0]
}

// idempotencyKey names a write by its parts (the action, what it starts from and what it
// writes), so that running the same step again with the same API key sends the same key
// and a different step never does. It is an HMAC of the parts keyed with the API key: the
// parts are what any key of the project can read, and a key computed from them alone let
// a prompts:read key claim it first, for a write it foresaw (a rollback made a 409 for 24
// hours), when claims were per project.
func (c *Client) idempotencyKey(parts ...string) *api.IdempotencyKey {
	mac := hmac.New(sha256.New, c.apiKey)
	mac.Write([]byte(strings.Join(parts, "\x00")))
	key := "promptops-cli-" + hex.EncodeToString(mac.Sum(nil)[:16])
	return &key
}

// bodyOf is the JSON of a request body, one of the parts of its idempotency key.
func bodyOf(v any) string {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err) // generated request types always encode
	}
	return string(raw)
}

// APIError is an answer of the server that is not the one asked for.
type APIError struct {
	What   string
	Status int
	Body   *api.ErrorBody
}

func (e *APIError) Error() string {
	if e.Body == nil {
		return fmt.Sprintf("%s: the server answered %d", e.What, e.Status)
	}
	msg := fmt.Sprintf("%s: %d %s: %s", e.What, e.Status, e.Body.Code, e.Body.Message)
	if d := e.Body.Details; d != nil && d.Fields != nil {
		for _, f := range *d.Fields {
			msg += fmt.Sprintf("\n  %s: %s", f.Field, f.Problem)
		}
	}
	return msg
}

func apiError(what string, resp *http.Response, body []byte) error {
	e := &APIError{What: what}
	if resp != nil {
		e.Status = resp.StatusCode
	}
	var envelope api.Error
	if json.Unmarshal(body, &envelope) == nil && envelope.Error.Code != "" {
		e.Body = &envelope.Error
	}
	return e
}
