package conformance

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/prompt/contenthash"
	"github.com/promptops/promptops/internal/prompt/rendering"
	"github.com/promptops/promptops/internal/prompt/schemas"
	"github.com/promptops/promptops/internal/prompt/template"
	"github.com/promptops/promptops/internal/release/assign"
	"github.com/promptops/promptops/openapi"
)

// vectorsFile is the file the vectors are written to, from this package's directory.
const vectorsFile = "../../../gen/conformance/vectors.json"

// defaultRenderLimit is the server's render limit unless its operator changes it
// (PROMPTOPS_RENDER_LIMIT), and the SDKs' default.
const defaultRenderLimit = 1 << 20

// cases is testdata/cases.json: the inputs. Values stay raw, so that every SDK decodes the
// same text the Go code decodes.
type cases struct {
	Templates     []templateCase `json:"templates"`
	Renders       []renderCase   `json:"renders"`
	ContentHashes []hashCase     `json:"contentHashes"`
	// Assignments and AssignmentSamples are release assignments (package assign).
	Assignments       []assignmentCase `json:"assignments"`
	AssignmentSamples []sampleCase     `json:"assignmentSamples"`
	Subjects          []subjectCase    `json:"subjects"`
	Requests          []requestCase    `json:"requests"`
	Tracks            []trackCase      `json:"tracks"`
}

// subjectCase is a subject given to a resolve (GET …/resolve?subject=), or to a render of
// variables when it has them. Both stay raw, as the case writes them: a subject may hold a
// lone surrogate escape (\ud800), which encoding/json would make U+FFFD (see clientString).
type subjectCase struct {
	Name      string          `json:"name"`
	Subject   json.RawMessage `json:"subject"`
	Variables json.RawMessage `json:"variables,omitempty"`
}

// requestCase is a resolve of a slug (GET /api/v1/prompts/{slug}/resolve), with a subject
// when it has one, or a render of it when it has variables or a format. The slug and the
// subject stay raw, as the case writes them: either may hold a lone surrogate escape.
type requestCase struct {
	Name      string          `json:"name"`
	Slug      json.RawMessage `json:"slug"`
	Subject   json.RawMessage `json:"subject,omitempty"`
	Variables json.RawMessage `json:"variables,omitempty"`
	Format    string          `json:"format,omitempty"`
}

// trackCase is one analytics event, the body of POST /api/v1/analytics/track as an SDK's
// track() would send it alone. It stays raw, as the case writes it: a string or a member name
// may hold a lone surrogate escape (\ud800), which no client can encode as UTF-8 and which
// json.dumps and JSON.stringify write as that escape.
type trackCase struct {
	Name  string          `json:"name"`
	Event json.RawMessage `json:"event"`
}

// assignmentCase is one subject of a release of salt with percent on the candidate.
type assignmentCase struct {
	Name    string  `json:"name"`
	Salt    string  `json:"salt"`
	Subject string  `json:"subject"`
	Percent float64 `json:"percent"`
}

// sampleCase is count subjects, prefix followed by 0, 1, …, in a release of salt with
// percent on the candidate.
type sampleCase struct {
	Name    string  `json:"name"`
	Salt    string  `json:"salt"`
	Prefix  string  `json:"prefix"`
	Count   int     `json:"count"`
	Percent float64 `json:"percent"`
}

type templateCase struct {
	Name     string            `json:"name"`
	Template string            `json:"template"`
	Values   json.RawMessage   `json:"values,omitempty"`
	Partials map[string]string `json:"partials,omitempty"`
	// Limit is the budget's bytes (with template.MaxSteps steps); 0 renders without one.
	Limit int `json:"limit,omitempty"`
}

type renderCase struct {
	Name string `json:"name"`
	// Prompt is the version's fields that matter; the rest are filled in (basePrompt).
	Prompt      json.RawMessage `json:"prompt"`
	Partials    []partialCase   `json:"partials,omitempty"`
	Variables   json.RawMessage `json:"variables"`
	Formats     []string        `json:"formats,omitempty"`
	RenderLimit int             `json:"renderLimit,omitempty"`
}

type partialCase struct {
	Ref      string `json:"ref"`
	Template string `json:"template"`
}

type hashCase struct {
	Name    string          `json:"name"`
	Request json.RawMessage `json:"request"`
}

// vectors is what is written: each case with what the Go rules give for it.
type vectors struct {
	About         string           `json:"about"`
	MaxSteps      int              `json:"maxSteps"`
	MaxDepth      int              `json:"maxDepth"`
	Templates     []templateVector `json:"templates"`
	Renders       []renderVector   `json:"renders"`
	ContentHashes []hashVector     `json:"contentHashes"`
	// Assignments give each case's bucket, threshold and variant.
	Assignments []assignmentVector `json:"assignments"`
	// AssignmentSamples give how many subjects of each sample get the candidate, and the
	// SHA-256 (hex) of their variants in order, one character each: "1" candidate, "0"
	// current.
	AssignmentSamples []sampleVector `json:"assignmentSamples"`
	// Subjects give the gateway's 400 for each case, or nothing when it lets it through.
	Subjects []subjectVector `json:"subjects"`
	// Requests give the gateway's 400 for each case, or nothing when it lets it through
	// (the server then looks the prompt up: a slug with nothing live is a 404).
	Requests []requestVector `json:"requests"`
	// Tracks give the gateway's 400 for each event, or nothing when it lets it through (the
	// server then looks its slug, version and environment up).
	Tracks []trackVector `json:"tracks"`
}

type trackVector struct {
	trackCase
	Refused *refusal `json:"refused,omitempty"`
}

type requestVector struct {
	requestCase
	Refused *refusal `json:"refused,omitempty"`
}

type subjectVector struct {
	subjectCase
	Refused *refusal `json:"refused,omitempty"`
}

// refusal is a 400's message and problems (its details' fields).
type refusal struct {
	Message  string             `json:"message"`
	Problems []api.FieldProblem `json:"problems"`
}

type assignmentVector struct {
	assignmentCase
	Bucket    int    `json:"bucket"`
	Threshold int    `json:"threshold"`
	Variant   string `json:"variant"`
}

type sampleVector struct {
	sampleCase
	Candidates     int    `json:"candidates"`
	VariantsSHA256 string `json:"variantsSha256"`
}

type templateVector struct {
	templateCase
	// Variables and PartialRefs are what the parse lists; Suspects its warnings.
	Variables   []string       `json:"variables"`
	PartialRefs []string       `json:"partialRefs"`
	Suspects    []suspect      `json:"suspects"`
	Text        *string        `json:"text,omitempty"`
	Missing     []string       `json:"missing"`
	Error       *templateError `json:"error,omitempty"`
}

// suspect is a template.Suspect with the field names of the file.
type suspect struct {
	Snippet string `json:"snippet"`
	Offset  int    `json:"offset"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Hint    string `json:"hint"`
}

// templateError is a parse's *template.SyntaxError (Kind "syntax", with its position; Offset
// in bytes of UTF-8) or a render's error: "tooLarge", "tooMuchWork", "tooDeep" or
// "include" (a partial that is not there), with the whole message.
type templateError struct {
	Kind    string `json:"kind"`
	Message string `json:"message"`
	Offset  *int   `json:"offset,omitempty"`
	Line    *int   `json:"line,omitempty"`
	Column  *int   `json:"column,omitempty"`
	Problem string `json:"problem,omitempty"`
}

type renderVector struct {
	Name string `json:"name"`
	// Entry is the version as GET /api/v1/snapshot gives it, partials' text included.
	Entry       api.SnapshotPrompt         `json:"entry"`
	Variables   json.RawMessage            `json:"variables"`
	RenderLimit int                        `json:"renderLimit"`
	Results     map[string]json.RawMessage `json:"results"`
}

// renderResult is one format's answer: the render response's data, or the message and
// problems of its 400 (details holds the rest of its details: fields are the problems).
// SchemaProblems marks problems found by the variables schema, whose wording is the JSON
// Schema library's: another language's library words them otherwise, so only their fields
// are to be compared (the message quotes the first).
type renderResult struct {
	Rendered       json.RawMessage    `json:"rendered,omitempty"`
	Message        string             `json:"message,omitempty"`
	Problems       []api.FieldProblem `json:"problems,omitempty"`
	Details        *api.ErrorDetails  `json:"details,omitempty"`
	SchemaProblems bool               `json:"schemaProblems,omitempty"`
}

type hashVector struct {
	hashCase
	ContentHash string `json:"contentHash"`
}

// build computes the vectors of the cases in raw.
func build(raw []byte) (*vectors, error) {
	var c cases
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("read the cases: %w", err)
	}
	v := &vectors{
		About: "Conformance vectors of PromptOps' prompt rules, computed by the Go implementation from " +
			"internal/prompt/conformance/testdata/cases.json (make generate/vectors). Do not edit.",
		MaxSteps: template.MaxSteps, MaxDepth: template.MaxDepth,
	}
	for _, tc := range c.Templates {
		tv, err := templateVectorOf(tc)
		if err != nil {
			return nil, fmt.Errorf("template case %q: %w", tc.Name, err)
		}
		v.Templates = append(v.Templates, tv)
	}
	for _, rc := range c.Renders {
		rv, err := renderVectorOf(rc)
		if err != nil {
			return nil, fmt.Errorf("render case %q: %w", rc.Name, err)
		}
		v.Renders = append(v.Renders, rv)
	}
	for _, hc := range c.ContentHashes {
		hv, err := hashVectorOf(hc)
		if err != nil {
			return nil, fmt.Errorf("content hash case %q: %w", hc.Name, err)
		}
		v.ContentHashes = append(v.ContentHashes, hv)
	}
	for _, ac := range c.Assignments {
		v.Assignments = append(v.Assignments, assignmentVector{assignmentCase: ac, Bucket: assign.Bucket(ac.Salt, ac.Subject),
			Threshold: assign.Threshold(ac.Percent), Variant: assign.Variant(ac.Salt, ac.Subject, ac.Percent)})
	}
	for _, sc := range c.AssignmentSamples {
		v.AssignmentSamples = append(v.AssignmentSamples, sampleVectorOf(sc))
	}
	for _, sc := range c.Subjects {
		sv, err := subjectVectorOf(sc)
		if err != nil {
			return nil, fmt.Errorf("subject case %q: %w", sc.Name, err)
		}
		v.Subjects = append(v.Subjects, sv)
	}
	for _, rc := range c.Requests {
		rv, err := requestVectorOf(rc)
		if err != nil {
			return nil, fmt.Errorf("request case %q: %w", rc.Name, err)
		}
		v.Requests = append(v.Requests, rv)
	}
	for _, tc := range c.Tracks {
		tv, err := trackVectorOf(tc)
		if err != nil {
			return nil, fmt.Errorf("track case %q: %w", tc.Name, err)
		}
		v.Tracks = append(v.Tracks, tv)
	}
	return v, nil
}

// subjectVectorOf is the gateway's answer to a subject case, as the server's pipeline
// checks the request before resolving or rendering: an empty subject is refused, not taken
// for none (as it is by package assign, which is given "" for none).
func subjectVectorOf(sc subjectCase) (subjectVector, error) {
	refused, err := checkRequest(json.RawMessage(`"p"`), sc.Subject, sc.Variables, "")
	return subjectVector{subjectCase: sc, Refused: refused}, err
}

// requestVectorOf is the gateway's answer to a request case, as the server's pipeline
// checks the request before it looks the prompt up.
func requestVectorOf(rc requestCase) (requestVector, error) {
	refused, err := checkRequest(rc.Slug, rc.Subject, rc.Variables, rc.Format)
	return requestVector{requestCase: rc, Refused: refused}, err
}

// checkRequest is the gateway's refusal of a resolve of slug (raw JSON strings, the subject
// absent for none) or, with variables or a format, of a render, sent as a client would send
// it (clientString); nil when it lets the request through.
func checkRequest(rawSlug, rawSubject, variables json.RawMessage, format string) (*refusal, error) {
	checker, err := renderChecker()
	if err != nil {
		return nil, err
	}
	slug, err := clientString(rawSlug)
	if err != nil {
		return nil, err
	}
	query := ""
	if rawSubject != nil {
		subject, err := clientString(rawSubject)
		if err != nil {
			return nil, err
		}
		query = "?subject=" + url.QueryEscape(subject)
	}
	path := "/api/v1/prompts/" + url.PathEscape(slug)
	r := httptest.NewRequest(http.MethodGet, path+"/resolve"+query, nil)
	operation := "ResolvePrompt"
	if variables != nil || format != "" {
		r = httptest.NewRequest(http.MethodPost, path+"/render"+query, bytes.NewReader(renderRequestBody(variables, format)))
		r.Header.Set("Content-Type", "application/json")
		operation = "RenderPrompt"
	}
	r.SetPathValue("slug", slug)
	if _, _, refused := checker.Check(httptest.NewRecorder(), r, operation); refused != nil {
		return &refusal{Message: refused.Message, Problems: *refused.Details.Fields}, nil
	}
	return nil, nil
}

// trackVectorOf is the gateway's answer to an event posted alone to track, as the server's
// pipeline checks the body before the handler looks anything up: its text, then the spec.
func trackVectorOf(tc trackCase) (trackVector, error) {
	checker, err := trackChecker()
	if err != nil {
		return trackVector{}, err
	}
	r := httptest.NewRequest(http.MethodPost, "/api/v1/analytics/track", bytes.NewReader(tc.Event))
	r.Header.Set("Content-Type", "application/json")
	v := trackVector{trackCase: tc}
	if _, _, refused := checker.Check(httptest.NewRecorder(), r, "TrackEvents"); refused != nil {
		v.Refused = &refusal{Message: refused.Message, Problems: *refused.Details.Fields}
	}
	return v, nil
}

// trackChecker is the gateway's check of track requests, of the spec, made once.
var trackChecker = sync.OnceValues(func() (*gateway.Checker, error) {
	spec, err := openapi.Load()
	if err != nil {
		return nil, err
	}
	return gateway.NewChecker(spec, 1<<20, "TrackEvents")
})

// clientString is the subject the server is sent for the JSON string raw: its text in UTF-8,
// but a lone surrogate escape (\ud800, a string JavaScript and Python hold and no client can
// encode as UTF-8) as its three bytes in WTF-8 (ED A0 80, ?subject=%ED%A0%80), the nearest
// thing a client could send, which is not valid UTF-8 either.
func clientString(raw json.RawMessage) (string, error) {
	if err := json.Unmarshal(raw, new(string)); err != nil {
		return "", err
	}
	var b []byte
	units := utf16Units(raw[1 : len(raw)-1])
	for i := 0; i < len(units); i++ {
		u := rune(units[i])
		if utf16.IsSurrogate(u) && i+1 < len(units) {
			if r := utf16.DecodeRune(u, rune(units[i+1])); r != utf8.RuneError {
				b, i = utf8.AppendRune(b, r), i+1
				continue
			}
		}
		if utf16.IsSurrogate(u) {
			b = append(b, 0xE0|byte(u>>12), 0x80|byte(u>>6)&0x3F, 0x80|byte(u)&0x3F)
			continue
		}
		b = utf8.AppendRune(b, u)
	}
	return string(b), nil
}

// utf16Units is the text of a valid JSON string's body as JavaScript holds it: UTF-16 code
// units, a \uXXXX escape being one whether or not it is half of a pair.
func utf16Units(body []byte) []uint16 {
	var units []uint16
	for len(body) > 0 {
		switch {
		case bytes.HasPrefix(body, []byte(`\u`)):
			u, _ := strconv.ParseUint(string(body[2:6]), 16, 16)
			units, body = append(units, uint16(u)), body[6:]
		case body[0] == '\\':
			var s string
			// One of \" \\ \/ \b \f \n \r \t: the string is valid JSON, so it decodes.
			_ = json.Unmarshal([]byte(`"`+string(body[:2])+`"`), &s)
			units, body = utf16.AppendRune(units, rune(s[0])), body[2:]
		default:
			r, n := utf8.DecodeRune(body)
			units, body = utf16.AppendRune(units, r), body[n:]
		}
	}
	return units
}

// sampleVectorOf assigns every subject of a sample.
func sampleVectorOf(sc sampleCase) sampleVector {
	sv := sampleVector{sampleCase: sc}
	h := sha256.New()
	for i := range sc.Count {
		if assign.Variant(sc.Salt, sc.Prefix+strconv.Itoa(i), sc.Percent) == assign.Candidate {
			sv.Candidates++
			h.Write([]byte{'1'})
		} else {
			h.Write([]byte{'0'})
		}
	}
	sv.VariantsSHA256 = hex.EncodeToString(h.Sum(nil))
	return sv
}

// encode writes the vectors as the file holds them: indented, no HTML escapes.
func encode(v *vectors) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func templateVectorOf(tc templateCase) (templateVector, error) {
	tv := templateVector{templateCase: tc, Variables: []string{}, PartialRefs: []string{}, Suspects: []suspect{}, Missing: []string{}}
	t, err := template.Parse(tc.Template)
	var syntax *template.SyntaxError
	if errors.As(err, &syntax) {
		tv.Error = &templateError{Kind: "syntax", Message: syntax.Error(), Offset: new(syntax.Offset), Line: new(syntax.Line),
			Column: new(syntax.Column), Problem: syntax.Problem}
		return tv, nil
	}
	if err != nil {
		return tv, err
	}
	tv.Variables = append(tv.Variables, t.Variables()...)
	for _, p := range t.Partials() {
		tv.PartialRefs = append(tv.PartialRefs, p.String())
	}
	for _, s := range t.Suspects() {
		tv.Suspects = append(tv.Suspects, suspect(s))
	}
	values, err := decodeValues(tc.Values)
	if err != nil {
		return tv, err
	}
	opts := template.RenderOptions{IncludeFunc: includeFrom(tc.Partials)}
	if tc.Limit > 0 {
		opts.Budget = template.NewBudget(tc.Limit)
	}
	text, missing, err := t.Render(values, opts)
	if err != nil {
		tv.Error = &templateError{Kind: renderErrorKind(err), Message: err.Error()}
		return tv, nil
	}
	tv.Text = &text
	tv.Missing = append(tv.Missing, missing...)
	return tv, nil
}

// includeFrom looks partials up in texts, by reference as templates write them.
func includeFrom(texts map[string]string) template.IncludeFunc {
	return func(ref template.Partial) (*template.Template, error) {
		text, ok := texts[ref.String()]
		if !ok {
			return nil, errors.New("no such partial")
		}
		return template.Parse(text)
	}
}

func renderErrorKind(err error) string {
	switch {
	case errors.Is(err, template.ErrTooLarge):
		return "tooLarge"
	case errors.Is(err, template.ErrTooMuchWork):
		return "tooMuchWork"
	case errors.Is(err, template.ErrTooDeep):
		return "tooDeep"
	}
	return "include"
}

// decodeValues decodes render values as the server decodes a request's variables.
func decodeValues(raw json.RawMessage) (map[string]any, error) {
	values := map[string]any{}
	if len(raw) == 0 {
		return values, nil
	}
	if err := json.Unmarshal(raw, &values); err != nil {
		return nil, fmt.Errorf("values: %w", err)
	}
	return values, nil
}

// basePrompt is every field of a resolved version that a render case leaves out.
var basePrompt = map[string]any{
	"slug": "case", "versionId": "00000000-0000-4000-8000-000000000001", "versionNumber": 3, "environment": "production",
	"systemPrompt": "", "userTemplate": "", "model": contenthash.DefaultModel, "temperature": contenthash.DefaultTemperature,
	"maxTokens": nil, "metadata": map[string]any{}, "variables": []string{}, "messages": []any{}, "tools": []any{},
	"responseFormat": nil, "modelParameters": map[string]any{}, "provider": nil, "variablesSchema": nil,
	"contentHash": "sha256:0000000000000000000000000000000000000000000000000000000000000000", "partials": []any{},
}

// promptOf is the case's version as resolve shows it: basePrompt with the case's fields,
// the views and variables as the server derives them from the messages.
func promptOf(raw json.RawMessage) (api.ResolvedPrompt, error) {
	fields := map[string]any{}
	for k, v := range basePrompt {
		fields[k] = v
	}
	var given map[string]json.RawMessage
	if err := json.Unmarshal(raw, &given); err != nil {
		return api.ResolvedPrompt{}, err
	}
	for k, v := range given {
		fields[k] = v
	}
	merged, err := json.Marshal(fields)
	if err != nil {
		return api.ResolvedPrompt{}, err
	}
	var p api.ResolvedPrompt
	dec := json.NewDecoder(bytes.NewReader(merged))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return api.ResolvedPrompt{}, err
	}
	seen := map[string]bool{}
	for _, m := range p.Messages {
		if m.Role == api.MessageRoleSystem && p.SystemPrompt == "" {
			p.SystemPrompt = m.Content
		}
		if m.Role == api.MessageRoleUser && p.UserTemplate == "" {
			p.UserTemplate = m.Content
		}
		t, err := template.Parse(m.Content)
		if err != nil {
			return api.ResolvedPrompt{}, err
		}
		for _, name := range t.Variables() {
			if !seen[name] {
				seen[name] = true
				p.Variables = append(p.Variables, name)
			}
		}
	}
	return p, nil
}

// partialsOf is the case's partials as the server resolves them, each with a version id
// derived from its reference.
func partialsOf(list []partialCase) (rendering.Partials, []api.SnapshotPartial, error) {
	set := rendering.NewPartials()
	var shown []api.SnapshotPartial
	for i, pc := range list {
		t, err := template.Parse("{{> " + pc.Ref + "}}")
		if err != nil {
			return set, nil, fmt.Errorf("partial %q: %w", pc.Ref, err)
		}
		ref := t.Partials()[0]
		parsed, err := template.Parse(pc.Template)
		if err != nil {
			return set, nil, fmt.Errorf("partial %q: %w", pc.Ref, err)
		}
		number := ref.Version
		if number == 0 {
			number = i + 1
		}
		id := uuid.NewSHA1(uuid.NameSpaceURL, []byte("promptops-conformance:"+pc.Ref))
		set.Add(ref, id, number, pc.Template, parsed)
		shown = append(shown, api.SnapshotPartial{Ref: pc.Ref, Slug: ref.Slug, VersionNumber: number, VersionId: id, Template: pc.Template})
	}
	return set, shown, nil
}

func renderVectorOf(rc renderCase) (renderVector, error) {
	limit := rc.RenderLimit
	if limit == 0 {
		limit = defaultRenderLimit
	}
	data, err := promptOf(rc.Prompt)
	if err != nil {
		return renderVector{}, err
	}
	live, err := rendering.Parse(data)
	if err != nil {
		return renderVector{}, err
	}
	set, shown, err := partialsOf(rc.Partials)
	if err != nil {
		return renderVector{}, err
	}
	if err := live.Finish(set, limit); err != nil {
		return renderVector{}, err
	}
	if shown == nil {
		shown = []api.SnapshotPartial{}
	}
	rv := renderVector{Name: rc.Name, Entry: api.SnapshotPrompt{Prompt: live.Data(), Partials: shown},
		Variables: rc.Variables, RenderLimit: limit, Results: map[string]json.RawMessage{}}
	formats := rc.Formats
	if len(formats) == 0 {
		formats = []string{string(api.RenderRequestFormatMessages)}
	}
	refused, err := gatewayRefusal(rc.Variables)
	if err != nil {
		return rv, err
	}
	if refused != nil {
		// The gateway refuses the body before the render: whatever the format.
		result, err := json.Marshal(renderResult{Message: refused.Message, Problems: *refused.Details.Fields})
		if err != nil {
			return rv, err
		}
		for _, format := range formats {
			rv.Results[format] = result
		}
		return rv, nil
	}
	values, err := decodeValues(rc.Variables)
	if err != nil {
		return rv, err
	}
	for _, format := range formats {
		result, err := renderOnce(live, data, values, format, limit)
		if err != nil {
			return rv, fmt.Errorf("format %s: %w", format, err)
		}
		rv.Results[format] = result
	}
	return rv, nil
}

// textRefusal is the gateway's answer to a render body holding variables (raw, as the case
// writes them) whose text no string may hold: a NUL character, a lone surrogate escape, in
// a value or a member name at any depth. The gateway checks every JSON body so before it
// decodes it (Go would decode a lone surrogate as U+FFFD): nil when it lets the body through.
func textRefusal(variables json.RawMessage) *gateway.Error {
	return gateway.CheckBodyText(renderBody(variables))
}

// gatewayRefusal is the gateway's answer to a render body holding variables, as the
// server's pipeline checks it before the render: its text (textRefusal), then the spec's
// schema (a null value, a string too long, a null item of a list); nil when it lets the
// body through.
func gatewayRefusal(variables json.RawMessage) (*gateway.Error, error) {
	checker, err := renderChecker()
	if err != nil {
		return nil, err
	}
	r := httptest.NewRequest(http.MethodPost, "/api/v1/prompts/p/render", bytes.NewReader(renderBody(variables)))
	r.Header.Set("Content-Type", "application/json")
	r.SetPathValue("slug", "p")
	_, _, refused := checker.Check(httptest.NewRecorder(), r, "RenderPrompt")
	return refused, nil
}

// renderChecker is the gateway's check of render and resolve requests, of the spec, made
// once.
var renderChecker = sync.OnceValues(func() (*gateway.Checker, error) {
	spec, err := openapi.Load()
	if err != nil {
		return nil, err
	}
	return gateway.NewChecker(spec, 1<<20, "RenderPrompt", "ResolvePrompt")
})

// renderBody is the body of a render request of variables.
func renderBody(variables json.RawMessage) []byte {
	return append(append([]byte(`{"variables":`), variables...), '}')
}

// renderRequestBody is the body of a render request of variables ({} when there are none)
// in format (none: the server's default).
func renderRequestBody(variables json.RawMessage, format string) []byte {
	if variables == nil {
		variables = json.RawMessage(`{}`)
	}
	body := renderBody(variables)
	if format == "" {
		return body
	}
	quoted, _ := json.Marshal(format) // a string always encodes
	return append(append(append(body[:len(body)-1], `,"format":`...), quoted...), '}')
}

// renderOnce renders live as the server's render does, and encodes the answer.
func renderOnce(live *rendering.Live, data api.ResolvedPrompt, values map[string]any, format string, limit int) (json.RawMessage, error) {
	f := api.RenderRequestFormat(format)
	outcome, err := live.Render(api.RenderRequest{Variables: &values, Format: &f}, limit)
	if err != nil {
		return nil, err
	}
	var result renderResult
	if outcome.Response == nil {
		result.Message = gateway.ProblemsMessage(outcome.Problems)
		result.Problems = outcome.Problems
		if outcome.Details != (api.ErrorDetails{}) {
			result.Details = &outcome.Details
		}
		result.SchemaProblems = schemaRefuses(data, values)
		return json.Marshal(result)
	}
	rec := httptest.NewRecorder()
	if err := outcome.Response.VisitRenderPromptResponse(rec); err != nil {
		return nil, err
	}
	var body struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		return nil, err
	}
	result.Rendered = body.Data
	return json.Marshal(result)
}

// schemaRefuses reports whether the version's variables schema refuses values.
func schemaRefuses(data api.ResolvedPrompt, values map[string]any) bool {
	raw, err := data.VariablesSchema.Get()
	if err != nil || len(raw) == 0 {
		return false
	}
	sch, problems := schemas.Compile(raw)
	return problems == nil && len(schemas.Validate(sch, values)) > 0
}

func hashVectorOf(hc hashCase) (hashVector, error) {
	var req api.CreateVersionRequest
	dec := json.NewDecoder(bytes.NewReader(hc.Request))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return hashVector{}, err
	}
	content, err := contenthash.OfRequest(&req)
	if err != nil {
		return hashVector{}, err
	}
	sum, err := contenthash.Sum(content)
	if err != nil {
		return hashVector{}, err
	}
	return hashVector{hashCase: hc, ContentHash: sum}, nil
}

// readCases reads the cases file.
func readCases() ([]byte, error) {
	raw, err := os.ReadFile("testdata/cases.json")
	if err != nil {
		return nil, fmt.Errorf("read the cases: %w", err)
	}
	return raw, nil
}

// firstDifference locates where two texts first differ, for a failure people can act on.
func firstDifference(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n  file: %s\n  now:  %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("the file has %d lines, the rules give %d", len(la), len(lb))
}
