package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestActor: every event, webhook payload and deployment history row names who made the
// change, a person or a key, beside where the request came from.
func TestActor(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tm := newTeam(t)
	admin := tm.env.Client(tm.key)
	receiver := apitest.NewReceiver(t)
	hook, err := admin.CreateWebhookWithResponse(ctx, nil, api.CreateWebhookRequest{Url: receiver.URL, Events: []string{"*"}})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, hook.StatusCode(), string(hook.Body))

	editor, editorID := tm.join(t, "bob@example.com", api.RoleEditor)
	asBob := func(_ context.Context, req *http.Request) error {
		req.Header.Set("PromptOps-Project", tm.project.String())
		req.Header.Set("User-Agent", "bob-cli/1.0")
		return nil
	}
	created, err := editor.CreatePromptWithResponse(ctx, nil, api.CreatePromptRequest{Slug: "welcome", Name: "Welcome"}, asBob)
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, created.StatusCode(), string(created.Body))
	userTemplate := "Hello"
	version, err := editor.CreateVersionWithResponse(ctx, "welcome", nil, api.CreateVersionRequest{SystemPrompt: &userTemplate, UserTemplate: &userTemplate}, asBob)
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, version.StatusCode(), string(version.Body))
	promoted, err := editor.PromotePromptWithResponse(ctx, "welcome", nil,
		api.PromoteRequest{Environment: "staging", VersionId: &version.JSON201.Data.Id}, asBob)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, promoted.StatusCode(), string(promoted.Body))
	label := "deploy bot"
	key, err := admin.CreateApiKeyWithResponse(ctx, nil, api.CreateApiKeyRequest{Environment: "production", Label: &label})
	require.NoError(t, err)
	bot := tm.env.Client(key.JSON201.Data.FullKey)
	_, err = bot.PromotePromptWithResponse(ctx, "welcome", nil, api.PromoteRequest{Environment: "production", VersionId: &version.JSON201.Data.Id})
	require.NoError(t, err)

	events, err := admin.ListEventsWithResponse(ctx, nil)
	require.NoError(t, err)
	byType := map[api.EventType][]api.Event{}
	for _, e := range events.JSON200.Data {
		byType[e.Type] = append(byType[e.Type], e)
	}
	e := byType["prompt.created"][0]
	actor := e.Actor.MustGet()
	require.Equal(t, api.ActorTypeUser, actor.Type)
	require.Equal(t, editorID, actor.Id)
	require.Equal(t, "bob@example.com", *actor.Email)
	require.Equal(t, "User bob@example.com", *actor.Name)
	require.True(t, e.KeyId.IsNull(), "a person's change names no key")
	require.Equal(t, "bob-cli/1.0", e.UserAgent.MustGet())
	require.NotEmpty(t, e.ClientAddress.MustGet())

	var keyActor api.Actor
	for _, d := range byType["deployment.promoted"] {
		if a := d.Actor.MustGet(); a.Type == api.ActorTypeKey {
			keyActor = a
		}
	}
	require.Equal(t, key.JSON201.Data.Id, keyActor.Id)
	require.Equal(t, key.JSON201.Data.KeyPrefix, *keyActor.Prefix)
	require.Equal(t, label, keyActor.Label.MustGet())

	// The project's creation names its owner.
	owner := byType["project.created"][0].Actor.MustGet()
	require.Equal(t, tm.ownerID, owner.Id)

	history, err := admin.ListDeploymentsWithResponse(ctx, "welcome", nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, history.StatusCode(), string(history.Body))
	var byBob api.DeploymentHistoryEntry
	for _, h := range history.JSON200.Data {
		if h.Environment == "staging" {
			byBob = h
		}
	}
	require.Equal(t, editorID, byBob.Actor.MustGet().Id)
	require.True(t, byBob.KeyId.IsNull())
	require.Equal(t, "bob-cli/1.0", byBob.UserAgent.MustGet())
	require.NotEmpty(t, byBob.ClientAddress.MustGet())

	// The webhook payload names the actor too.
	got := receiver.WaitFor(t, 10*time.Second, func(ds []apitest.Delivery) bool {
		for _, d := range ds {
			if d.Type == "prompt.created" {
				return true
			}
		}
		return false
	})
	for _, d := range got {
		if d.Type != "prompt.created" {
			continue
		}
		var payload struct {
			Actor api.Actor `json:"actor"`
		}
		require.NoError(t, json.Unmarshal(d.Body, &payload), string(d.Body))
		require.Equal(t, editorID, payload.Actor.Id)
		require.Equal(t, "bob@example.com", *payload.Actor.Email)
	}
}
