// Package contenthash is the content hash of a prompt version: the server shows it as a
// version's contentHash, and the prompts-as-code commands compare a file with a version by
// it, so both must compute it alike. Sum is the one definition; OfRequest says what a
// version created from a request would hold, the server's defaults applied; Normalized is
// the request as the server stores it, which both go through.
package contenthash

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"

	"github.com/promptops/promptops/gen/api"
)

// The defaults of a new version, as the reference gives them.
const (
	DefaultModel       = "gpt-4"
	DefaultTemperature = 0.7
)

// Content is what the hash covers: the fields that say what the call is. A nil raw JSON
// field is null.
type Content struct {
	Messages        []api.Message
	Tools           []api.Tool
	ToolChoice      json.RawMessage
	ResponseFormat  *api.ResponseFormat
	Model           string
	Temperature     float64
	MaxTokens       *int32
	ModelParameters *api.ModelParameters
	Provider        *string
	VariablesSchema json.RawMessage
	Metadata        json.RawMessage
}

// Sum is the SHA-256 of c as JSON with sorted keys (decoding and encoding again sorts them,
// and numbers and whitespace come out one way however the parts were written).
func Sum(c Content) (string, error) {
	canonical := map[string]any{
		"messages": c.Messages, "tools": c.Tools, "toolChoice": c.ToolChoice, "responseFormat": c.ResponseFormat,
		"model": c.Model, "temperature": c.Temperature, "maxTokens": c.MaxTokens, "modelParameters": c.ModelParameters,
		"provider": c.Provider, "variablesSchema": c.VariablesSchema, "metadata": c.Metadata,
	}
	raw, err := json.Marshal(canonical)
	if err != nil {
		return "", err
	}
	var generic any
	if err := json.Unmarshal(raw, &generic); err != nil {
		return "", err
	}
	sorted, err := json.Marshal(generic)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(sorted)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

// OfRequest is the content of a version created from b, as the server stores and shows
// it: the defaults for what b leaves out, a system prompt and user template as the two
// messages they are, no tools as an empty list, the text Normalized. It does not check b
// (the server does).
func OfRequest(b *api.CreateVersionRequest) (Content, error) {
	n := Normalized(*b)
	b = &n
	c := Content{Model: DefaultModel, Temperature: DefaultTemperature, Metadata: json.RawMessage(`{}`),
		Tools: []api.Tool{}, ModelParameters: &api.ModelParameters{}, Provider: b.Provider}
	if b.Messages != nil {
		c.Messages = *b.Messages
	} else {
		c.Messages = []api.Message{
			{Role: api.MessageRoleSystem, Content: deref(b.SystemPrompt)},
			{Role: api.MessageRoleUser, Content: deref(b.UserTemplate)},
		}
	}
	if b.Model != nil {
		c.Model = *b.Model
	}
	if b.Temperature != nil {
		c.Temperature = *b.Temperature
	}
	if b.MaxTokens != nil {
		n := int32(*b.MaxTokens)
		c.MaxTokens = &n
	}
	if b.Metadata != nil {
		raw, err := json.Marshal(*b.Metadata)
		if err != nil {
			return c, err
		}
		c.Metadata = raw
	}
	if b.Tools != nil && len(*b.Tools) > 0 {
		c.Tools = *b.Tools
	}
	if b.ToolChoice != nil {
		c.ToolChoice = json.RawMessage(*b.ToolChoice)
	}
	if rf, err := b.ResponseFormat.Get(); err == nil {
		c.ResponseFormat = &rf
	}
	if b.ModelParameters != nil {
		c.ModelParameters = b.ModelParameters
	}
	if b.VariablesSchema != nil {
		c.VariablesSchema = *b.VariablesSchema
	}
	return c, nil
}

// lineEndings turns CRLF and lone CR into LF.
var lineEndings = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// Normalized is b with its template text (system prompt, user template, each message's
// content) in LF line endings, CRLF and lone CR made LF: a template typed in a browser's
// text area (which posts CRLF) or saved on Windows is the same template, and stores,
// renders, pulls and hashes as the LF text. b itself is left as it is.
func Normalized(b api.CreateVersionRequest) api.CreateVersionRequest {
	b.SystemPrompt = lf(b.SystemPrompt)
	b.UserTemplate = lf(b.UserTemplate)
	if b.Messages != nil {
		messages := make([]api.Message, len(*b.Messages))
		for i, m := range *b.Messages {
			m.Content = lineEndings.Replace(m.Content)
			messages[i] = m
		}
		b.Messages = &messages
	}
	return b
}

func lf(s *string) *string {
	if s == nil {
		return nil
	}
	out := lineEndings.Replace(*s)
	return &out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
