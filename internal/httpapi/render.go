package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
)

// renderFrame is a version's render response (api.RenderedPromptResponse) encoded once with
// its two message contents left out: head, the system content, middle, the user content,
// tail. Everything else in it is fixed by the version and the environment, so a render
// encodes only what it rendered.
type renderFrame struct{ head, middle, tail []byte }

// The contents stand in for the rendered text while the frame is encoded. Messages come
// before every field that holds user data (metadata, model, slug), and the fields before
// them cannot hold these strings, so their first occurrences are the messages'.
const (
	systemMark = `"promptops:system-content"`
	userMark   = `"promptops:user-content"`
)

func newRenderFrame(slug, env string, v *dbsqlc.PromptVersion) (renderFrame, error) {
	body, err := json.Marshal(api.RenderedPromptResponse{Data: api.RenderedPrompt{
		Slug: slug, VersionId: v.ID, VersionNumber: int(v.VersionNumber), Environment: api.Environment(env),
		Messages: []api.ChatMessage{
			{Role: api.ChatMessageRoleSystem, Content: systemMark[1 : len(systemMark)-1]},
			{Role: api.ChatMessageRoleUser, Content: userMark[1 : len(userMark)-1]},
		},
		Model: v.Model, Temperature: v.Temperature, MaxTokens: nullableInt(v.MaxTokens), Metadata: v.Metadata,
	}})
	if err != nil {
		return renderFrame{}, fmt.Errorf("encode render of %s: %w", slug, err)
	}
	head, rest, ok := bytes.Cut(body, []byte(systemMark))
	middle, tail, ok2 := bytes.Cut(rest, []byte(userMark))
	if !ok || !ok2 {
		return renderFrame{}, fmt.Errorf("encode render of %s: message contents not found", slug)
	}
	return renderFrame{head: head, middle: middle, tail: append(tail, '\n')}, nil
}

// renderedResponse sends a render's response: its frame around the rendered contents.
type renderedResponse struct {
	frame        *renderFrame
	system, user string
}

func (resp renderedResponse) VisitRenderPromptResponse(w http.ResponseWriter) error {
	buf := renderBuffers.Get().(*[]byte)
	defer renderBuffers.Put(buf)
	b := append((*buf)[:0], resp.frame.head...)
	b = appendJSONString(b, resp.system)
	b = append(b, resp.frame.middle...)
	b = appendJSONString(b, resp.user)
	b = append(b, resp.frame.tail...)
	*buf = b
	h := w.Header()
	h["Content-Type"] = contentTypeJSON
	h["Content-Length"] = []string{strconv.Itoa(len(b))}
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
