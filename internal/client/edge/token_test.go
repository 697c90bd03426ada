package edge_test

import (
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/client/edge"
	"github.com/promptops/promptops/internal/server"
)

func TestEdgeTokenLength(t *testing.T) {
	t.Parallel()
	newEdge := func(token string) error {
		_, err := edge.New(edge.Options{Upstream: "http://127.0.0.1:1", Key: "po_live_" + strings.Repeat("k", 40), Token: token,
			RenderLimit: 1 << 20, BodyLimit: 1 << 20, Logger: slog.New(slog.NewTextHandler(t.Output(), nil))})
		return err
	}
	err := newEdge(strings.Repeat("t", edge.MinTokenLength-1))
	require.ErrorContains(t, err, "the local token must be at least 32 characters, got 31")
	require.NoError(t, newEdge(strings.Repeat("t", edge.MinTokenLength)))
	require.NoError(t, newEdge(""), "no local token at all")
}

// TestEdgeLimitsFailedTries checks that a client address past its failed authentications
// is refused as the server refuses it: 429 before any comparison, even of the right key.
func TestEdgeLimitsFailedTries(t *testing.T) {
	t.Parallel()
	const limit = 3
	b := setup(t, func(o *server.Options) { o.AuthFailureLimit = limit })
	e := startEdge(t, b.env.URL, b.key, "", func(o *edge.Options) { o.AuthFailureLimit = limit })
	awaitCurrent(t, e)
	wrong := "po_live_" + strings.Repeat("x", 40)
	resolve := func(base, key string) (answer, http.Header) {
		return do(t, base, "GET", "/api/v1/prompts/greet/resolve", key, "")
	}

	for i := range limit {
		want, _ := resolve(b.env.URL, wrong)
		got, _ := resolve(e.URL, []string{wrong, "not-a-key", localToken + "x"}[i])
		require.Equal(t, http.StatusUnauthorized, want.Status)
		require.Equal(t, http.StatusUnauthorized, got.Status, "try %d", i+1)
	}
	for _, key := range []string{wrong, b.key, localToken} {
		want, wantHeader := resolve(b.env.URL, key)
		got, header := resolve(e.URL, key)
		require.Equal(t, http.StatusTooManyRequests, got.Status, got.Body)
		// The seconds to wait may differ by one: the two count from their own failures.
		want.Body, got.Body = seconds.ReplaceAllString(want.Body, "N seconds"), seconds.ReplaceAllString(got.Body, "N seconds")
		require.Equal(t, want, got, "answered as the server answers")
		require.Equal(t, wantHeader.Get("Retry-After") != "", header.Get("Retry-After") != "")
	}
}

var seconds = regexp.MustCompile(`[0-9]+ seconds`)
