package httpapi_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestPromptRefs: every path of a prompt takes its id or its slug, and a version is named
// by its id or its number, in the path, in a diff's against and in a promote's body. The
// requests are raw, so that the paths are exactly those a curl user types.
func TestPromptRefs(t *testing.T) {
	t.Parallel()

	// One instance for every subtest: each works on prompts of its own.
	env := apitest.Shared(t)
	p := env.NewProject("refs")

	type testBundle struct {
		prompt   api.Prompt
		versions []api.Version // numbered 1, 2, 3
	}
	setup := func(t *testing.T, slug string) *testBundle {
		t.Helper()
		b := &testBundle{prompt: env.NewPrompt(p, slug)}
		for _, text := range []string{"Hi {{name}}", "Hello {{name}}", "Hello {{name}}, welcome to {{plan}}!"} {
			b.versions = append(b.versions, env.NewVersion(p, b.prompt.Id, text))
		}
		return b
	}
	// send makes a request with the project's key and returns the status and the body.
	send := func(t *testing.T, method, path, body string) (int, []byte) {
		t.Helper()
		resp := env.Do(env.Request(method, path, p.Key, jsonIf(body), body))
		return resp.StatusCode, readAll(t, resp)
	}
	// deployment posts a promote or a rollback and decodes its 200.
	deployment := func(t *testing.T, path, body string) api.Deployment {
		t.Helper()
		status, answer := send(t, http.MethodPost, path, body)
		require.Equal(t, http.StatusOK, status, string(answer))
		var d api.DeploymentResponse
		require.NoError(t, json.Unmarshal(answer, &d))
		return d.Data
	}

	t.Run("ReadsBySlugAnswerAsByID", func(t *testing.T) {
		t.Parallel()
		b := setup(t, "read-by-slug")
		v1, v3 := b.versions[0].Id.String(), b.versions[2].Id.String()
		for _, suffix := range []string{
			"/versions",
			"/versions?sort=versionNumber:asc&limit=2",
			"/versions/" + v3,
			"/versions/" + v3 + "/diff",
			"/versions/" + v3 + "/diff?against=" + v1,
			"/deployments",
			"/analytics?from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z",
		} {
			byID, idBody := send(t, http.MethodGet, "/api/v1/prompts/"+b.prompt.Id.String()+suffix, "")
			require.Equal(t, http.StatusOK, byID, "%s: %s", suffix, idBody)
			bySlug, slugBody := send(t, http.MethodGet, "/api/v1/prompts/read-by-slug"+suffix, "")
			require.Equal(t, http.StatusOK, bySlug, "%s: %s", suffix, slugBody)
			require.JSONEq(t, string(idBody), string(slugBody), suffix)
		}
	})

	t.Run("VersionByNumber", func(t *testing.T) {
		t.Parallel()
		b := setup(t, "by-number")
		_, byID := send(t, http.MethodGet, "/api/v1/prompts/"+b.prompt.Id.String()+"/versions/"+b.versions[1].Id.String(), "")
		status, byNumber := send(t, http.MethodGet, "/api/v1/prompts/by-number/versions/2", "")
		require.Equal(t, http.StatusOK, status, string(byNumber))
		require.JSONEq(t, string(byID), string(byNumber))
		var v api.VersionResponse
		require.NoError(t, json.Unmarshal(byNumber, &v))
		require.Equal(t, b.versions[1].Id, v.Data.Id)
		require.Equal(t, 2, v.Data.VersionNumber)
	})

	t.Run("DiffByNumbers", func(t *testing.T) {
		t.Parallel()
		b := setup(t, "diff-by-number")
		base := "/api/v1/prompts/" + b.prompt.Id.String() + "/versions/" + b.versions[2].Id.String() + "/diff"
		for byNumbers, byIDs := range map[string]string{
			"/api/v1/prompts/diff-by-number/versions/3/diff?against=1": base + "?against=" + b.versions[0].Id.String(),
			"/api/v1/prompts/diff-by-number/versions/3/diff":           base,
			"/api/v1/prompts/diff-by-number/versions/3/diff?against=2": base,
		} {
			_, want := send(t, http.MethodGet, byIDs, "")
			status, got := send(t, http.MethodGet, byNumbers, "")
			require.Equal(t, http.StatusOK, status, "%s: %s", byNumbers, got)
			require.JSONEq(t, string(want), string(got), byNumbers)
		}
		_, body := send(t, http.MethodGet, "/api/v1/prompts/diff-by-number/versions/3/diff?against=1", "")
		var d api.VersionDiffResponse
		require.NoError(t, json.Unmarshal(body, &d))
		require.Equal(t, 3, d.Data.VersionNumber)
		require.Equal(t, 1, d.Data.AgainstVersionNumber.MustGet())
		require.True(t, d.Data.Changed)
	})

	t.Run("WritesBySlug", func(t *testing.T) {
		t.Parallel()
		b := setup(t, "write-by-slug")
		status, body := send(t, http.MethodPost, "/api/v1/prompts/write-by-slug/versions", `{"systemPrompt":"s","userTemplate":"Yo {{name}}"}`)
		require.Equal(t, http.StatusCreated, status, string(body))
		var created api.CreatedVersionResponse
		require.NoError(t, json.Unmarshal(body, &created))
		require.Equal(t, b.prompt.Id, created.Data.PromptId)
		require.Equal(t, 4, created.Data.VersionNumber)

		// The reference's body (versionId) through the slug, then the version by number.
		d := deployment(t, "/api/v1/prompts/write-by-slug/promote",
			`{"environment":"staging","versionId":"`+b.versions[1].Id.String()+`"}`)
		require.Equal(t, api.Deployment{Environment: "staging", ActiveVersionId: b.versions[1].Id, VersionNumber: 2, PromotedAt: d.PromotedAt}, d)
		d = deployment(t, "/api/v1/prompts/write-by-slug/promote", `{"environment":"staging","versionNumber":3}`)
		require.Equal(t, b.versions[2].Id, d.ActiveVersionId)
		require.Equal(t, 3, d.VersionNumber)
		d = deployment(t, "/api/v1/prompts/write-by-slug/rollback", `{"environment":"staging"}`)
		require.Equal(t, b.versions[1].Id, d.ActiveVersionId)

		// The id's view of the prompt shows what the slug's writes did.
		_, body = send(t, http.MethodGet, "/api/v1/prompts/"+b.prompt.Id.String()+"/deployments?environment=staging", "")
		var history api.DeploymentHistoryResponse
		require.NoError(t, json.Unmarshal(body, &history))
		require.Len(t, history.Data, 3)
		require.Equal(t, api.DeploymentHistoryEntryActionRollback, history.Data[0].Action)
	})

	t.Run("PromoteByNumberAsByID", func(t *testing.T) {
		t.Parallel()
		b := setup(t, "promote-by-number")
		path := "/api/v1/prompts/" + b.prompt.Id.String() + "/promote"
		byNumber := deployment(t, path, `{"environment":"production","versionNumber":2}`)
		byID := deployment(t, path, `{"environment":"production","versionId":"`+b.versions[1].Id.String()+`"}`)
		require.Equal(t, byNumber, byID, "promoting the live version again by id changes nothing")
		require.Equal(t, b.versions[1].Id, byNumber.ActiveVersionId)
		require.Equal(t, 2, byNumber.VersionNumber)
	})

	t.Run("PromoteNamesExactlyOneVersion", func(t *testing.T) {
		t.Parallel()
		b := setup(t, "promote-one")
		history := func() string {
			_, body := send(t, http.MethodGet, "/api/v1/prompts/promote-one/deployments", "")
			return string(body)
		}
		before := history()
		for body, field := range map[string]string{
			`{"environment":"staging"}`: "/versionId",
			`{"environment":"staging","versionId":"` + b.versions[0].Id.String() + `","versionNumber":1}`: "/versionNumber",
			`{"environment":"staging","versionNumber":0}`:                                                 "/versionNumber",
			`{"environment":"staging","versionNumber":-1}`:                                                "/versionNumber",
			`{"environment":"staging","versionNumber":"1"}`:                                               "/versionNumber",
		} {
			resp := env.Do(env.Request(http.MethodPost, "/api/v1/prompts/promote-one/promote", p.Key, "application/json", body))
			e := decodeError(t, resp, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
			require.Equal(t, []string{field}, fieldNames(e), body)
		}
		require.Equal(t, before, history(), "nothing was promoted")
	})

	t.Run("UnknownPromptIsTheSame404", func(t *testing.T) {
		t.Parallel()
		theirs := env.NewProject("theirs")
		env.NewVersion(theirs, env.NewPrompt(theirs, "theirs").Id, "x")
		for _, op := range []struct{ method, suffix, body string }{
			{http.MethodGet, "/versions", ""},
			{http.MethodPost, "/versions", `{"systemPrompt":"s","userTemplate":"u"}`},
			{http.MethodGet, "/versions/1", ""},
			{http.MethodGet, "/versions/1/diff", ""},
			{http.MethodPost, "/promote", `{"environment":"dev","versionNumber":1}`},
			{http.MethodPost, "/rollback", `{"environment":"dev"}`},
			{http.MethodGet, "/deployments", ""},
			{http.MethodGet, "/analytics", ""},
		} {
			unknownID := env.Do(env.Request(op.method, "/api/v1/prompts/"+uuid.NewString()+op.suffix, p.Key, jsonIf(op.body), op.body))
			want := decodeError(t, unknownID, http.StatusNotFound, api.ErrorCodeRESOURCENOTFOUND)
			for _, slug := range []string{"no-such-prompt", "theirs"} {
				resp := env.Do(env.Request(op.method, "/api/v1/prompts/"+slug+op.suffix, p.Key, jsonIf(op.body), op.body))
				got := decodeError(t, resp, http.StatusNotFound, api.ErrorCodeRESOURCENOTFOUND)
				require.Equal(t, want.Message, got.Message, "%s %s of %s", op.method, op.suffix, slug)
			}
		}
	})

	t.Run("UnknownVersionIs404", func(t *testing.T) {
		t.Parallel()
		b := setup(t, "unknown-version")
		for _, op := range []struct{ method, path, body string }{
			{http.MethodGet, "/api/v1/prompts/unknown-version/versions/4", ""},
			{http.MethodGet, "/api/v1/prompts/unknown-version/versions/" + uuid.NewString(), ""},
			{http.MethodGet, "/api/v1/prompts/unknown-version/versions/999999999/diff", ""},
			{http.MethodGet, "/api/v1/prompts/unknown-version/versions/3/diff?against=4", ""},
			{http.MethodPost, "/api/v1/prompts/unknown-version/promote", `{"environment":"dev","versionNumber":4}`},
			{http.MethodPost, "/api/v1/prompts/" + b.prompt.Id.String() + "/promote", `{"environment":"dev","versionNumber":4}`},
		} {
			resp := env.Do(env.Request(op.method, op.path, p.Key, jsonIf(op.body), op.body))
			decodeError(t, resp, http.StatusNotFound, api.ErrorCodeRESOURCENOTFOUND)
		}
		_, body := send(t, http.MethodGet, "/api/v1/prompts/unknown-version", "")
		var detail api.PromptDetailResponse
		require.NoError(t, json.Unmarshal(body, &detail))
		require.Equal(t, []api.Deployment{{Environment: "dev", ActiveVersionId: b.versions[2].Id, VersionNumber: 3,
			PromotedAt: detail.Data.Deployments[0].PromotedAt}}, detail.Data.Deployments, "dev still runs version 3")
	})

	t.Run("MalformedRefsAre400", func(t *testing.T) {
		t.Parallel()
		setup(t, "malformed")
		for path, field := range map[string]string{
			"/api/v1/prompts/malformed/versions/0":                 "versionId",
			"/api/v1/prompts/malformed/versions/-1":                "versionId",
			"/api/v1/prompts/malformed/versions/abc":               "versionId",
			"/api/v1/prompts/malformed/versions/01":                "versionId",
			"/api/v1/prompts/malformed/versions/1.5":               "versionId",
			"/api/v1/prompts/malformed/versions/1234567890":        "versionId",
			"/api/v1/prompts/malformed/versions/0/diff":            "versionId",
			"/api/v1/prompts/malformed/versions/2/diff?against=0":  "against",
			"/api/v1/prompts/malformed/versions/2/diff?against=-1": "against",
			"/api/v1/prompts/Malformed/versions":                   "promptId",
			"/api/v1/prompts/mal%20formed/deployments":             "promptId",
			"/api/v1/prompts/-malformed/analytics":                 "promptId",
		} {
			resp := env.Do(env.Request(http.MethodGet, path, p.Key, "", ""))
			e := decodeError(t, resp, http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
			require.Equal(t, []string{field}, fieldNames(e), path)
			// The schema's title says what was expected, not its regular expression.
			want := "is not a version's id or number (1, 2, 3…)"
			if field == "promptId" {
				want = "is not a prompt's id or slug"
			}
			require.Equal(t, want, (*e.Details.Fields)[0].Problem, path)
		}
	})
}

// jsonIf is the content type of a raw request with body, none without one.
func jsonIf(body string) string {
	if body == "" {
		return ""
	}
	return "application/json"
}
