package httpapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

func TestGetSession(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("User", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t)
		u := env.NewUser("ada@example.com")
		p := env.NewProjectDirect("Zeta")
		q := env.NewProjectDirect("Alpha")
		env.NewProjectDirect("not hers")
		env.AddMember(p.Project.ID, u.ID, "viewer")
		env.AddMember(q.Project.ID, u.ID, "owner")

		resp, err := env.Client(signIn(t, env, "ada@example.com")).GetSessionWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		s := resp.JSON200.Data
		require.Equal(t, api.SessionTypeUser, s.Type)
		require.Equal(t, u.ID, s.User.Id)
		require.Nil(t, s.ApiKey)
		require.Len(t, *s.Memberships, 2)
		require.Equal(t, "Alpha", (*s.Memberships)[0].Project.Name)
		require.Equal(t, api.RoleOwner, (*s.Memberships)[0].Role)
		require.Equal(t, api.RoleViewer, (*s.Memberships)[1].Role)
	})

	t.Run("Key", func(t *testing.T) {
		t.Parallel()
		env := apitest.New(t)
		p := env.NewProject("keyed")
		resp, err := p.Client.GetSessionWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		s := resp.JSON200.Data
		require.Equal(t, api.SessionTypeKey, s.Type)
		require.Equal(t, p.ID, s.Project.Id.String())
		require.Equal(t, "dev", s.ApiKey.Environment)
		require.Equal(t, p.Key[:12], s.ApiKey.KeyPrefix)
		require.Len(t, s.ApiKey.Scopes, 3)
		require.Nil(t, s.User)
	})
}

func TestPersonalTokens(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		env   *apitest.Env
		token string
		me    *api.ClientWithResponses
	}
	setup := func(t *testing.T) *testBundle {
		t.Helper()
		env := apitest.New(t)
		env.NewUser("ada@example.com")
		token := signIn(t, env, "ada@example.com")
		return &testBundle{env: env, token: token, me: env.Client(token)}
	}

	t.Run("CreateListRevoke", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		expires := time.Now().Add(24 * time.Hour).UTC().Truncate(time.Second)
		created, err := b.me.CreateTokenWithResponse(ctx, api.CreateTokenRequest{Name: "laptop", ExpiresAt: &expires})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, created.StatusCode(), string(created.Body))
		require.Equal(t, "no-store", created.HTTPResponse.Header.Get("Cache-Control"))
		c := created.JSON201.Data
		require.Regexp(t, `^po_pat_[0-9A-Za-z]{40}$`, c.Token)
		require.Equal(t, c.Token[:12], c.Prefix)
		require.Equal(t, expires, c.ExpiresAt.MustGet().UTC())

		// The new token acts as its user.
		session, err := b.env.Client(c.Token).GetSessionWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, "ada@example.com", session.JSON200.Data.User.Email)

		list, err := b.me.ListTokensWithResponse(ctx, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, list.StatusCode(), string(list.Body))
		require.Len(t, list.JSON200.Data, 2)
		require.Equal(t, "laptop", list.JSON200.Data[0].Name)
		require.Equal(t, "sign-in", list.JSON200.Data[1].Name)
		require.NotContains(t, string(list.Body), c.Token)
		require.Equal(t, 2, list.JSON200.Meta.Pagination.Total)

		revoked, err := b.me.RevokeTokenWithResponse(ctx, c.Id)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, revoked.StatusCode(), string(revoked.Body))
		first := revoked.JSON200.Data.RevokedAt.MustGet()
		again, err := b.me.RevokeTokenWithResponse(ctx, c.Id)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, again.StatusCode())
		require.Equal(t, first, again.JSON200.Data.RevokedAt.MustGet(), "revoking twice changes nothing")

		gone, err := b.env.Client(c.Token).GetSessionWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusUnauthorized, gone.StatusCode())
		require.Contains(t, gone.JSON401.Error.Message, "revoked")
	})

	t.Run("SignOut", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		list, err := b.me.ListTokensWithResponse(ctx, nil)
		require.NoError(t, err)
		revoked, err := b.me.RevokeTokenWithResponse(ctx, list.JSON200.Data[0].Id)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, revoked.StatusCode())
		after, err := b.me.ListTokensWithResponse(ctx, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusUnauthorized, after.StatusCode())
	})

	t.Run("OthersTokenNotFound", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.env.NewUser("bob@example.com")
		bobs := signIn(t, b.env, "bob@example.com")
		list, err := b.env.Client(bobs).ListTokensWithResponse(ctx, nil)
		require.NoError(t, err)
		resp, err := b.me.RevokeTokenWithResponse(ctx, list.JSON200.Data[0].Id)
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, resp.StatusCode(), string(resp.Body))
		stillWorks, err := b.env.Client(bobs).GetSessionWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, stillWorks.StatusCode())
	})

	t.Run("ExpiryInThePast", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		past := time.Now().Add(-time.Minute)
		resp, err := b.me.CreateTokenWithResponse(ctx, api.CreateTokenRequest{Name: "old", ExpiresAt: &past})
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode(), string(resp.Body))
		require.Equal(t, "/expiresAt", (*resp.JSON400.Error.Details.Fields)[0].Field)
	})

	t.Run("ExpiredAndDisabled", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		_, err := b.env.Pool.Exec(ctx, "UPDATE personal_tokens SET expires_at = now() - interval '1 second'")
		require.NoError(t, err)
		resp, err := b.me.GetSessionWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode())
		require.Contains(t, resp.JSON401.Error.Message, "expired")

		fresh := signIn(t, b.env, "ada@example.com")
		_, err = b.env.Pool.Exec(ctx, "UPDATE users SET disabled = true")
		require.NoError(t, err)
		resp, err = b.env.Client(fresh).GetSessionWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode())
		require.Contains(t, resp.JSON401.Error.Message, "disabled")
	})

	t.Run("Malformed", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		for token, want := range map[string]string{
			"po_pat_short": "malformed",
			"po_pat_" + uuid.NewString()[:8] + "0123456789012345678901234567890123": "not known",
		} {
			resp, err := b.env.Client(token).GetSessionWithResponse(ctx)
			require.NoError(t, err)
			require.Equal(t, http.StatusUnauthorized, resp.StatusCode())
			require.Contains(t, resp.JSON401.Error.Message, want)
		}
	})

	t.Run("KeysRefused", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		p := b.env.NewProject("keyed")
		resp, err := p.Client.ListTokensWithResponse(ctx, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, resp.StatusCode(), string(resp.Body))
		require.Contains(t, resp.JSON403.Error.Message, "personal token")
		created, err := p.Client.CreateTokenWithResponse(ctx, api.CreateTokenRequest{Name: "x"})
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, created.StatusCode())
		revoked, err := p.Client.RevokeTokenWithResponse(ctx, uuid.New())
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, revoked.StatusCode())
	})

	// A token revoked through one instance fails on the very next request to another.
	t.Run("RevokedOnAnotherInstance", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		other := b.env.NewInstance()
		created, err := b.me.CreateTokenWithResponse(ctx, api.CreateTokenRequest{Name: "ci"})
		require.NoError(t, err)
		ci := other.Client(created.JSON201.Data.Token)
		ok, err := ci.GetSessionWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, ok.StatusCode())

		_, err = b.me.RevokeTokenWithResponse(ctx, created.JSON201.Data.Id)
		require.NoError(t, err)
		gone, err := ci.GetSessionWithResponse(ctx)
		require.NoError(t, err)
		require.Equal(t, http.StatusUnauthorized, gone.StatusCode())
	})
}
