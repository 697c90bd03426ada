package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
)

// TestLogin: a person signs in with promptops login, by password or with a token made
// beforehand; the token is kept in a file only they may read, and the prompts commands act
// with it in the project --project or PROMPTOPS_PROJECT names.
func TestLogin(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := servePeople(t, "--user-signup", "open")
	const password = "correct horse battery staple"
	up, err := s.anonymous.SignUpWithResponse(ctx, api.SignUpRequest{Email: "ada@example.com", Name: "Ada", Password: password})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, up.StatusCode(), string(up.Body))

	configDir := filepath.Join(t.TempDir(), "config")
	vars := map[string]string{"PROMPTOPS_CONFIG_DIR": configDir, "PROMPTOPS_URL": s.base}
	cli := func(env map[string]string, args ...string) (int, string) {
		var out bytes.Buffer
		code := run(ctx, args, func(k string) string {
			if v, ok := env[k]; ok {
				return v
			}
			return vars[k]
		}, &out, &out)
		return code, out.String()
	}

	code, out := cli(map[string]string{"PROMPTOPS_USER_PASSWORD": "not the password at all"}, "login", "--email", "ada@example.com")
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "The email or the password is wrong.")

	code, out = cli(map[string]string{"PROMPTOPS_USER_PASSWORD": password}, "login", "--email", "ada@example.com")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "signed in to "+s.base+" as ada@example.com")
	require.NotContains(t, out, password)
	path := filepath.Join(configDir, "credentials.json")
	info, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	dirInfo, err := os.Stat(configDir)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o700), dirInfo.Mode().Perm())
	var kept credentials
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &kept))
	token := kept.Servers[s.base].Token
	require.Regexp(t, `^po_pat_`, token)
	require.NotContains(t, string(data), password)

	// Ada makes a project and a prompt with her token.
	ada, err := newClient(s.base, token, "")
	require.NoError(t, err)
	project, err := ada.CreateProjectWithResponse(ctx, api.CreateProjectRequest{Name: "Ada's"})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, project.StatusCode(), string(project.Body))
	projectID := project.JSON201.Data.Project.Id.String()
	inProject, err := newClient(s.base, token, projectID)
	require.NoError(t, err)
	prompt, err := inProject.CreatePromptWithResponse(ctx, nil, api.CreatePromptRequest{Slug: "welcome", Name: "Welcome"})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, prompt.StatusCode(), string(prompt.Body))
	text := "Hello {{name}}"
	version, err := inProject.CreateVersionWithResponse(ctx, "welcome", nil, api.CreateVersionRequest{SystemPrompt: &text, UserTemplate: &text})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, version.StatusCode(), string(version.Body))

	dir := t.TempDir()
	code, out = cli(nil, "prompts", "pull", dir)
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "no project")

	code, out = cli(map[string]string{"PROMPTOPS_PROJECT": projectID}, "prompts", "pull", dir)
	require.Equal(t, 0, code, out)
	require.FileExists(t, filepath.Join(dir, "welcome.prompt.yaml"))
	code, out = cli(nil, "prompts", "promote", "welcome", "--env", "production", "--project", projectID)
	require.Equal(t, 0, code, out)

	// Another server has no token kept: the key is asked for.
	code, out = cli(nil, "prompts", "pull", dir, "--url", "http://127.0.0.1:1", "--project", projectID)
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "no API key")

	// A token made beforehand (as in the console) is kept as it is.
	made, err := ada.CreateTokenWithResponse(ctx, api.CreateTokenRequest{Name: "ci"})
	require.NoError(t, err)
	other := filepath.Join(t.TempDir(), "other")
	code, out = cli(map[string]string{"PROMPTOPS_CONFIG_DIR": other, "PROMPTOPS_TOKEN": made.JSON201.Data.Token}, "login", "--with-token")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "as ada@example.com")
	code, out = cli(map[string]string{"PROMPTOPS_CONFIG_DIR": other, "PROMPTOPS_TOKEN": "po_pat_not-a-token"}, "login", "--with-token")
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "not a personal token")
	code, out = cli(nil, "login")
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "give --email")
}
