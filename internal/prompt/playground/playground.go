// Package playground sends a rendered version to a provider and reads its answer: the text,
// the tool calls and the token counts of OpenAI Chat Completions (and the APIs compatible
// with it) and of Anthropic Messages. The request body is the one render builds for the
// provider (internal/prompt/providers); this package adds only the transport, its bounds
// and the reading of the answer.
package playground

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// The providers a connection may name, as the spec's ConnectionProvider.
const (
	OpenAI    = "openai"
	Anthropic = "anthropic"
)

// Bounds of one run: how long the provider may take by default (the client's Timeout
// bounds it), how much of its answer is read, and how much of its error message is quoted
// back.
const (
	Timeout          = 30 * time.Second
	MaxResponseBytes = 1 << 20
	MaxMessageChars  = 1000
)

// anthropicVersion is the Messages API version the request body is written for.
const anthropicVersion = "2023-06-01"

// Connection is where a run is sent: the provider, its base URL and the key, opened.
type Connection struct {
	Provider, BaseURL, APIKey string
}

// Result is what a provider answered to a run.
type Result struct {
	Output                    string
	ToolCalls                 []ToolCall
	InputTokens, OutputTokens int
	Latency                   time.Duration
	// Raw is the provider's answer as it came.
	Raw json.RawMessage
}

// ToolCall is one tool the model asked to call, with its arguments as JSON text.
type ToolCall struct {
	Name, Arguments string
}

// ProviderError is a run the provider did not answer with a result: unreachable, too
// slow, an error status, or an answer that is not its API's. Message says which, quoting
// the provider's own message (at most MaxMessageChars).
type ProviderError struct {
	Message string
}

func (e *ProviderError) Error() string { return e.Message }

// Format is the render format of a provider's request body.
func Format(provider string) string {
	if provider == Anthropic {
		return "anthropic"
	}
	return "openai-chat"
}

// Run sends body (a request in the provider's format) with model set, through client
// (whose dialer applies the address policy, and whose Timeout bounds the whole exchange),
// and reads the answer.
func Run(ctx context.Context, client *http.Client, c Connection, body json.RawMessage, model string) (*Result, error) {
	body, err := withModel(body, model)
	if err != nil {
		return nil, err
	}
	req, err := newRequest(ctx, c, body)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return nil, transportError(client, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
	if err != nil {
		return nil, transportError(client, err)
	}
	latency := time.Since(start)
	if len(raw) > MaxResponseBytes {
		return nil, &ProviderError{Message: fmt.Sprintf("The provider's answer is larger than %d bytes.", MaxResponseBytes)}
	}
	if resp.StatusCode/100 != 2 {
		return nil, &ProviderError{Message: fmt.Sprintf("The provider answered %d: %s", resp.StatusCode, errorMessage(raw))}
	}
	r, err := parse(c.Provider, raw)
	if err != nil {
		return nil, &ProviderError{Message: "The provider's answer could not be read: " + bounded(err.Error())}
	}
	r.Latency, r.Raw = latency, raw
	return r, nil
}

// withModel sets the body's model.
func withModel(body json.RawMessage, model string) (json.RawMessage, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, fmt.Errorf("decode rendered request: %w", err)
	}
	m, _ := json.Marshal(model)
	fields["model"] = m
	return json.Marshal(fields)
}

// newRequest is the provider's HTTP request for body, authenticated as its API wants.
func newRequest(ctx context.Context, c Connection, body []byte) (*http.Request, error) {
	path := "/chat/completions"
	if c.Provider == Anthropic {
		path = "/messages"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(c.BaseURL, "/")+path, bytes.NewReader(body))
	if err != nil {
		return nil, &ProviderError{Message: "The connection's base URL is not usable: " + bounded(err.Error())}
	}
	req.Header.Set("Content-Type", "application/json")
	if c.Provider == Anthropic {
		req.Header.Set("x-api-key", c.APIKey)
		req.Header.Set("anthropic-version", anthropicVersion)
	} else {
		req.Header.Set("Authorization", "Bearer "+c.APIKey)
	}
	return req, nil
}

// transportError says why no answer came: the client's timeout, or what the connection
// met.
func transportError(client *http.Client, err error) error {
	if timeout, ok := errors.AsType[net.Error](err); ok && timeout.Timeout() {
		return &ProviderError{Message: fmt.Sprintf("The provider did not answer within %s.", client.Timeout)}
	}
	return &ProviderError{Message: "The provider could not be reached: " + bounded(err.Error())}
}

// errorMessage is the message of a provider's error answer: error.message in both APIs'
// shapes, else the answer's text.
func errorMessage(raw []byte) string {
	var e struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(raw, &e) == nil && e.Error.Message != "" {
		return bounded(e.Error.Message)
	}
	return bounded(strings.TrimSpace(string(raw)))
}

// bounded cuts s to MaxMessageChars characters.
func bounded(s string) string {
	if r := []rune(s); len(r) > MaxMessageChars {
		return string(r[:MaxMessageChars]) + "…"
	}
	return s
}
