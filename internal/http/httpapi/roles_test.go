package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// roleWorld is a project with a person of each role, and something for each operation to
// act on: a prompt with a version (slug "roles"), a webhook, a spare API key and a member
// to change.
type roleWorld struct {
	tm                     *team
	people                 map[string]string // role → personal token
	prompt, webhook, keyID string
	target                 uuid.UUID // a viewer the member operations change
}

func newRoleWorld(t *testing.T) *roleWorld {
	t.Helper()
	ctx := context.Background()
	tm := newTeam(t)
	w := &roleWorld{tm: tm, people: map[string]string{auth.RoleOwner: ""}}
	for _, role := range []string{auth.RoleAdmin, auth.RolePublisher, auth.RoleEditor, auth.RoleViewer} {
		tm.join(t, role+"@example.com", api.Role(role))
		w.people[role] = signIn(t, tm.env, role+"@example.com")
	}
	w.people[auth.RoleOwner] = signIn(t, tm.env, "ada@example.com")
	_, w.target = tm.join(t, "target@example.com", api.RoleViewer)

	p := &apitest.Project{ID: tm.project.String(), Key: tm.key, Client: tm.env.Client(tm.key)}
	prompt := tm.env.NewPrompt(p, "roles")
	tm.env.NewVersion(p, prompt.Id, "Hello")
	w.prompt = prompt.Id.String()
	hook, err := p.Client.CreateWebhookWithResponse(ctx, nil, api.CreateWebhookRequest{Url: "http://127.0.0.1:1/hook", Events: []string{"prompt.deleted"}})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, hook.StatusCode(), string(hook.Body))
	w.webhook = hook.JSON201.Data.Id.String()
	spare, err := p.Client.CreateApiKeyWithResponse(ctx, nil, api.CreateApiKeyRequest{Environment: "dev"})
	require.NoError(t, err)
	w.keyID = spare.JSON201.Data.Id.String()
	return w
}

// request is a valid request of o by a person with token, naming the world's project and
// things, and environment dev where o acts in one.
func (w *roleWorld) request(o operation, token string) *http.Request {
	id := w.prompt
	switch {
	case strings.HasPrefix(o.path, "/api/v1/webhooks/"):
		id = w.webhook
	case strings.HasPrefix(o.path, "/api/v1/api-keys/"):
		id = w.keyID
	}
	path := strings.NewReplacer("{id}", id, "{promptId}", w.prompt, "{versionId}", "1", "{slug}", "roles",
		"{projectId}", w.tm.project.String(), "{userId}", w.target.String(), "{deliveryId}", uuid.NewString(),
		"{releaseId}", uuid.NewString(), "{connectionId}", uuid.NewString(), "{invitationId}", uuid.NewString(), "{name}", "dev").Replace(o.path)
	if o.actsInEnvironment() {
		path += "?environment=dev"
	}
	body := o.validBody()
	if o.id == "PromotePrompt" {
		body = `{"environment":"dev","versionNumber":1}`
	}
	req := w.tm.env.Request(o.method, path, token, jsonType(o), body)
	req.Header.Set("PromptOps-Project", w.tm.project.String())
	return req
}

// actsInEnvironment reports whether a person names an environment for the operation.
func (o operation) actsInEnvironment() bool {
	for _, p := range o.op.Parameters {
		if _, ok := p.Value.Extensions["x-person-environment"]; ok {
			return true
		}
	}
	return false
}

// projectOperations are the operations of a project that people may call, in the spec's
// order.
func projectOperations(t *testing.T) []operation {
	var ops []operation
	for _, o := range operations(t) {
		if o.authenticated() && o.op.Extensions["x-project"] != "none" && o.id != "ConnectWebSocket" {
			ops = append(ops, o)
		}
	}
	return ops
}

// TestRolesAgainstOperations drives every operation of a project over HTTP as each role,
// from viewer up, and checks the gate: a role short of the operation (its x-scope's least
// role, auth.ScopeRole) is a 403 naming that role, and changes nothing; a role that may is
// let through, whatever the handler then answers.
func TestRolesAgainstOperations(t *testing.T) {
	t.Parallel()
	w := newRoleWorld(t)
	roles := slices.Clone(auth.Roles)
	slices.Reverse(roles) // viewer first: refusals before the writes that let through change things
	var refused, allowed int
	for _, o := range projectOperations(t) {
		least := auth.RoleViewer
		if o.scope() != "" {
			least = auth.ScopeRole(o.scope())
		}
		if o.role() != "" {
			least = o.role()
		}
		for _, role := range roles {
			if o.id == "DeleteProject" && role == auth.RoleOwner {
				continue // it would delete the world the next operations need: TestDeleteProject lets it through
			}
			before := w.tm.env.Rows()
			resp := w.tm.env.Do(w.request(o, w.people[role]))
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			if !auth.RoleAtLeast(role, least) {
				require.Equal(t, http.StatusForbidden, resp.StatusCode, "%s as %s: %s", o.id, role, body)
				var e api.Error
				require.NoError(t, json.Unmarshal(body, &e))
				require.Equal(t, api.Role(least), *e.Error.Details.RequiredRole, "%s as %s", o.id, role)
				require.Equal(t, before, w.tm.env.Rows(), "%s as %s changed something", o.id, role)
				refused++
				continue
			}
			allowed++
			require.NotEqual(t, http.StatusForbidden, resp.StatusCode, "%s as %s: %s", o.id, role, body)
			require.NotContains(t, string(body), "not one of its members", "%s as %s", o.id, role)
			require.Less(t, resp.StatusCode, 500, "%s as %s: %s", o.id, role, body)
		}
	}
	t.Logf("%d requests refused for the role, %d let through", refused, allowed)
	require.Greater(t, refused, 60)
	require.Greater(t, allowed, 100)
}

// TestRolesDeploy: editors change the deployments of dev and staging, publishers those of
// production too, and a refusal names the publisher role.
func TestRolesDeploy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newRoleWorld(t)
	promote := func(role string, env api.Environment) *api.PromotePromptResponse {
		number := 1
		resp, err := w.tm.env.Client(w.people[role]).PromotePromptWithResponse(ctx, "roles", nil,
			api.PromoteRequest{Environment: env, VersionNumber: &number}, inProject(w.tm.project))
		require.NoError(t, err)
		return resp
	}
	for _, env := range []api.Environment{"dev", "staging"} {
		require.Equal(t, http.StatusOK, promote(auth.RoleEditor, env).StatusCode(), env)
	}
	refused := promote(auth.RoleEditor, "production")
	require.Equal(t, http.StatusForbidden, refused.StatusCode(), string(refused.Body))
	require.Equal(t, api.RolePublisher, *refused.JSON403.Error.Details.RequiredRole)
	require.Contains(t, refused.JSON403.Error.Message, "production")
	require.Equal(t, http.StatusOK, promote(auth.RolePublisher, "production").StatusCode())

	rollback, err := w.tm.env.Client(w.people[auth.RoleEditor]).RollbackPromptWithResponse(ctx, "roles", nil,
		api.RollbackRequest{Environment: "production"}, inProject(w.tm.project))
	require.NoError(t, err)
	require.Equal(t, http.StatusForbidden, rollback.StatusCode())
	require.Equal(t, api.RolePublisher, *rollback.JSON403.Error.Details.RequiredRole)
}

// TestPersonNamesProjectAndEnvironment: a person's request without PromptOps-Project, or
// without ?environment= where it acts in one, is a 400 naming what is missing; a project
// they are no member of is a 404; resolving in an environment gives that environment's
// version; an API key may name only its own environment.
func TestPersonNamesProjectAndEnvironment(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newRoleWorld(t)
	viewer := w.tm.env.Client(w.people[auth.RoleViewer])

	noHeader, err := viewer.ListPromptsWithResponse(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, noHeader.StatusCode(), string(noHeader.Body))
	require.Equal(t, "PromptOps-Project", (*noHeader.JSON400.Error.Details.Fields)[0].Field)

	other := w.tm.env.NewProjectDirect("not theirs")
	notMember, err := viewer.ListPromptsWithResponse(ctx, nil, inProject(other.Project.ID))
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, notMember.StatusCode(), string(notMember.Body))

	noEnv, err := viewer.ResolvePromptWithResponse(ctx, "roles", nil, inProject(w.tm.project))
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, noEnv.StatusCode(), string(noEnv.Body))
	require.Equal(t, "environment", (*noEnv.JSON400.Error.Details.Fields)[0].Field)

	dev := "dev"
	resolved, err := viewer.ResolvePromptWithResponse(ctx, "roles", &api.ResolvePromptParams{Environment: &dev}, inProject(w.tm.project))
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resolved.StatusCode(), string(resolved.Body))
	require.Equal(t, "dev", resolved.JSON200.Data.Environment)
	production := "production"
	notLive, err := viewer.ResolvePromptWithResponse(ctx, "roles", &api.ResolvePromptParams{Environment: &production}, inProject(w.tm.project))
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, notLive.StatusCode(), "nothing is live in production yet")

	key := w.tm.env.Client(w.tm.key)
	own, err := key.ResolvePromptWithResponse(ctx, "roles", &api.ResolvePromptParams{Environment: &dev})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, own.StatusCode())
	another, err := key.ResolvePromptWithResponse(ctx, "roles", &api.ResolvePromptParams{Environment: &production})
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, another.StatusCode(), string(another.Body))
	require.Equal(t, "environment", (*another.JSON400.Error.Details.Fields)[0].Field)
}

// TestRemovedMemberOnAnotherInstance: a member removed, or an account disabled, through
// one instance fails on the very next request to another.
func TestRemovedMemberOnAnotherInstance(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newRoleWorld(t)
	other := w.tm.env.NewInstance()
	editor := other.Client(w.people[auth.RoleEditor])
	publisher := other.Client(w.people[auth.RolePublisher])
	for _, c := range []*api.ClientWithResponses{editor, publisher} {
		resp, err := c.ListPromptsWithResponse(ctx, nil, inProject(w.tm.project))
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
	}

	members, err := w.tm.owner.ListMembersWithResponse(ctx, w.tm.project, nil)
	require.NoError(t, err)
	for _, m := range members.JSON200.Data {
		if m.Role == api.RoleEditor {
			removed, err := w.tm.owner.RemoveMemberWithResponse(ctx, w.tm.project, m.UserId)
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, removed.StatusCode())
		}
	}
	resp, err := editor.ListPromptsWithResponse(ctx, nil, inProject(w.tm.project))
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, resp.StatusCode(), string(resp.Body))

	_, err = w.tm.env.Pool.Exec(ctx, "UPDATE users SET disabled = true WHERE email = 'publisher@example.com'")
	require.NoError(t, err)
	resp, err = publisher.ListPromptsWithResponse(ctx, nil, inProject(w.tm.project))
	require.NoError(t, err)
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode(), string(resp.Body))
}

// TestPersonIdempotency: a person's Idempotency-Keys are their token's, as a key's are the
// key's: the same request again replays the first answer, another token's is its own.
func TestPersonIdempotency(t *testing.T) {
	t.Parallel()
	w := newRoleWorld(t)
	send := func(token, body string) *http.Response {
		req := w.tm.env.Request(http.MethodPost, "/api/v1/prompts", token, "application/json", body)
		req.Header.Set("PromptOps-Project", w.tm.project.String())
		req.Header.Set("Idempotency-Key", "create-welcome")
		return w.tm.env.Do(req)
	}
	body := `{"slug":"welcome","name":"Welcome"}`
	first := send(w.people[auth.RoleEditor], body)
	require.Equal(t, http.StatusCreated, first.StatusCode)
	again := send(w.people[auth.RoleEditor], body)
	require.Equal(t, http.StatusCreated, again.StatusCode)
	require.Equal(t, "true", again.Header.Get("Idempotent-Replayed"))
	other := send(w.people[auth.RolePublisher], body)
	require.Equal(t, http.StatusConflict, other.StatusCode, "another token's key is its own: the slug is taken")
	require.Empty(t, other.Header.Get("Idempotent-Replayed"))
}

// TestRolesDelete: deleting a prompt takes it out of every environment it is live in, so
// a person needs the role that may change each one's deployments, as undeploying there
// does: an editor may not delete a prompt live in production; a publisher may.
func TestRolesDelete(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newRoleWorld(t)
	number := 1
	promoted, err := w.tm.env.Client(w.people[auth.RolePublisher]).PromotePromptWithResponse(ctx, "roles", nil,
		api.PromoteRequest{Environment: "production", VersionNumber: &number}, inProject(w.tm.project))
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, promoted.StatusCode(), string(promoted.Body))

	refused, err := w.tm.env.Client(w.people[auth.RoleEditor]).DeletePromptWithResponse(ctx, "roles", inProject(w.tm.project))
	require.NoError(t, err)
	require.Equal(t, http.StatusForbidden, refused.StatusCode(), string(refused.Body))
	require.Equal(t, api.RolePublisher, *refused.JSON403.Error.Details.RequiredRole)
	require.Contains(t, refused.JSON403.Error.Message, "production")
	resolved, err := w.tm.env.Client(w.tm.key).ResolvePromptWithResponse(ctx, "roles", nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resolved.StatusCode(), "the prompt is still there")

	// A key of another environment, without admin, may not either.
	staging := w.tm.env.NewKey(&apitest.Project{ID: w.tm.project.String(), Key: w.tm.key, Client: w.tm.env.Client(w.tm.key)},
		api.CreateApiKeyRequest{Environment: "staging", Scopes: &[]api.Scope{api.ScopePromptsRead, api.ScopePromptsWrite}})
	byKey, err := w.tm.env.Client(staging).DeletePromptWithResponse(ctx, "roles")
	require.NoError(t, err)
	require.Equal(t, http.StatusForbidden, byKey.StatusCode(), string(byKey.Body))
	require.Equal(t, api.Environment("staging"), *byKey.JSON403.Error.Details.Environment)
	require.Contains(t, byKey.JSON403.Error.Message, "not in production")

	deleted, err := w.tm.env.Client(w.people[auth.RolePublisher]).DeletePromptWithResponse(ctx, "roles", inProject(w.tm.project))
	require.NoError(t, err)
	require.Equal(t, http.StatusNoContent, deleted.StatusCode(), string(deleted.Body))
}
