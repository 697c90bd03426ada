package httpapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/promptops/promptops/gen/api"
)

// page is the window of a list request: page and limit with the spec's defaults applied.
type page struct {
	number, limit int
}

func newPage(number, limit *int) page {
	p := page{number: 1, limit: 20}
	if number != nil {
		p.number = *number
	}
	if limit != nil {
		p.limit = *limit
	}
	return p
}

func (p page) offset() int32 { return int32((p.number - 1) * p.limit) }

// meta describes this page of a list of total items.
func (p page) meta(total int64) api.ListMeta {
	return api.ListMeta{Pagination: api.Pagination{
		Total: int(total),
		Page:  p.number,
		Limit: p.limit,
		Pages: int((total + int64(p.limit) - 1) / int64(p.limit)),
	}}
}

// sortOr returns the requested sort, or the list's default.
func sortOr[T ~string](requested *T, fallback T) string {
	if requested == nil {
		return string(fallback)
	}
	return string(*requested)
}

// selectFields trims each item of a list response to the top-level fields named by the
// `fields` query parameter. Validation has already refused unknown names, so only lists
// that document `fields` get here with one.
func selectFields(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fields := r.URL.Query().Get("fields")
		if fields == "" || !infoFrom(r.Context()).policy.fields {
			next.ServeHTTP(w, r)
			return
		}
		buf := &bufferedWriter{header: w.Header()}
		next.ServeHTTP(buf, r)
		body := buf.body.Bytes()
		if buf.status == http.StatusOK {
			if trimmed, err := trimItems(body, strings.Split(fields, ",")); err == nil {
				body = trimmed
			}
		}
		w.WriteHeader(buf.statusCode())
		_, _ = w.Write(body)
	})
}

func trimItems(body []byte, keep []string) ([]byte, error) {
	var list struct {
		Data []map[string]json.RawMessage `json:"data"`
		Meta json.RawMessage              `json:"meta"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		return nil, err
	}
	for i, item := range list.Data {
		trimmed := make(map[string]json.RawMessage, len(keep))
		for _, k := range keep {
			if v, ok := item[k]; ok {
				trimmed[k] = v
			}
		}
		list.Data[i] = trimmed
	}
	return json.Marshal(list)
}

// bufferedWriter holds a response so it can be rewritten before it is sent.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header { return b.header }

func (b *bufferedWriter) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

func (b *bufferedWriter) statusCode() int {
	if b.status == 0 {
		return http.StatusOK
	}
	return b.status
}
