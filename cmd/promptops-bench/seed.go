package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/promptops/promptops/internal/testkit/apicall"
)

// seeded is what the load phases need from seeding.
type seeded struct {
	adminKey, prodKey string
	slugs             []string
	// resolveBody and resolveHeader are a resolve response, for the ceiling to send.
	resolveBody   []byte
	resolveHeader http.Header
	// propagation is a prompt with two versions, v1 live in production.
	propagation struct {
		promptID string
		versions [2]string
	}
}

var client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

// call sends a JSON request and decodes the response's data into out.
func call(ctx context.Context, method, url, key string, body, out any) error {
	status, data, err := apicall.Do(ctx, client, method, url, key, body)
	if err != nil {
		return err
	}
	return apicall.Data(method, url, status, data, out)
}

// seedPrompts creates a project and n prompts through the API, each with a version live in
// dev, staging and production.
func seedPrompts(ctx context.Context, base string, n, workers int) (*seeded, error) {
	s := &seeded{slugs: make([]string, n)}
	if err := s.createKeys(ctx, base); err != nil {
		return nil, err
	}
	if err := s.createPrompts(ctx, base, workers); err != nil {
		return nil, err
	}
	ids, err := seedPrompt(ctx, base, s.adminKey, "propagation", 2)
	if err != nil {
		return nil, err
	}
	s.propagation.promptID, s.propagation.versions = ids[0], [2]string{ids[1], ids[2]}
	if err := s.splitRelease(ctx, base); err != nil {
		return nil, err
	}
	if err := s.chatPrompt(ctx, base); err != nil {
		return nil, err
	}

	resp, body, err := probe(ctx, base, resolveRequests(s.slugs[:1], s.prodKey))
	if err != nil {
		return nil, err
	}
	s.resolveBody, s.resolveHeader = body, resp.Header
	return s, nil
}

// createKeys creates the project (its admin key) and a production key that may only read.
func (s *seeded) createKeys(ctx context.Context, base string) error {
	var project struct {
		APIKey string `json:"apiKey"`
	}
	if err := call(ctx, http.MethodPost, base+"/api/v1/projects", "", map[string]string{"name": "bench"}, &project); err != nil {
		return err
	}
	s.adminKey = project.APIKey
	var key struct {
		FullKey string `json:"fullKey"`
	}
	err := call(ctx, http.MethodPost, base+"/api/v1/api-keys", s.adminKey,
		map[string]any{"environment": "production", "scopes": []string{"prompts:read"}, "label": "bench"}, &key)
	s.prodKey = key.FullKey
	return err
}

// createPrompts creates a prompt for every slug of s, with workers requests at a time.
func (s *seeded) createPrompts(ctx context.Context, base string, workers int) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	start := time.Now()
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(s.slugs); i = int(next.Add(1) - 1) {
				s.slugs[i] = fmt.Sprintf("prompt-%06d", i)
				if _, err := seedPrompt(ctx, base, s.adminKey, s.slugs[i], 1); err != nil {
					errs <- err
					return
				}
				if i > 0 && i%10000 == 0 {
					fmt.Printf("bench: seeded %d prompts in %s\n", i, time.Since(start).Round(time.Second))
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// releasedPrompts is how many of the seeded prompts a split release moves (a release's
// most changes): resolve is measured with a subject, during the release.
const releasedPrompts = 50

// subject is the PromptOps-Subject every resolve of the bench sends.
const subject = "user-42"

// splitRelease gives the first prompts a second version and starts a release of it to half
// of production's subjects.
func (s *seeded) splitRelease(ctx context.Context, base string) error {
	var changes []map[string]any
	for _, slug := range s.slugs[:min(releasedPrompts, len(s.slugs))] {
		body := map[string]any{"systemPrompt": "You are a helpful support assistant for an online store. Answer briefly.",
			"userTemplate": fmt.Sprintf(userTemplate, 2), "maxTokens": 500, "metadata": map[string]string{"author": "bench"}}
		if err := call(ctx, http.MethodPost, base+"/api/v1/prompts/"+slug+"/versions", s.adminKey, body, nil); err != nil {
			return err
		}
		changes = append(changes, map[string]any{"prompt": slug, "version": 2})
	}
	return call(ctx, http.MethodPost, base+"/api/v1/releases", s.adminKey, map[string]any{
		"environment": "production", "changes": changes, "strategy": map[string]any{"type": "split", "percent": 50},
	}, nil)
}

// chatSlug is a chat version with a tool and a response schema, live in production, which
// the chat render phase renders for OpenAI's chat completions.
const chatSlug = "chat-weather"

var chatVariables = map[string]string{"city": "Lyon"}

// chatPrompt seeds chatSlug.
func (s *seeded) chatPrompt(ctx context.Context, base string) error {
	var prompt struct {
		ID string `json:"id"`
	}
	err := call(ctx, http.MethodPost, base+"/api/v1/prompts", s.adminKey, map[string]any{
		"slug": chatSlug, "name": "Weather", "version": map[string]any{
			"messages": []map[string]string{
				{"role": "system", "content": "You answer weather questions in one sentence."},
				{"role": "user", "content": "Weather in {{city}}?"}},
			"tools": []any{map[string]any{"type": "function", "function": map[string]any{"name": "get_weather", "description": "Current weather",
				"parameters": map[string]any{"type": "object", "properties": map[string]any{"city": map[string]string{"type": "string"}}, "required": []string{"city"}}}}},
			"toolChoice": "auto",
			"responseFormat": map[string]any{"type": "json_schema", "jsonSchema": map[string]any{"name": "answer",
				"schema": map[string]any{"type": "object", "properties": map[string]any{"summary": map[string]string{"type": "string"}}, "required": []string{"summary"}}}},
			"model": "gpt-4o", "temperature": 0.2, "maxTokens": 300,
		}}, &prompt)
	if err != nil {
		return err
	}
	return call(ctx, http.MethodPost, base+"/api/v1/prompts/"+prompt.ID+"/promote", s.adminKey,
		map[string]any{"environment": "production", "versionNumber": 1}, nil)
}

// The seeded user template uses exactly these two variables (the system prompt none), so
// a render fills both and never answers 400.
const userTemplate = "Hello {{userName}}, thanks for writing about order {{orderId}} (v%d)."

var renderVariables = map[string]string{"userName": "Ada", "orderId": "A-1042"}

func resolvePath(slug string) string { return "/api/v1/prompts/" + slug + "/resolve" }

// resolveRequests are GET resolve of every slug with key.
func resolveRequests(slugs []string, key string) requests {
	paths := make([]string, len(slugs))
	for i, s := range slugs {
		paths[i] = resolvePath(s)
	}
	return requests{name: "resolve", method: http.MethodGet, paths: paths,
		headers: map[string]string{"Authorization": "Bearer " + key, "PromptOps-Subject": subject}}
}

// chatRenderRequests are POST render of chatSlug for OpenAI's chat completions with key.
func chatRenderRequests(key string) requests {
	body, _ := json.Marshal(map[string]any{"variables": chatVariables, "format": "openai-chat"})
	return requests{name: "render-chat", method: http.MethodPost, paths: []string{"/api/v1/prompts/" + chatSlug + "/render"}, body: string(body),
		headers: map[string]string{"Authorization": "Bearer " + key, "Content-Type": "application/json"}}
}

// renderRequests are POST render of every slug with key, filling the seeded variables.
func renderRequests(slugs []string, key string) requests {
	paths := make([]string, len(slugs))
	for i, s := range slugs {
		paths[i] = "/api/v1/prompts/" + s + "/render"
	}
	body, _ := json.Marshal(map[string]any{"variables": renderVariables})
	return requests{name: "render", method: http.MethodPost, paths: paths, body: string(body),
		headers: map[string]string{"Authorization": "Bearer " + key, "Content-Type": "application/json"}}
}

// probe sends the first of rq to base and fails unless it is answered with a 200.
func probe(ctx context.Context, base string, rq requests) (*http.Response, []byte, error) {
	return probeFor(ctx, base, rq, http.StatusOK)
}

// probeFor sends the first of rq to base and fails unless it is answered with want.
func probeFor(ctx context.Context, base string, rq requests, want int) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, rq.method, base+rq.paths[0], strings.NewReader(rq.body))
	if err != nil {
		return nil, nil, err
	}
	for name, value := range rq.headers {
		req.Header.Set(name, value)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != want {
		err = fmt.Errorf("%s %s: %d %s", rq.method, req.URL, resp.StatusCode, body)
	}
	return resp, body, err
}

// seedPrompt creates a prompt with versions; the first goes live in staging and production.
// It returns the prompt's id and its versions' ids.
func seedPrompt(ctx context.Context, base, key, slug string, versions int) ([]string, error) {
	var prompt struct {
		ID string `json:"id"`
	}
	if err := call(ctx, http.MethodPost, base+"/api/v1/prompts", key,
		map[string]string{"slug": slug, "name": "Prompt " + slug, "description": "Seeded by the benchmark"}, &prompt); err != nil {
		return nil, err
	}
	ids := []string{prompt.ID}
	for v := 1; v <= versions; v++ {
		var version struct {
			ID string `json:"id"`
		}
		body := map[string]any{
			"systemPrompt": "You are a helpful support assistant for an online store. Answer briefly and politely.",
			"userTemplate": fmt.Sprintf(userTemplate, v),
			"maxTokens":    500, "metadata": map[string]string{"author": "bench"},
		}
		if err := call(ctx, http.MethodPost, base+"/api/v1/prompts/"+prompt.ID+"/versions", key, body, &version); err != nil {
			return nil, err
		}
		ids = append(ids, version.ID)
	}
	for _, env := range []string{"staging", "production"} {
		if err := call(ctx, http.MethodPost, base+"/api/v1/prompts/"+prompt.ID+"/promote", key,
			map[string]string{"environment": env, "versionId": ids[1]}, nil); err != nil {
			return nil, err
		}
	}
	return ids, nil
}
