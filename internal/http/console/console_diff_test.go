package console_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// TestConsoleDiff: a version page shows its diff as the API aligned it: a message inserted
// into a conversation is the one added message, a changed word is marked within its line,
// the temperature is a row of the settings table, and the legacy user template is not shown
// again.
func TestConsoleDiff(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	project := env.NewProject("Diff")
	prompt := env.NewPrompt(project, "chat")
	create := func(temperature float64, messages ...api.Message) {
		resp, err := project.Client.CreateVersionWithResponse(context.Background(), prompt.Id.String(), nil,
			api.CreateVersionRequest{Messages: &messages, Temperature: &temperature})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	}
	question := api.Message{Role: api.MessageRoleUser, Content: "{{question}}"}
	create(0.7, api.Message{Role: api.MessageRoleSystem, Content: "Be brief."}, question)
	create(0.3, api.Message{Role: api.MessageRoleSystem, Content: "Be very brief."},
		api.Message{Role: api.MessageRoleUser, Content: "Hi"}, api.Message{Role: api.MessageRoleAssistant, Content: "Hello."}, question)

	b := newBrowser(t, env)
	b.signIn(project.Key)
	status, page := b.get("/console/prompts/" + prompt.Id.String() + "/versions/" + versionID(t, project, prompt.Id, 2))
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, page, "Be <ins>very </ins>brief.")
	require.Equal(t, 2, strings.Count(page, `<span class="badge">added</span>`), "the two inserted messages")
	require.Contains(t, page, `aria-label="message #2 → #4 user"`, "the question, moved down, unchanged")
	require.NotContains(t, page, `data-field="userTemplate"`)
	require.NotContains(t, page, `data-field="systemPrompt"`)
	require.Regexp(t, `(?s)id="diff-fields".*<code>temperature</code>.*<pre>0.7</pre>.*<pre>0.3</pre>`, page)
}
