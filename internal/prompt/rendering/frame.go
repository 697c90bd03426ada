package rendering

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/promptops/promptops/gen/api"
)

// renderFrame is a version's render response in one format encoded once with what a render
// fills in left out: pieces[0], content 0, pieces[1], content 1, …, then (in a provider's
// format) the provider's request body and the next piece, then the warnings and the last
// piece. Everything else in it is fixed by the version and the environment, so a render
// encodes only what it rendered, and the bytes are json.Marshal's of the whole response
// (TestRenderFrames).
type renderFrame struct {
	pieces [][]byte
	// request: the format is a provider's, whose response carries its request body.
	request bool
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
	rest := body
	for _, mark := range marks {
		head, tail, ok := bytes.Cut(rest, []byte(mark))
		if !ok || bytes.Count(body, []byte(mark)) != 1 {
			return nil, fmt.Errorf("encode %s render of %s: %s not found once", format, d.Slug, mark)
		}
		f.pieces, rest = append(f.pieces, head), tail
	}
	f.pieces = append(f.pieces, append(rest, '\n'))
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
	request            []byte
}

// RenderedData is the data a successful render response sends, whichever way it is sent;
// ok is false for any other response. Callers in the same process (the console) read it
// without decoding the bytes.
func RenderedData(resp api.RenderPromptResponseObject) (data api.RenderedPrompt, ok bool) {
	switch r := resp.(type) {
	case renderedResponse:
		data = r.live.renderedPrompt(r.contents, r.warnings)
		if r.request != nil {
			raw := json.RawMessage(r.request)
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
		b = append(b, resp.request...)
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
	const hex = "0123456789abcdef"
	b = append(b, '"')
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
	b = append(b, s[start:]...)
	return append(b, '"')
}
