// Package rendering prepares what a slug resolves to for the hot path and renders it: the
// resolve responses encoded once, the templates parsed, the render response framed. The
// server builds a Live from its database and the edge replica from a snapshot of the
// server's, both from the same resolve data, so that both answer with the same bytes.
package rendering

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/google/uuid"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/prompt/providers"
	"github.com/promptops/promptops/internal/prompt/schemas"
	"github.com/promptops/promptops/internal/prompt/template"
)

// Live is what a slug resolves to in an environment, prepared once (versions are
// immutable): the resolve response encoded with its headers, and the templates parsed and
// the render response framed for render.
type Live struct {
	// PromptID is the version's prompt, which the resolve data does not show; the server
	// sets it before the Live is shared, for its usage counts.
	PromptID uuid.UUID

	data api.ResolvedPrompt
	body []byte
	etag string
	// etagHeader and lengthHeader are the response's header values, shared by every
	// response and never modified.
	etagHeader, lengthHeader []string
	// releaseHeader is the PromptOps-Release header's value (nil outside a release).
	releaseHeader []string
	// releaseID and variant are data.Release's, read without its nullable's map lookups
	// (zero outside a release).
	releaseID uuid.UUID
	variant   string
	// templates are the messages' contents, parsed, in order.
	templates []*template.Template
	// partials are what the templates include, resolved in the environment; include is
	// their IncludeFunc, made once rather than per render.
	partials Partials
	include  template.IncludeFunc
	// composed is the resolve response with the partials expanded (compose=true).
	composed []byte
	// variablesSchema is the compiled variables schema (nil when the version has none).
	variablesSchema *jsonschema.Schema
	// rendered is the render response with its contents and warnings left out;
	// providerFrames are the same in each provider's format (providerFormats), with its
	// request body left out too, each framed on its first render.
	rendered       *renderFrame
	providerFrames [len(providerFormats)]atomic.Pointer[renderFrame]
	// call is the version's call as the providers package takes it, its messages aside.
	call providers.Call
	// reads is what the templates and partials read, for a render's warnings.
	reads template.Reads
	// suspects are the render's warnings about the templates' text that looks like tags
	// of another syntax (template.Suspects), the same for every render.
	suspects []string
}

// Parse starts preparing data, a version as resolve shows it (its partials aside): it
// parses the templates and compiles the variables schema. Both were checked when the
// version was created, so a failure here is a bug. Finish completes it.
func Parse(data api.ResolvedPrompt) (*Live, error) {
	live := &Live{data: data}
	live.include = live.partials.include
	if r, err := data.Release.Get(); err == nil {
		live.InRelease(r.Id, string(r.Variant))
	} else {
		live.data.Release.SetNull() // written as null, never as an empty assignment
	}
	for i, m := range data.Messages {
		t, err := template.Parse(m.Content)
		if err != nil {
			return nil, fmt.Errorf("stored message %d of version %s: %w", i, data.VersionId, err)
		}
		live.templates = append(live.templates, t)
		live.suspects = append(live.suspects, suspectWarnings(i, t)...)
	}
	if raw, err := data.VariablesSchema.Get(); err == nil && len(raw) > 0 {
		sch, problems := schemas.Compile(raw)
		if problems != nil {
			return nil, fmt.Errorf("stored variables schema of version %s: %v", data.VersionId, problems)
		}
		live.variablesSchema = sch
	}
	return live, nil
}

// SuspectWarnings are the warnings about the text of a version's messages that looks like
// tags of another syntax (template.Suspects), never nil: what its creation answers, and
// each of its renders. A message that does not parse, which a version never has, is
// passed over.
func SuspectWarnings(messages []api.Message) []string {
	warnings := []string{}
	for i, m := range messages {
		if t, err := template.Parse(m.Content); err == nil {
			warnings = append(warnings, suspectWarnings(i, t)...)
		}
	}
	return warnings
}

// suspectWarnings are the warnings about message i's template t.
func suspectWarnings(i int, t *template.Template) []string {
	var warnings []string
	for _, s := range t.Suspects() {
		warnings = append(warnings, "/messages/"+strconv.Itoa(i)+"/content: "+s.String())
	}
	return warnings
}

// Includes lists the partials the templates include, each once, in order.
func (live *Live) Includes() []template.Partial { return Includes(live.templates) }

// Include sets the partials the templates include as they resolve in the environment, and
// so the variables and the ETag: all a snapshot shows and its cursor counts. Finish does it
// too, then prepares the answers; a Live only Included answers nothing.
func (live *Live) Include(partials Partials) {
	live.partials, live.include = partials, partials.include
	live.data.Partials = partials.refs
	live.data.Variables = variablesWith(live.templates, partials)
	live.etag = ETag(live.data.VersionId.String(), string(live.data.Environment), partials.etagSuffix()+live.releaseSuffix())
}

// Finish encodes the resolve responses (as written, and composed) and frames the render
// response, with the partials the templates include as they resolve in the environment.
// A prompt whose messages composed would be larger than limit (the render limit) is
// refused with a *ComposeError before any of it is built.
func (live *Live) Finish(partials Partials, limit int) error {
	if err := live.CheckComposition(partials, Bounds{Bytes: limit}); err != nil {
		return err
	}
	live.Include(partials)
	var err error
	if live.body, err = encodeResolved(live.data); err != nil {
		return err
	}
	if live.composed, err = encodeResolved(partials.composeResolved(live.data)); err != nil {
		return err
	}
	live.etagHeader, live.lengthHeader = []string{live.etag}, []string{strconv.Itoa(len(live.body))}
	live.reads = template.ReadsOf(append(slices.Clip(live.templates), slices.Collect(maps.Values(partials.templates))...)...)
	live.call = live.providerCall()
	live.rendered, err = newRenderFrame(live.data, api.RenderedPromptFormatMessages)
	return err
}

// variablesWith lists the names templates take with the partials they include, each once
// in order of first use across the templates: a version's variables as resolve shows them
// in an environment, so that a caller can ask for every value a render needs.
func variablesWith(templates []*template.Template, partials Partials) []string {
	names := []string{}
	seen := map[string]bool{}
	for _, t := range templates {
		for _, name := range t.VariablesWith(partials.include) {
			if !seen[name] {
				seen[name] = true
				names = append(names, name)
			}
		}
	}
	return names
}

// Data is the resolve response's data, its templates as written.
func (live *Live) Data() api.ResolvedPrompt { return live.data }

// VersionNumber is the version's number (Data without copying it all).
func (live *Live) VersionNumber() int { return live.data.VersionNumber }

// Partials is what the templates include.
func (live *Live) Partials() Partials { return live.partials }

// Tag is the ETag of the resolve response.
func (live *Live) Tag() string { return live.etag }

// encodeResolved encodes a resolve response, ready to send.
func encodeResolved(data api.ResolvedPrompt) ([]byte, error) {
	body, err := json.Marshal(api.ResolvedPromptResponse{Data: data})
	if err != nil {
		return nil, fmt.Errorf("encode resolve of %s: %w", data.Slug, err)
	}
	return append(body, '\n'), nil
}

// Resolved is the resolve answer for live, with its partials expanded when composed, or
// the 304 when ifNoneMatch (if set) matches its ETag.
func (live *Live) Resolved(ifNoneMatch *string, composed bool) api.ResolvePromptResponseObject {
	if ifNoneMatch != nil && ETagMatches(*ifNoneMatch, live.etag) {
		headers := api.ResolvePrompt304ResponseHeaders{ETag: &live.etag}
		if live.releaseHeader != nil {
			headers.PromptOpsRelease = &live.releaseHeader[0]
		}
		return api.ResolvePrompt304Response{Headers: headers}
	}
	if composed {
		return composedResponse{live}
	}
	return resolvedResponse{live}
}

// resolvedResponse sends a prepared resolve response as it is; composedResponse the one
// with its partials expanded. Each is one pointer, so returning it allocates nothing.
type (
	resolvedResponse struct{ live *Live }
	composedResponse struct{ live *Live }
)

// ResolvedData is the data of a resolve response as written (its partials not expanded),
// for callers in the same process (the console); ok is false for a 304 or a failure.
func ResolvedData(resp api.ResolvePromptResponseObject) (data api.ResolvedPrompt, ok bool) {
	switch r := resp.(type) {
	case resolvedResponse:
		return r.live.data, true
	case composedResponse:
		return r.live.data, true
	}
	return api.ResolvedPrompt{}, false
}

func (resp resolvedResponse) VisitResolvePromptResponse(w http.ResponseWriter) error {
	return writeResolved(w, resp.live, resp.live.body, resp.live.lengthHeader)
}

func (resp composedResponse) VisitResolvePromptResponse(w http.ResponseWriter) error {
	return writeResolved(w, resp.live, resp.live.composed, []string{strconv.Itoa(len(resp.live.composed))})
}

func writeResolved(w http.ResponseWriter, live *Live, body []byte, length []string) error {
	h := w.Header()
	h["Content-Type"] = contentTypeJSON
	h["Content-Length"] = length
	h["Etag"] = live.etagHeader
	if live.releaseHeader != nil {
		h["Promptops-Release"] = live.releaseHeader
	}
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(body)
	return err
}

// contentTypeJSON is shared, not allocated per response.
var contentTypeJSON = []string{"application/json"}

// NotDeployedMessage is the 404 message of a slug with nothing live in env (or no version
// pinned that has been).
func NotDeployedMessage(slug, env string, pinned *int) string {
	if pinned != nil {
		return fmt.Sprintf("No version %d of a prompt %q has been live in %s.", *pinned, slug, env)
	}
	return fmt.Sprintf("No prompt %q is deployed to %s.", slug, env)
}

// ETag identifies a resolve response: versions are immutable and the environment is the
// key's, so the pair names the body exactly, with a suffix naming the partials' versions
// when it includes any and the release and variant in a release.
func ETag(versionID, env, partials string) string {
	return `"` + versionID + "-" + env + partials + `"`
}

// ETagMatches applies If-None-Match: a list of tags, weak or strong, or "*".
func ETagMatches(header, tag string) bool {
	for _, candidate := range strings.Split(header, ",") {
		candidate = strings.TrimPrefix(strings.TrimSpace(candidate), "W/")
		if candidate == tag || candidate == "*" {
			return true
		}
	}
	return false
}
