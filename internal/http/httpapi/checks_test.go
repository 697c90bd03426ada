package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/oapi-codegen/nullable"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

func TestVersionChecks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	type testBundle struct {
		env     *apitest.Env
		p       *apitest.Project
		prompt  api.Prompt
		version api.Version
	}
	setup := func(t *testing.T) *testBundle {
		t.Helper()
		env := apitest.Shared(t)
		p := env.NewProject("checks")
		prompt := env.NewPrompt(p, "checked")
		return &testBundle{env: env, p: p, prompt: prompt, version: env.NewVersion(p, prompt.Id, "u")}
	}
	report := func(t *testing.T, b *testBundle, version string, body api.ReportCheckRequest) *api.ReportVersionCheckResponse {
		t.Helper()
		resp, err := b.p.Client.ReportVersionCheckWithResponse(ctx, "checked", version, nil, body)
		require.NoError(t, err)
		return resp
	}

	t.Run("UpsertThenList", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		first := report(t, b, "1", api.ReportCheckRequest{Name: "eval", Status: api.CheckStatusPending})
		require.Equal(t, http.StatusCreated, first.StatusCode(), string(first.Body))
		require.True(t, first.JSON201.Data.Score.IsNull())
		require.Equal(t, api.ActorTypeKey, first.JSON201.Data.Actor.MustGet().Type)

		again := report(t, b, b.version.Id.String(), api.ReportCheckRequest{
			Name: "eval", Status: api.CheckStatusPassed, Score: nullable.NewNullableWithValue(0.92),
			DetailsUrl: nullable.NewNullableWithValue("https://ci.example.com/runs/812"),
		})
		require.Equal(t, http.StatusOK, again.StatusCode(), string(again.Body))
		require.Equal(t, api.CheckStatusPassed, again.JSON200.Data.Status)
		require.Equal(t, first.JSON201.Data.CreatedAt, again.JSON200.Data.CreatedAt, "a report replaces the check, which keeps when it was first reported")
		require.Equal(t, http.StatusCreated, report(t, b, "1", api.ReportCheckRequest{Name: "lint", Status: api.CheckStatusFailed}).StatusCode())

		list, err := b.p.Client.ListVersionChecksWithResponse(ctx, "checked", "1", nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, list.StatusCode())
		require.Len(t, list.JSON200.Data, 2)
		require.Equal(t, "eval", list.JSON200.Data[0].Name)
		require.Equal(t, 0.92, list.JSON200.Data[0].Score.MustGet())
		require.Equal(t, "lint", list.JSON200.Data[1].Name)

		events, err := b.p.Client.ListEventsWithResponse(ctx, &api.ListEventsParams{Type: new(api.EventTypeVersionCheckReported)})
		require.NoError(t, err)
		require.Len(t, events.JSON200.Data, 3)
		var data map[string]any
		require.NoError(t, json.Unmarshal(events.JSON200.Data[2].Data, &data))
		require.Equal(t, "checked", data["slug"])
		require.Equal(t, "eval", data["name"])
		require.EqualValues(t, 1, data["versionNumber"])
	})

	t.Run("UnknownVersion", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		before := b.env.RowsOf(b.p)
		resp := report(t, b, "9", api.ReportCheckRequest{Name: "eval", Status: api.CheckStatusPassed})
		require.Equal(t, http.StatusNotFound, resp.StatusCode())
		require.Equal(t, before, b.env.RowsOf(b.p))
	})

	t.Run("BadInput", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		path := "/api/v1/prompts/checked/versions/1/checks"
		for body, field := range map[string]string{
			`{"name":"eval","status":"passed","detailsUrl":"javascript:alert(1)"}`: "/detailsUrl",
			`{"name":"eval","status":"done"}`:                                      "/status",
			`{"name":"-eval","status":"passed"}`:                                   "/name",
		} {
			before := b.env.RowsOf(b.p)
			e := decodeError(t, b.env.Do(b.env.Request(http.MethodPost, path, b.p.Key, "application/json", body)), http.StatusBadRequest, api.ErrorCodeVALIDATIONERROR)
			require.Equal(t, []string{field}, fieldNames(e), body)
			require.Equal(t, before, b.env.RowsOf(b.p))
		}
	})

	t.Run("IdempotencyKeyReused", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		send := func(status string) *http.Response {
			req := b.env.Request(http.MethodPost, "/api/v1/prompts/checked/versions/1/checks", b.p.Key, "application/json",
				`{"name":"eval","status":"`+status+`"}`)
			req.Header.Set("Idempotency-Key", "eval-report")
			return b.env.Do(req)
		}
		require.Equal(t, http.StatusCreated, send("passed").StatusCode)
		decodeError(t, send("failed"), http.StatusConflict, api.ErrorCodeCONFLICT)
	})
}
