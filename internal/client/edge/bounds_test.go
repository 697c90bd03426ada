package edge_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/client/edge"
	"github.com/promptops/promptops/internal/prompt/template"
)

// TestEdgeRenderBudget: the edge renders within the server's budget, all messages and
// partials together, and refuses past it as the server does.
func TestEdgeRenderBudget(t *testing.T) {
	t.Parallel()
	b := setup(t)
	// 100 messages of two nested sections: about 3,400 steps each with a list of 40 items,
	// 340,000 together.
	heavy := b.env.NewPrompt(b.p, "heavy")
	messages := make([]api.Message, 100)
	for i := range messages {
		messages[i] = api.Message{Role: api.MessageRoleUser, Content: "{{#l}}{{#l}}{{.}}{{/l}}{{/l}}"}
	}
	created, err := b.p.Client.CreateVersionWithResponse(context.Background(), heavy.Id.String(), nil, api.CreateVersionRequest{Messages: &messages})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, created.StatusCode(), string(created.Body))
	b.env.Promote(b.p, heavy.Id, created.JSON201.Data.Id, "production")
	e := startEdge(t, b.env.URL, b.key, "")
	awaitCurrent(t, e)

	body := `{"variables":{"l":[` + strings.TrimSuffix(strings.Repeat("1,", 40), ",") + `]}}`
	want, _ := do(t, b.env.URL, "POST", "/api/v1/prompts/heavy/render", b.key, body)
	got, _ := do(t, e.URL, "POST", "/api/v1/prompts/heavy/render", b.key, body)
	require.Equal(t, want, got)
	require.Equal(t, http.StatusBadRequest, got.Status)
	var refused api.Error
	require.NoError(t, json.Unmarshal([]byte(got.Body), &refused))
	require.Equal(t, template.MaxSteps, *refused.Error.Details.Limit)
	require.Contains(t, refused.Error.Message, "render budget of 131072 steps")
}

// TestEdgeRenderRateLimit: renders, which cost work, are limited per client address; a
// render past the limit is the server's 429, and resolves are not counted.
func TestEdgeRenderRateLimit(t *testing.T) {
	t.Parallel()
	b := setup(t)
	now := time.Now() // the edge's clock stands still: the figures are exact
	e := startEdge(t, b.env.URL, b.key, "", func(o *edge.Options) {
		o.RenderRateLimit, o.NowFunc = 2, func() time.Time { return now }
	})
	awaitCurrent(t, e)

	render := func(key string) (answer, http.Header) {
		return do(t, e.URL, "POST", "/api/v1/prompts/greet/render", key, `{"variables":{"name":"Ada"}}`)
	}
	for range 2 {
		a, _ := render(b.key)
		require.Equal(t, http.StatusOK, a.Status, a.Body)
	}
	a, header := render(localToken)
	require.Equal(t, http.StatusTooManyRequests, a.Status, "the local token shares the address's allowance")
	require.Equal(t, "30", header.Get("Retry-After"), "a render every 30 seconds refills it")
	require.JSONEq(t, `{"error":{"code":"RATE_LIMIT_EXCEEDED","message":"Too many requests; retry after 30 seconds."}}`, a.Body)
	require.Equal(t, "application/json", a.ContentType)
	require.NotEmpty(t, header.Get("X-Request-Id"))

	resolved, _ := do(t, e.URL, "GET", "/api/v1/prompts/greet/resolve", b.key, "")
	require.Equal(t, http.StatusOK, resolved.Status, "resolves are not counted")
	unauthorized, _ := render("po_live_" + strings.Repeat("x", 40))
	require.Equal(t, http.StatusUnauthorized, unauthorized.Status, "credentials are checked first")
}

// TestEdgeRefusesWhatComposesPastItsLimit: a prompt that would compose past the edge's
// render limit is never prepared nor held; the edge answers its resolve and render with
// the 409 the server answers for one past its own limit, keeps it in its snapshot file,
// and serves it once a change of its partial brings it within the limit.
func TestEdgeRefusesWhatComposesPastItsLimit(t *testing.T) {
	t.Parallel()
	b := setup(t)
	big := b.env.NewPrompt(b.p, "big")
	v := b.env.NewVersion(b.p, big.Id, strings.Repeat("{{> footer}}", 200)) // 2,628 bytes composed, its system prompt included
	b.env.Promote(b.p, big.Id, v.Id, "production")
	file := filepath.Join(t.TempDir(), "snapshot.json")
	limited := func(o *edge.Options) { o.RenderLimit = 2048 }
	e := startEdge(t, b.env.URL, b.key, file, limited)
	awaitCurrent(t, e)

	served, _ := do(t, b.env.URL, "GET", "/api/v1/prompts/big/resolve?compose=true", b.key, "")
	require.Equal(t, http.StatusOK, served.Status, "within the server's limit")
	requireRefused := func(t *testing.T, base string) {
		t.Helper()
		for _, a := range []answer{
			first(do(t, base, "GET", "/api/v1/prompts/big/resolve", b.key, "")),
			first(do(t, base, "POST", "/api/v1/prompts/big/render", b.key, `{"variables": {"name": "Ada"}}`)),
		} {
			require.Equal(t, http.StatusConflict, a.Status, a.Body)
			var got api.Error
			require.NoError(t, json.Unmarshal([]byte(a.Body), &got))
			require.Equal(t, api.ErrorCodeCONFLICT, got.Error.Code)
			require.Equal(t, "big cannot be served in production: big composed with its partials is 2628 bytes, more than the render limit of 2048 bytes; "+
				"the most comes through big > footer (200 tags).", got.Error.Message)
			require.Equal(t, int64(2628), *got.Error.Details.ComposedBytes)
			require.Equal(t, 2048, *got.Error.Details.Limit)
			require.Equal(t, []string{"big", "footer"}, *got.Error.Details.Chain)
		}
	}
	requireRefused(t, e.URL)
	require.Equal(t, 2, e.Edge.Health().Prompts, "greet and footer are served")
	greet, _ := do(t, e.URL, "GET", "/api/v1/prompts/greet/resolve", b.key, "")
	require.Equal(t, http.StatusOK, greet.Status)

	t.Run("FromTheSnapshotFile", func(t *testing.T) {
		require.Eventually(t, func() bool { _, err := os.Stat(file); return err == nil }, 5*time.Second, 10*time.Millisecond)
		offline := startEdge(t, "http://127.0.0.1:1", b.key, file, limited)
		require.Eventually(t, func() bool { return offline.Edge.Health().Prompts == 2 }, 5*time.Second, 10*time.Millisecond)
		requireRefused(t, offline.URL)
	})

	t.Run("ServedOnceItFits", func(t *testing.T) {
		short := b.env.NewVersion(b.p, b.footer.Id, "Bye.") // 828 bytes composed
		b.env.Promote(b.p, b.footer.Id, short.Id, "production")
		require.Eventually(t, func() bool {
			a, _ := do(t, e.URL, "GET", "/api/v1/prompts/big/resolve", b.key, "")
			return a.Status == http.StatusOK
		}, 5*time.Second, 10*time.Millisecond, "the footer's change brings big within the limit")
		require.Equal(t, 3, e.Edge.Health().Prompts)
	})
}

// first is the answer of do, without its header.
func first(a answer, _ http.Header) answer { return a }
