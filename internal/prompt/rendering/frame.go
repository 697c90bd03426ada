package rendering

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/prompt/providers"
)

// requestFrame is a provider's request body for a version, encoded once with its
// messages' contents left out: pieces[0], the text of content slots[0], pieces[1], …, the
// last piece. A content is filled in as the text of a JSON string, without quotes, so that
// one joined into a longer string (Anthropic's system prompt) is filled in as well as one
// standing alone; the bytes are those providers.Request encodes for the same contents
// (FuzzRenderFrames), as long as none is empty: an empty system message is dropped by
// Anthropic's, which changes the body's shape, so such a render encodes its body whole.
type requestFrame struct {
	pieces [][]byte
	slots  []int
}

// newRequestFrame frames the body of call in format, its messages of roles; nil when it
// cannot be framed (the call cannot be expressed in format: each render says why).
func newRequestFrame(format string, call providers.Call, roles []api.MessageRole) *requestFrame {
	marks := make([]string, len(roles))
	call.Messages = make([]providers.Message, len(roles))
	for i, role := range roles {
		marks[i] = messageMark(i)
		call.Messages[i] = providers.Message{Role: string(role), Content: marks[i]}
	}
	body, err := providers.Request(format, call)
	if err != nil {
		return nil
	}
	pieces, slots, ok := cutAtMarks(body, marks)
	if !ok {
		return nil
	}
	return &requestFrame{pieces: pieces, slots: slots}
}

// cutAtMarks cuts body around marks, each of which must occur in it exactly once (ok is
// false otherwise): the pieces between them, and the mark that ends each piece but the
// last, in the order the marks occur in body.
func cutAtMarks(body []byte, marks []string) (pieces [][]byte, order []int, ok bool) {
	type found struct{ at, mark int }
	var at []found
	for i, mark := range marks {
		if bytes.Count(body, []byte(mark)) != 1 {
			return nil, nil, false
		}
		at = append(at, found{bytes.Index(body, []byte(mark)), i})
	}
	slices.SortFunc(at, func(a, b found) int { return a.at - b.at })
	rest := 0
	for _, f := range at {
		pieces, order = append(pieces, body[rest:f.at]), append(order, f.mark)
		rest = f.at + len(marks[f.mark])
	}
	return append(pieces, body[rest:]), order, true
}

// messageMark stands in for message i's content in a requestFrame; the dash that ends it
// keeps message 1's from being found in message 10's.
func messageMark(i int) string {
	return "promptops-" + markNonce + "-message-" + strconv.Itoa(i) + "-"
}

// fills reports whether the frame encodes the request of these contents.
func (f *requestFrame) fills(contents []string) bool {
	return f != nil && !slices.Contains(contents, "")
}

// appendTo appends the request body of contents.
func (f *requestFrame) appendTo(b []byte, contents []string) []byte {
	for i, slot := range f.slots {
		b = append(b, f.pieces[i]...)
		b = appendJSONText(b, contents[slot])
	}
	return append(b, f.pieces[len(f.slots)]...)
}

// renderFrame is a version's render response in one format encoded once with what a render
// fills in left out: pieces[0], content 0, pieces[1], content 1, …, then (in a provider's
// format) the provider's request body and the next piece, then the warnings and the last
// piece. Everything else in it is fixed by the version and the environment, so a render
// encodes only what it rendered, and the bytes are json.Marshal's of the whole response
// (TestRenderFrames).
type renderFrame struct {
	pieces [][]byte
	// request: the format is a provider's, whose response carries its request body, framed
	// in requestBody (nil when it cannot be).
	request     bool
	requestBody *requestFrame
}

// The marks stand in for what a render fills in while a frame is encoded: message i's
// rendered text, the provider's request body and the warnings. Their nonce, drawn once
// per process and never sent, keeps any text of a version (its metadata, its tools'
// schemas) from being taken for one.
var markNonce = func() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}()

func contentMark(i int) string {
	return `"promptops-` + markNonce + `-content-` + strconv.Itoa(i) + `"`
}

var (
	requestMark  = `"promptops-` + markNonce + `-request"`
	warningsMark = `["promptops-` + markNonce + `-warnings"]`
)

// newRenderFrame frames d's render response in format.
func newRenderFrame(d api.ResolvedPrompt, format api.RenderedPromptFormat) (*renderFrame, error) {
	live := &Live{data: d}
	marks := make([]string, len(d.Messages))
	for i := range marks {
		marks[i] = contentMark(i)
	}
	data := live.renderedPrompt(unquoted(marks), unquoted([]string{warningsMark[1 : len(warningsMark)-1]}))
	data.Format = format
	f := &renderFrame{request: format != api.RenderedPromptFormatMessages}
	if f.request {
		raw := json.RawMessage(requestMark)
		data.Request = &raw
		marks = append(marks, requestMark)
	}
	marks = append(marks, warningsMark)
	body, err := json.Marshal(api.RenderedPromptResponse{Data: data})
	if err != nil {
		return nil, fmt.Errorf("encode %s render of %s: %w", format, d.Slug, err)
	}
	pieces, order, ok := cutAtMarks(body, marks)
	if !ok || !slices.IsSorted(order) {
		return nil, fmt.Errorf("encode %s render of %s: the marks are not found once each, in order", format, d.Slug)
	}
	last := len(pieces) - 1
	pieces[last] = append(pieces[last], '\n')
	f.pieces = pieces
	return f, nil
}

// unquoted are marks without their quotes, as the strings that encode to them.
func unquoted(marks []string) []string {
	out := make([]string, len(marks))
	for i, m := range marks {
		out[i] = m[1 : len(m)-1]
	}
	return out
}

// renderedResponse sends a render's response: a frame of its Live around the rendered
// contents, the provider's request body (in a provider's format) and the warnings.
type renderedResponse struct {
	live               *Live
	frame              *renderFrame
	format             api.RenderedPromptFormat
	contents, warnings []string
	// request is the provider's request body, when it was encoded whole; nil when the
	// frame's requestBody encodes it.
	request []byte
}

// requestBody appends the provider's request body to b.
func (resp renderedResponse) requestBody(b []byte) []byte {
	if resp.request != nil {
		return append(b, resp.request...)
	}
	return resp.frame.requestBody.appendTo(b, resp.contents)
}

// RenderedData is the data a successful render response sends, whichever way it is sent;
// ok is false for any other response. Callers in the same process (the console) read it
// without decoding the bytes.
func RenderedData(resp api.RenderPromptResponseObject) (data api.RenderedPrompt, ok bool) {
	switch r := resp.(type) {
	case renderedResponse:
		data = r.live.renderedPrompt(r.contents, r.warnings)
		if r.frame.request {
			raw := json.RawMessage(r.requestBody(nil))
			data.Format, data.Request = r.format, &raw
		}
		return data, true
	case api.RenderPrompt200JSONResponse:
		return r.Body.Data, true
	}
	return api.RenderedPrompt{}, false
}

func (resp renderedResponse) VisitRenderPromptResponse(w http.ResponseWriter) error {
	buf := renderBuffers.Get().(*[]byte)
	defer renderBuffers.Put(buf)
	b := (*buf)[:0]
	pieces := resp.frame.pieces
	for i, content := range resp.contents {
		b = append(b, pieces[i]...)
		b = appendJSONString(b, content)
	}
	pieces = pieces[len(resp.contents):]
	if resp.frame.request {
		b = append(b, pieces[0]...)
		b = resp.requestBody(b)
		pieces = pieces[1:]
	}
	b = append(b, pieces[0]...)
	b = append(b, '[')
	for i, warning := range resp.warnings {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, warning)
	}
	b = append(b, ']')
	b = append(b, pieces[1]...)
	*buf = b
	h := w.Header()
	h["Content-Type"] = contentTypeJSON
	h["Content-Length"] = []string{strconv.Itoa(len(b))}
	if release := resp.live.releaseHeader; release != nil {
		h["Promptops-Release"] = release
	}
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(b)
	return err
}

// renderBuffers hold render responses while they are written, so that most renders
// allocate no buffer.
var renderBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// appendJSONString appends s as encoding/json writes a string (HTML escaping on, as
// json.Marshal and the generated handlers' encoder have it): quotes, backslashes, control
// characters, <, > and &, U+2028 and U+2029 escaped, invalid UTF-8 replaced by U+FFFD.
// FuzzAppendJSONString holds it to json.Marshal's bytes.
func appendJSONString(b []byte, s string) []byte {
	b = appendJSONText(append(b, '"'), s)
	return append(b, '"')
}

// appendJSONText appends s as appendJSONString does, without the quotes: the text of a
// JSON string, which is the text of its parts one after another when ASCII separates them
// (an invalid UTF-8 sequence is replaced a byte at a time).
func appendJSONText(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(b, s[start:]...)
}
