package apicall

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDoSendsKeyAndBody: the key goes as a bearer token and the body as JSON; an answer's
// data is decoded, and a status outside 2xx is an error naming the request.
func TestDoSendsKeyAndBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get("Authorization") != "Bearer k" || r.Header.Get("Content-Type") != "application/json" || string(body) != `{"n":1}` {
			http.Error(w, `{"error":"unexpected"}`, http.StatusBadRequest)
			return
		}
		_, _ = io.WriteString(w, `{"data":{"n":2}}`)
	}))
	defer srv.Close()
	ctx := context.Background()

	status, data, err := Do(ctx, srv.Client(), http.MethodPost, srv.URL, "k", map[string]int{"n": 1})
	require.NoError(t, err)
	var out struct{ N int }
	require.NoError(t, Data(http.MethodPost, srv.URL, status, data, &out))
	require.Equal(t, 2, out.N)

	status, data, err = Do(ctx, srv.Client(), http.MethodPost, srv.URL, "", nil)
	require.NoError(t, err)
	require.EqualError(t, Data(http.MethodPost, "/x", status, data, &out), "POST /x: 400 {\"error\":\"unexpected\"}\n")
}
