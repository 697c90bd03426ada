package gateway

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
)

// selectFields trims each item of a list response to the top-level fields named by the
// `fields` query parameter, for the lists that document it. Validation has already refused
// unknown names.
func selectFields(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery == "" {
			next.ServeHTTP(w, r)
			return
		}
		fields := r.URL.Query().Get("fields")
		if fields == "" {
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
