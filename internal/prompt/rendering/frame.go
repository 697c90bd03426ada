package rendering

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/promptops/promptops/gen/api"
)

// renderFrame is a version's render response (format messages) encoded once with its
// message contents and its warnings left out: pieces[0], content 0, pieces[1], content 1,
// …, warnings, the last piece. Everything else in it is fixed by the version and the
// environment, so a render encodes only what it rendered.
type renderFrame struct{ pieces [][]byte }

// contentMark stands in for message i's rendered text while the frame is encoded, and
// warningsMark for the warnings. Messages come before every field that holds user data
// (metadata, model, slug, tools), and the fields before them cannot hold these strings,
// so their first occurrences are the stand-ins; warnings is the last field.
func contentMark(i int) string { return `"promptops:content-` + strconv.Itoa(i) + `"` }

const warningsMark = `["promptops:warnings"]`

func newRenderFrame(d api.ResolvedPrompt) (renderFrame, error) {
	live := &Live{data: d}
	slug := d.Slug
	marks := make([]string, len(d.Messages))
	for i := range marks {
		mark := contentMark(i)
		marks[i] = mark[1 : len(mark)-1]
	}
	data := live.renderedPrompt(marks, []string{warningsMark[2 : len(warningsMark)-2]})
	body, err := json.Marshal(api.RenderedPromptResponse{Data: data})
	if err != nil {
		return renderFrame{}, fmt.Errorf("encode render of %s: %w", slug, err)
	}
	var f renderFrame
	rest := body
	for i := range marks {
		head, tail, ok := bytes.Cut(rest, []byte(contentMark(i)))
		if !ok {
			return renderFrame{}, fmt.Errorf("encode render of %s: content %d not found", slug, i)
		}
		f.pieces, rest = append(f.pieces, head), tail
	}
	head, tail, ok := bytes.Cut(rest, []byte(warningsMark))
	if !ok {
		return renderFrame{}, errors.New("encode render of " + slug + ": warnings not found")
	}
	f.pieces = append(f.pieces, head, append(tail, '\n'))
	return f, nil
}

// renderedResponse sends a render's response: its Live's frame around the rendered
// contents.
type renderedResponse struct {
	live               *Live
	contents, warnings []string
}

// RenderedData is the data a successful render response sends, whichever way it is sent;
// ok is false for any other response. Callers in the same process (the console) read it
// without decoding the bytes.
func RenderedData(resp api.RenderPromptResponseObject) (data api.RenderedPrompt, ok bool) {
	switch r := resp.(type) {
	case renderedResponse:
		return r.live.renderedPrompt(r.contents, r.warnings), true
	case api.RenderPrompt200JSONResponse:
		return r.Body.Data, true
	}
	return api.RenderedPrompt{}, false
}

func (resp renderedResponse) VisitRenderPromptResponse(w http.ResponseWriter) error {
	buf := renderBuffers.Get().(*[]byte)
	defer renderBuffers.Put(buf)
	b := (*buf)[:0]
	frame := &resp.live.rendered
	for i, content := range resp.contents {
		b = append(b, frame.pieces[i]...)
		b = appendJSONString(b, content)
	}
	b = append(b, frame.pieces[len(resp.contents)]...)
	b = append(b, '[')
	for i, warning := range resp.warnings {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, warning)
	}
	b = append(b, ']')
	b = append(b, frame.pieces[len(resp.contents)+1]...)
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

// appendJSONString appends s as a JSON string: quotes, backslashes and control characters
// escaped, invalid UTF-8 replaced by U+FFFD, as encoding/json does.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, s[start:i]...)
				b = append(b, `\ufffd`...)
				i += size
				start = i
				continue
			}
			i += size
			continue
		}
		if c >= 0x20 && c != '"' && c != '\\' {
			i++
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
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
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
