package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/oapi-codegen/nullable"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestEventOrigin: every event records the client address and the User-Agent of the
// request that made the change, bounded, and null when no request made it.
func TestEventOrigin(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		env    *apitest.Env
		p      *apitest.Project
		prompt api.Prompt
		v      api.Version
	}
	setup := func(t *testing.T) *testBundle {
		t.Helper()
		env := apitest.Shared(t)
		p := env.NewProject("p")
		prompt := env.NewPrompt(p, "audited")
		return &testBundle{env: env, p: p, prompt: prompt, v: env.NewVersion(p, prompt.Id, "hi")}
	}
	// promoteAs promotes the bundle's version to production with a User-Agent header.
	promoteAs := func(t *testing.T, b *testBundle, userAgent string) {
		t.Helper()
		resp, err := b.p.Client.PromotePromptWithResponse(ctx, b.prompt.Id.String(), nil,
			api.PromoteRequest{Environment: "production", VersionId: &b.v.Id},
			func(_ context.Context, r *http.Request) error {
				r.Header.Set("User-Agent", userAgent)
				return nil
			})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	}
	eventsOf := func(t *testing.T, b *testBundle, eventType api.EventType) []api.Event {
		t.Helper()
		resp, err := b.p.Client.ListEventsWithResponse(ctx, &api.ListEventsParams{Type: &eventType})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		return resp.JSON200.Data
	}

	t.Run("Promote", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		promoteAs(t, b, "release-bot/2.1 (+https://example.com)")
		promoted := eventsOf(t, b, "deployment.promoted") // newest first: production, then dev's at version creation
		require.Len(t, promoted, 2)
		require.Equal(t, "127.0.0.1", valueOf(t, promoted[0].ClientAddress))
		require.Equal(t, "release-bot/2.1 (+https://example.com)", valueOf(t, promoted[0].UserAgent))
		// Sign-up is a request too.
		created := eventsOf(t, b, "project.created")
		require.Equal(t, "127.0.0.1", valueOf(t, created[0].ClientAddress))
		require.Equal(t, "Go-http-client/1.1", valueOf(t, created[0].UserAgent))
	})

	t.Run("LongAndInvalidUserAgent", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		promoteAs(t, b, "bad \xff byte "+strings.Repeat("a", 496)+"é€"+strings.Repeat("b", 4000))
		got := valueOf(t, eventsOf(t, b, "deployment.promoted")[0].UserAgent)
		// Stored, \xff becomes U+FFFD (3 bytes), so "é" takes bytes 509–510 and "€" 511–513:
		// the cut at 512 falls inside "€", and what is kept ends after "é", at 511 bytes.
		require.Equal(t, "bad \uFFFD byte "+strings.Repeat("a", 496)+"é", got)
		require.LessOrEqual(t, len(got), events.MaxUserAgent)
	})

	t.Run("NoUserAgent", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		promoteAs(t, b, "") // Go's client sends no User-Agent header for an empty value
		got := eventsOf(t, b, "deployment.promoted")[0]
		require.Equal(t, "127.0.0.1", valueOf(t, got.ClientAddress))
		require.True(t, got.UserAgent.IsNull())
	})

	t.Run("NoRequest", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		created := env.NewProjectDirect("made by the command line")
		p := env.Client(created.Key)
		list, err := p.ListEventsWithResponse(ctx, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, list.StatusCode(), string(list.Body))
		require.Len(t, list.JSON200.Data, 2)
		for _, e := range list.JSON200.Data {
			require.True(t, e.ClientAddress.IsNull(), e.Type)
			require.True(t, e.UserAgent.IsNull(), e.Type)
		}
	})

	t.Run("SocketsOfKeysWithoutAdmin", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		reader := b.env.NewKey(b.p, api.CreateApiKeyRequest{Environment: "production", Scopes: &[]api.Scope{api.ScopePromptsRead}})
		admin := b.env.Subscribe(b.p.Key, "prompts")
		read := b.env.Subscribe(reader, "prompts")
		promoteAs(t, b, "release-bot")
		// The new version's promotion to dev, made before the sockets opened, may reach them
		// first: the one to production is this test's.
		inProduction := func(s *apitest.Socket) map[string]any {
			for {
				e := readUntil(t, s, "prompts", "deployment.promoted", 10*time.Second)
				if e["data"].(map[string]any)["environment"] == "production" {
					return e
				}
			}
		}
		seen := inProduction(admin)
		require.Equal(t, "127.0.0.1", seen["clientAddress"])
		require.Equal(t, "release-bot", seen["userAgent"])
		seen = inProduction(read)
		require.Contains(t, seen, "clientAddress")
		require.Nil(t, seen["clientAddress"], "only admin keys read where a change came from")
		require.Nil(t, seen["userAgent"])
	})
}

// valueOf is the value of a nullable field, failing the test when it is null.
func valueOf(t *testing.T, n nullable.Nullable[string]) string {
	t.Helper()
	v, err := n.Get()
	require.NoError(t, err, "want a value, got null")
	return v
}
