package httpapi_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

type partialsBundle struct {
	env          *apitest.Env
	p            *apitest.Project
	footer, mail api.Prompt
	footerV1     api.Version
}

// setupPartials makes a footer partial and a mail prompt that includes it, both live in dev.
func setupPartials(t *testing.T) *partialsBundle {
	t.Helper()
	env := apitest.Shared(t)
	p := env.NewProject("p")
	b := &partialsBundle{env: env, p: p, footer: env.NewPrompt(p, "footer"), mail: env.NewPrompt(p, "mail")}
	b.footerV1 = version(t, p, b.footer.Id, "The {{team}} team")
	version(t, p, b.mail.Id, "Hi {{name}}.\n{{> footer}}")
	return b
}

// version creates a version with an empty system prompt and the given user template.
func version(t *testing.T, p *apitest.Project, promptID uuid.UUID, userTemplate string) api.Version {
	t.Helper()
	resp, err := p.Client.CreateVersionWithResponse(context.Background(), promptID.String(), nil, api.CreateVersionRequest{SystemPrompt: new(""), UserTemplate: &userTemplate})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	return resp.JSON201.Data
}

func renderMail(t *testing.T, c *api.ClientWithResponses) string {
	t.Helper()
	resp, err := c.RenderPromptWithResponse(context.Background(), "mail", nil, api.RenderRequest{Variables: &map[string]any{"name": "Ada", "team": "Ops"}})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	return resp.JSON200.Data.Messages[1].Content
}

func TestPartials(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("ResolveAndRender", func(t *testing.T) {
		t.Parallel()
		b := setupPartials(t)
		resp, err := b.p.Client.ResolvePromptWithResponse(ctx, "mail", nil)
		require.NoError(t, err)
		r := resp.JSON200.Data
		require.Equal(t, "Hi {{name}}.\n{{> footer}}", r.UserTemplate, "as written")
		require.Equal(t, []api.PartialRef{{Slug: "footer", VersionNumber: 1}}, r.Partials)
		require.Equal(t, []string{"name", "team"}, r.Variables, "the partial's variables too")
		composed, err := b.p.Client.ResolvePromptWithResponse(ctx, "mail", &api.ResolvePromptParams{Compose: new(true)})
		require.NoError(t, err)
		require.Equal(t, []string{"name", "team"}, composed.JSON200.Data.Variables)
		require.Equal(t, "Hi {{name}}.\nThe {{team}} team", composed.JSON200.Data.UserTemplate)
		require.Equal(t, "Hi Ada.\nThe Ops team", renderMail(t, b.p.Client))
	})

	t.Run("PromotingThePartialChangesDependentsEverywhere", func(t *testing.T) {
		t.Parallel()
		b := setupPartials(t)
		other := b.env.NewInstance()
		otherClient := other.Client(b.p.Key)
		first, err := otherClient.ResolvePromptWithResponse(ctx, "mail", nil)
		require.NoError(t, err)
		require.Equal(t, "Hi Ada.\nThe Ops team", renderMail(t, otherClient), "cached on the other instance")

		version(t, b.p, b.footer.Id, "Cheers, {{team}}") // live in dev at once
		require.Eventually(t, func() bool {
			resp, err := otherClient.RenderPromptWithResponse(ctx, "mail", nil, api.RenderRequest{Variables: &map[string]any{"name": "Ada", "team": "Ops"}})
			return err == nil && resp.JSON200 != nil && resp.JSON200.Data.Messages[1].Content == "Hi Ada.\nCheers, Ops"
		}, 5*time.Second, 20*time.Millisecond)
		again, err := otherClient.ResolvePromptWithResponse(ctx, "mail", nil)
		require.NoError(t, err)
		require.NotEqual(t, first.HTTPResponse.Header.Get("ETag"), again.HTTPResponse.Header.Get("ETag"), "the ETag covers the partial's version")
		require.Equal(t, []api.PartialRef{{Slug: "footer", VersionNumber: 2}}, again.JSON200.Data.Partials)

		events, err := b.p.Client.ListEventsWithResponse(ctx, &api.ListEventsParams{Type: new(api.EventType("prompt.dependency_changed"))})
		require.NoError(t, err)
		require.Len(t, events.JSON200.Data, 1)
		require.JSONEq(t, `{"promptId":"`+b.mail.Id.String()+`","slug":"mail","environment":"dev","versionNumber":1,
			"dependency":{"slug":"footer","versionNumber":2},"releaseId":null}`, string(events.JSON200.Data[0].Data))
	})

	t.Run("Pinned", func(t *testing.T) {
		t.Parallel()
		b := setupPartials(t)
		version(t, b.p, b.mail.Id, "Hi {{name}}.\n{{> footer@1}}")
		version(t, b.p, b.footer.Id, "Cheers, {{team}}")
		require.Equal(t, "Hi Ada.\nThe Ops team", renderMail(t, b.p.Client))
	})

	t.Run("PinnedOnlyWhereItHasBeenLive", func(t *testing.T) {
		t.Parallel()
		b := setupPartials(t)
		draft := version(t, b.p, b.footer.Id, "Draft by {{team}}") // live in dev only
		mail := version(t, b.p, b.mail.Id, "Hi {{name}}.\n{{> footer@2}}")
		b.env.Promote(b.p, b.mail.Id, mail.Id, "production")
		prod := b.env.Client(b.env.NewKey(b.p, api.CreateApiKeyRequest{Environment: "production", Scopes: &[]api.Scope{api.ScopePromptsRead}}))

		// Version 2 of footer has never been live in production: a production key may not
		// pin it (version=2) and does not see it through mail either.
		pinned, err := prod.ResolvePromptWithResponse(ctx, "footer", &api.ResolvePromptParams{Version: new(2)})
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, pinned.StatusCode())
		const says = "mail includes a partial that cannot be resolved: version 2 of the partial footer has never been live in production."
		for _, compose := range []bool{false, true} {
			resp, err := prod.ResolvePromptWithResponse(ctx, "mail", &api.ResolvePromptParams{Compose: &compose})
			require.NoError(t, err)
			require.Equal(t, http.StatusNotFound, resp.StatusCode(), string(resp.Body))
			require.Equal(t, says, resp.JSON404.Error.Message)
		}
		rendered, err := prod.RenderPromptWithResponse(ctx, "mail", nil, api.RenderRequest{Variables: &map[string]any{"name": "Ada", "team": "Ops"}})
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, rendered.StatusCode(), string(rendered.Body))
		snapshot, err := prod.GetSnapshotWithResponse(ctx, nil)
		require.NoError(t, err)
		require.Empty(t, snapshot.JSON200.Data.Prompts, "mail is left out")
		require.Equal(t, "Hi Ada.\nDraft by Ops", renderMail(t, b.p.Client), "in dev, where it is live")

		// Once it has been live in production, even if no longer, mail shows it there.
		b.env.Promote(b.p, b.footer.Id, draft.Id, "production")
		b.env.Promote(b.p, b.footer.Id, b.footerV1.Id, "production")
		require.Equal(t, "Hi Ada.\nDraft by Ops", renderMail(t, prod))
	})

	for name, tc := range map[string]struct{ template, says string }{
		"UnknownSlug":    {"x {{> nobody}}", "line 1, column 3: {{> nobody}} names no prompt"},
		"UnknownVersion": {"x\n{{> footer@9}}", "line 2, column 1: {{> footer@9}} names no prompt or version"},
	} {
		t.Run("Refused"+name, func(t *testing.T) {
			t.Parallel()
			b := setupPartials(t)
			before := b.env.RowsOf(b.p)
			resp, err := b.p.Client.CreateVersionWithResponse(ctx, b.mail.Id.String(), nil, api.CreateVersionRequest{SystemPrompt: new(""), UserTemplate: &tc.template})
			require.NoError(t, err)
			require.Equal(t, http.StatusBadRequest, resp.StatusCode(), string(resp.Body))
			require.Contains(t, (*resp.JSON400.Error.Details.Fields)[0].Problem, tc.says)
			require.Equal(t, before, b.env.RowsOf(b.p))
		})
	}

	t.Run("CycleRefused", func(t *testing.T) {
		t.Parallel()
		b := setupPartials(t)
		before := b.env.RowsOf(b.p)
		tpl := "{{> mail}}"
		resp, err := b.p.Client.CreateVersionWithResponse(ctx, b.footer.Id.String(), nil, api.CreateVersionRequest{SystemPrompt: new(""), UserTemplate: &tpl})
		require.NoError(t, err)
		require.Equal(t, http.StatusConflict, resp.StatusCode(), string(resp.Body))
		require.Contains(t, resp.JSON409.Error.Message, "footer > mail > footer")
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("CycleRefusedAtPromote", func(t *testing.T) {
		t.Parallel()
		b := setupPartials(t)
		// In production mail includes footer; in dev it no longer does.
		b.env.Promote(b.p, b.mail.Id, listVersions(t, b.p, b.mail.Id)[0].Id, "production")
		version(t, b.p, b.mail.Id, "Hi {{name}}.")
		// So a footer that includes mail is fine in dev...
		footerV2 := version(t, b.p, b.footer.Id, "Sent by {{> mail}}")
		// ...and refused in production, where it would include itself.
		before := b.env.RowsOf(b.p)
		resp, err := b.p.Client.PromotePromptWithResponse(ctx, b.footer.Id.String(), nil, api.PromoteRequest{Environment: "production", VersionId: &footerV2.Id})
		require.NoError(t, err)
		require.Equal(t, http.StatusConflict, resp.StatusCode(), string(resp.Body))
		require.Contains(t, resp.JSON409.Error.Message, "footer > mail > footer")
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("DepthBounded", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		p := env.NewProject("p")
		prev := ""
		var last api.Prompt
		for i := range 7 {
			last = env.NewPrompt(p, "level-"+strconv.Itoa(i))
			tpl := "level " + strconv.Itoa(i)
			if prev != "" {
				tpl += " {{> " + prev + "}}"
			}
			resp, err := p.Client.CreateVersionWithResponse(ctx, last.Id.String(), nil, api.CreateVersionRequest{SystemPrompt: new(""), UserTemplate: &tpl})
			require.NoError(t, err)
			if i < 6 {
				require.Equal(t, http.StatusCreated, resp.StatusCode(), "level %d: %s", i, resp.Body)
			} else {
				require.Equal(t, http.StatusConflict, resp.StatusCode(), string(resp.Body))
				require.Contains(t, resp.JSON409.Error.Message, "deeper than 5")
			}
			prev = last.Slug
		}
	})
}

func listVersions(t *testing.T, p *apitest.Project, promptID uuid.UUID) []api.Version {
	t.Helper()
	resp, err := p.Client.ListVersionsWithResponse(context.Background(), promptID.String(), nil)
	require.NoError(t, err)
	return resp.JSON200.Data
}

// TestListIncluders: a prompt's includers, per environment where it is live, are the live
// prompts that include its live version, unpinned or pinned, directly or through others.
func TestListIncluders(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := apitest.Shared(t)
	p := env.NewProject("includers")
	// Every new version is live in dev at once.
	newPrompt := func(slug, template string) (api.Prompt, api.Version) {
		prompt := env.NewPrompt(p, slug)
		return prompt, version(t, p, prompt.Id, template)
	}
	part, partV1 := newPrompt("part", "the part")
	outer, outerV1 := newPrompt("outer", "Hi {{> part}}")
	mid, midV1 := newPrompt("mid", "{{> part}}!")
	top, topV1 := newPrompt("top", "Top: {{> mid}}")
	pinned, pinnedV1 := newPrompt("pinned", "{{> part@1}}")
	newPrompt("unrelated", "alone")
	for _, name := range []string{"staging", "production"} {
		env.Promote(p, part.Id, partV1.Id, name)
		env.Promote(p, mid.Id, midV1.Id, name)
	}
	env.Promote(p, pinned.Id, pinnedV1.Id, "staging")
	env.Promote(p, outer.Id, outerV1.Id, "production")
	env.Promote(p, top.Id, topV1.Id, "production")

	list := func(prompt string, environment *api.Environment) []api.Includer {
		t.Helper()
		resp, err := p.Client.ListIncludersWithResponse(ctx, prompt, &api.ListIncludersParams{Environment: environment})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		return resp.JSON200.Data
	}
	ids := map[string]uuid.UUID{"outer": outer.Id, "mid": mid.Id, "top": top.Id, "pinned": pinned.Id}
	in := func(environment, slug string) api.Includer {
		return api.Includer{Environment: api.Environment(environment), PromptId: ids[slug], Slug: slug, VersionNumber: 1}
	}
	require.Equal(t, []api.Includer{
		in("dev", "mid"), in("dev", "outer"), in("dev", "pinned"), in("dev", "top"),
		in("staging", "mid"), in("staging", "pinned"),
		in("production", "mid"), in("production", "outer"), in("production", "top"),
	}, list("part", nil))
	production := api.Environment("production")
	require.Equal(t, []api.Includer{in("production", "mid"), in("production", "outer"), in("production", "top")}, list(part.Id.String(), &production))
	require.Empty(t, list("top", nil), "included by none")

	// A new version of part, live in dev: pinned includes v1, no longer the live one there.
	version(t, p, part.Id, "the part, again")
	dev := api.Environment("dev")
	require.Equal(t, []api.Includer{in("dev", "mid"), in("dev", "outer"), in("dev", "top")}, list("part", &dev))

	missing, err := p.Client.ListIncludersWithResponse(ctx, "no-such-prompt", nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, missing.StatusCode())
	unknown := api.Environment("nowhere")
	bad, err := p.Client.ListIncludersWithResponse(ctx, "part", &api.ListIncludersParams{Environment: &unknown})
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, bad.StatusCode(), string(bad.Body))
}
