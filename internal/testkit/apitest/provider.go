package apitest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// Provider is a fake LLM provider on 127.0.0.1 speaking the shapes of OpenAI Chat
// Completions (POST /v1/chat/completions) and Anthropic Messages (POST /v1/messages), so
// that playground runs send nothing off the machine. It answers by the model asked:
// "provider-error" is a 500 with an error message, "provider-slow" waits until the caller
// gives up, "provider-tools" answers a tool call; any other model gets the text "echo:
// MODEL" (and, for OpenAI, the count of messages in its usage).
type Provider struct {
	URL string
	mu  sync.Mutex
	// requests are the bodies received, headers with them.
	requests []ProviderRequest
}

// ProviderRequest is a request the provider received.
type ProviderRequest struct {
	Path   string
	Header http.Header
	Body   map[string]any
}

// NewProvider starts a provider for the test.
func NewProvider(t testing.TB) *Provider {
	p := &Provider{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", func(w http.ResponseWriter, r *http.Request) { p.answer(w, r, openAIAnswer) })
	mux.HandleFunc("POST /v1/messages", func(w http.ResponseWriter, r *http.Request) { p.answer(w, r, anthropicAnswer) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	p.URL = srv.URL + "/v1"
	return p
}

// Requests returns the requests received so far.
func (p *Provider) Requests() []ProviderRequest {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]ProviderRequest(nil), p.requests...)
}

func (p *Provider) answer(w http.ResponseWriter, r *http.Request, shape func(model string, body map[string]any) any) {
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	_ = json.Unmarshal(raw, &body)
	p.mu.Lock()
	p.requests = append(p.requests, ProviderRequest{Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	p.mu.Unlock()
	model, _ := body["model"].(string)
	w.Header().Set("Content-Type", "application/json")
	switch model {
	case "provider-error":
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"error":{"message":"the model is overloaded"}}`))
		return
	case "provider-slow":
		<-r.Context().Done()
		return
	}
	_ = json.NewEncoder(w).Encode(shape(model, body))
}

func openAIAnswer(model string, body map[string]any) any {
	messages, _ := body["messages"].([]any)
	message := map[string]any{"role": "assistant", "content": "echo: " + model}
	if model == "provider-tools" {
		message = map[string]any{"role": "assistant", "content": nil, "tool_calls": []any{map[string]any{
			"id": "call_1", "type": "function", "function": map[string]any{"name": "lookup", "arguments": `{"q":"ada"}`},
		}}}
	}
	return map[string]any{
		"id": "chatcmpl-1", "object": "chat.completion", "model": model,
		"choices": []any{map[string]any{"index": 0, "message": message, "finish_reason": "stop"}},
		"usage":   map[string]any{"prompt_tokens": 10 * len(messages), "completion_tokens": 5, "total_tokens": 10*len(messages) + 5},
	}
}

func anthropicAnswer(model string, _ map[string]any) any {
	content := []any{map[string]any{"type": "text", "text": "echo: " + model}}
	if model == "provider-tools" {
		content = append(content, map[string]any{"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": map[string]any{"q": "ada"}})
	}
	return map[string]any{
		"id": "msg_1", "type": "message", "role": "assistant", "model": model, "content": content,
		"stop_reason": "end_turn", "usage": map[string]any{"input_tokens": 7, "output_tokens": 3},
	}
}
