package gateway

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/promptops/promptops/gen/api"
)

// Problems of text that PostgreSQL cannot store and that encoding/json would silently
// change (invalid UTF-8 and lone surrogates become U+FFFD): refused up front, naming the
// field.
const (
	problemNUL       = `contains a NUL character (\u0000), which no text may hold`
	problemUTF8      = "is not valid UTF-8"
	problemSurrogate = `contains a lone UTF-16 surrogate escape (such as \ud800 without its pair), which is no character`
)

// nulEscape is how a NUL character appears in JSON (a raw NUL byte is not valid JSON).
var nulEscape = []byte(`\u0000`)

// CheckBodyText refuses a JSON body with a string, or a member name, that holds a NUL
// character, is not valid UTF-8 or holds a lone surrogate escape (which jsonb refuses, and
// text would store as U+FFFD). The check is three scans of the raw body; only a body that
// fails one is walked, to name the offending string by its JSON pointer. The pipeline runs
// it on every JSON body before anything else; the conformance vectors
// (internal/prompt/conformance) run it on render bodies, for the SDKs' local renders.
func CheckBodyText(body []byte) *Error {
	if utf8.Valid(body) && !bytes.Contains(body, nulEscape) && !hasSurrogateEscape(body) {
		return nil
	}
	field, problem := badString(body)
	if problem == "" {
		return nil // `\\u0000`: an escaped backslash before "u0000", which is plain text
	}
	return problemsError([]api.FieldProblem{{Field: field, Problem: problem}})
}

// checkParamText refuses path and query parameters (query: r's, parsed; nil for none) that
// hold a NUL character or are not valid UTF-8, naming them.
func checkParamText(r *http.Request, query url.Values, params []pathParam) *Error {
	var problems []api.FieldProblem
	for _, p := range params {
		if problem := textProblem(r.PathValue(p.name)); problem != "" {
			problems = append(problems, api.FieldProblem{Field: p.name, Problem: problem})
		}
	}
	if query != nil {
		problems = valuesProblems(query, problems)
	}
	if problems == nil {
		return nil
	}
	return problemsError(problems)
}

// CheckValues refuses names and values that hold a NUL character or are not valid UTF-8,
// naming them, as the pipeline refuses them in a query: for the fields of a form, which
// reach the API's handlers without being a query or JSON.
func CheckValues(values url.Values) *Error {
	if problems := valuesProblems(values, nil); problems != nil {
		return problemsError(problems)
	}
	return nil
}

// valuesProblems appends to out a problem for each name of values that, or one of whose
// values, holds a NUL character or is not valid UTF-8.
// Names are sorted only when one has a problem: sorting allocates, and most requests have none.
func valuesProblems(values url.Values, out []api.FieldProblem) []api.FieldProblem {
	if !anyTextProblem(values) {
		return out
	}
	for _, name := range slices.Sorted(maps.Keys(values)) {
		problem := textProblem(name)
		for _, v := range values[name] {
			if problem == "" {
				problem = textProblem(v)
			}
		}
		if problem != "" {
			out = append(out, api.FieldProblem{Field: strings.ToValidUTF8(name, "\uFFFD"), Problem: problem})
		}
	}
	return out
}

// anyTextProblem reports whether a name of values, or one of its values, has a textProblem.
func anyTextProblem(values url.Values) bool {
	for name, vs := range values {
		if textProblem(name) != "" {
			return true
		}
		for _, v := range vs {
			if textProblem(v) != "" {
				return true
			}
		}
	}
	return false
}

func textProblem(s string) string {
	switch {
	case strings.IndexByte(s, 0) >= 0:
		return problemNUL
	case !utf8.ValidString(s):
		return problemUTF8
	}
	return ""
}

// badString walks a JSON body that failed a scan and returns the JSON pointer of its first
// string or member name holding a NUL or invalid UTF-8, with the problem; "" when there is
// none. Invalid UTF-8 is looked for in each token's raw bytes, as decoding replaces it.
func badString(body []byte) (field, problem string) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var path jsonPath
	start := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			if !utf8.Valid(body[start:]) {
				return "body", problemUTF8 // outside any string, so not JSON either
			}
			return "", "" // the end, or not JSON: validation says which
		}
		raw := body[start:dec.InputOffset()]
		start = int(dec.InputOffset())
		s, isString := tok.(string)
		isKey := isString && path.atKey()
		if isKey {
			path.key(s)
		}
		switch {
		case isString && strings.IndexByte(s, 0) >= 0:
			return path.pointer(), problemNUL
		case !utf8.Valid(raw):
			return path.pointer(), problemUTF8
		case isString && loneSurrogate(raw):
			return path.pointer(), problemSurrogate
		}
		if !isKey {
			path.token(tok)
		}
	}
}

// hasSurrogateEscape reports whether body may hold a \uD800–\uDFFF escape: paired ones
// (an emoji written as \ud83d\ude00) are fine, and badString tells them apart.
func hasSurrogateEscape(body []byte) bool {
	for i := 0; ; i++ {
		n := bytes.Index(body[i:], []byte(`\u`))
		if n < 0 {
			return false
		}
		i += n
		if i+3 < len(body) && (body[i+2] == 'd' || body[i+2] == 'D') && strings.IndexByte("89abcdefABCDEF", body[i+3]) >= 0 {
			return true
		}
	}
}

// loneSurrogate reports whether raw, the bytes of one JSON string token (and what went
// before it since the last token: no backslash), holds a surrogate escape that is not a
// high one followed at once by a low one.
func loneSurrogate(raw []byte) bool {
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' || i+1 >= len(raw) {
			continue
		}
		if raw[i+1] != 'u' {
			i++ // a two-byte escape: \\ is a backslash, not the start of another escape
			continue
		}
		r := escapedRune(raw, i)
		switch {
		case r >= 0xD800 && r <= 0xDBFF:
			if low := escapedRune(raw, i+6); low < 0xDC00 || low > 0xDFFF {
				return true
			}
			i += 11
		case r >= 0xDC00 && r <= 0xDFFF:
			return true
		default:
			i += 5
		}
	}
	return false
}

// escapedRune is the code unit of the \uXXXX escape at raw[i:], or -1 when there is none.
func escapedRune(raw []byte, i int) int {
	if i+6 > len(raw) || raw[i] != '\\' || raw[i+1] != 'u' {
		return -1
	}
	v, err := strconv.ParseUint(string(raw[i+2:i+6]), 16, 16)
	if err != nil {
		return -1
	}
	return int(v)
}

// jsonPath follows where a json.Decoder's tokens are, to name one by its JSON pointer.
type jsonPath struct {
	frames []jsonFrame
}

// jsonFrame is an open array or object: the element or member being read.
type jsonFrame struct {
	array   bool
	index   int
	key     string
	wantKey bool // the object's next token is a member name
}

// atKey reports whether the next string is a member name.
func (p *jsonPath) atKey() bool {
	return len(p.frames) > 0 && p.frames[len(p.frames)-1].wantKey
}

// key records the member name just read.
func (p *jsonPath) key(name string) {
	f := &p.frames[len(p.frames)-1]
	f.key, f.wantKey = name, false
}

// token moves past a token other than a member name: into an array or object, or past a
// value (a closed array or object being one).
func (p *jsonPath) token(tok json.Token) {
	switch tok {
	case json.Delim('{'), json.Delim('['):
		p.frames = append(p.frames, jsonFrame{array: tok == json.Delim('['), wantKey: tok == json.Delim('{')})
		return
	case json.Delim('}'), json.Delim(']'):
		p.frames = p.frames[:len(p.frames)-1]
	}
	if top := len(p.frames) - 1; top >= 0 {
		if p.frames[top].array {
			p.frames[top].index++
		} else {
			p.frames[top].wantKey = true
		}
	}
}

// pointer is the JSON pointer of the token just read ("body" for the whole body).
func (p *jsonPath) pointer() string {
	if len(p.frames) == 0 {
		return "body"
	}
	var b strings.Builder
	for _, f := range p.frames {
		b.WriteByte('/')
		if f.array {
			b.WriteString(strconv.Itoa(f.index))
		} else {
			b.WriteString(pointerEscaper.Replace(f.key))
		}
	}
	return b.String()
}

// pointerEscaper escapes a member name in a JSON pointer (RFC 6901).
var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")
