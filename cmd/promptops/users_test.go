package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
)

// peopleServer is the real binary serving on a private PostgreSQL, for the commands that
// concern people.
type peopleServer struct {
	base, dataDir string
	anonymous     *api.ClientWithResponses
}

func servePeople(t *testing.T, args ...string) *peopleServer {
	t.Helper()
	// Not t.TempDir: its 0700 parent would keep the postgres user out when tests run as root.
	dataDir, err := os.MkdirTemp("", "promptops-cmd-test-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dataDir) })
	addr := freeAddr(t)
	p := start(t, dataDir, append([]string{"serve", "--addr", addr}, args...)...)
	t.Cleanup(func() { stop(t, p) })
	waitHealthy(t, p, "http://"+addr)
	anonymous, err := api.NewClientWithResponses("http://" + addr)
	require.NoError(t, err)
	return &peopleServer{base: "http://" + addr, dataDir: dataDir, anonymous: anonymous}
}

// users runs promptops users (create, disable, enable) on the server's database as a
// child process, with stdin and extra environment variables; it returns the exit status
// and the output.
func (s *peopleServer) users(t *testing.T, stdin string, env []string, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	cli := exec.Command(os.Args[0], append([]string{"users"}, args...)...)
	cli.Env = append(os.Environ(), "PROMPTOPS_TEST_AS_MAIN=1", "PROMPTOPS_DATA_DIR="+s.dataDir, "DATABASE_URL=", "PROMPTOPS_USER_PASSWORD=")
	cli.Env = append(cli.Env, env...)
	cli.Stdin = strings.NewReader(stdin)
	cli.Stdout, cli.Stderr = &out, &out
	err := cli.Run()
	if exit, ok := err.(*exec.ExitError); ok {
		return exit.ExitCode(), out.String()
	}
	require.NoError(t, err, out.String())
	return 0, out.String()
}

func (s *peopleServer) signIn(t *testing.T, email, password string) *api.SignInResponse {
	t.Helper()
	resp, err := s.anonymous.SignInWithResponse(context.Background(), api.SignInRequest{Email: email, Password: password})
	require.NoError(t, err)
	return resp
}

// TestUsersCreate: the operator creates the first user, an instance owner, with the
// password piped on stdin, and others with PROMPTOPS_USER_PASSWORD; they sign in with it.
// Weak passwords and taken emails are refused, and no password is ever printed.
func TestUsersCreate(t *testing.T) {
	t.Parallel()
	s := servePeople(t, "--user-signup", "closed")
	const password = "correct horse battery staple"

	code, out := s.users(t, password+"\n", nil, "create", "--email", "ada@example.com", "--name", "Ada", "--owner")
	require.Equal(t, 0, code, out)
	require.Regexp(t, `(?m)^instance owner: [0-9a-f-]{36} ada@example.com$`, out)
	signedIn := s.signIn(t, "ada@example.com", password)
	require.Equal(t, http.StatusOK, signedIn.StatusCode(), string(signedIn.Body))
	require.True(t, signedIn.JSON200.Data.User.InstanceOwner)

	code, out = s.users(t, "", []string{"PROMPTOPS_USER_PASSWORD=" + password + " 2"}, "create", "--email", "bob@example.com", "--name", "Bob")
	require.Equal(t, 0, code, out)
	require.Regexp(t, `(?m)^user: [0-9a-f-]{36} bob@example.com$`, out)
	signedIn = s.signIn(t, "bob@example.com", password+" 2")
	require.Equal(t, http.StatusOK, signedIn.StatusCode(), string(signedIn.Body))
	require.False(t, signedIn.JSON200.Data.User.InstanceOwner)

	for name, tc := range map[string]struct {
		stdin string
		args  []string
		want  string
	}{
		"WeakPassword": {"aaaaaaaaaaaaaaaaaaaa\n", []string{"--email", "c@example.com", "--name", "C"}, "the password must have at least 5 different characters"},
		"NoPassword":   {"", []string{"--email", "c@example.com", "--name", "C"}, "no password: set PROMPTOPS_USER_PASSWORD or pipe it on stdin"},
		"EmailTaken":   {password + "\n", []string{"--email", "ADA@example.com", "--name", "Ada"}, "an account with this email exists already"},
		"BadEmail":     {password + "\n", []string{"--email", "ada at example", "--name", "Ada"}, "the email must have one @"},
		"NoName":       {password + "\n", []string{"--email", "c@example.com"}, "--email and --name are required"},
	} {
		t.Run(name, func(t *testing.T) {
			code, out := s.users(t, tc.stdin, nil, append([]string{"create"}, tc.args...)...)
			require.Equal(t, 1, code, out)
			require.Contains(t, out, tc.want)
			require.NotContains(t, out, password)
		})
	}
}

// TestUsersDisable: a disabled account's token fails at once and it cannot sign in, until
// it is enabled again.
func TestUsersDisable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := servePeople(t)
	const password = "correct horse battery staple"
	code, out := s.users(t, password+"\n", nil, "create", "--email", "ada@example.com", "--name", "Ada")
	require.Equal(t, 0, code, out)
	signedIn := s.signIn(t, "ada@example.com", password)
	require.Equal(t, http.StatusOK, signedIn.StatusCode(), string(signedIn.Body))
	ada, err := newClient(s.base, signedIn.JSON200.Data.Token, "")
	require.NoError(t, err)

	code, out = s.users(t, "", nil, "disable", "--email", "ADA@example.com")
	require.Equal(t, 0, code, out)
	require.Regexp(t, `(?m)^disabled: [0-9a-f-]{36} ada@example.com$`, out)
	session, err := ada.GetSessionWithResponse(ctx)
	require.NoError(t, err)
	require.Equal(t, http.StatusUnauthorized, session.StatusCode())
	require.Equal(t, http.StatusUnauthorized, s.signIn(t, "ada@example.com", password).StatusCode())

	code, out = s.users(t, "", nil, "enable", "--email", "ada@example.com")
	require.Equal(t, 0, code, out)
	session, err = ada.GetSessionWithResponse(ctx)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, session.StatusCode())

	code, out = s.users(t, "", nil, "disable", "--email", "nobody@example.com")
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "no account has the email nobody@example.com")
}
