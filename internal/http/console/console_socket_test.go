package console_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/http/console"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// socket opens /console/ws on env as the signed-in page of b does, and waits for auth_ok.
func (b *browser) socket(env *apitest.Env) *websocket.Conn {
	b.t.Helper()
	u, _ := url.Parse(b.env.URL + "/console/")
	var cookies []string
	for _, c := range b.http.Jar.Cookies(u) {
		cookies = append(cookies, c.String())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(env.URL, "http")+"/console/ws", &websocket.DialOptions{
		HTTPHeader: http.Header{"Cookie": {strings.Join(cookies, "; ")}, "Origin": {env.URL}},
	})
	require.NoError(b.t, err)
	b.t.Cleanup(func() { _ = conn.CloseNow() })
	require.NoError(b.t, wsjson.Write(ctx, conn, map[string]string{"type": "auth"}))
	var msg map[string]any
	require.NoError(b.t, wsjson.Read(ctx, conn, &msg))
	require.Equal(b.t, "auth_ok", msg["type"], msg)
	return conn
}

// closedWith waits for the server to close conn, and checks its close code and reason.
func closedWith(t *testing.T, conn *websocket.Conn, code websocket.StatusCode, reason string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for {
		_, _, err := conn.Read(ctx)
		if err == nil {
			continue // an event or notice sent before the close
		}
		var closeErr websocket.CloseError
		require.True(t, errors.As(err, &closeErr), "the socket was not closed by the server: %v", err)
		require.Equal(t, code, closeErr.Code)
		require.Equal(t, reason, closeErr.Reason)
		return
	}
}

// TestConsoleSocketEndsWithSession checks that a console page's socket lasts no longer
// than its session: closed with 1008 at sign-out, on this instance and on another one
// sharing the database, and when the session expires.
func TestConsoleSocketEndsWithSession(t *testing.T) {
	t.Parallel()

	signOut := func(t *testing.T, b *browser) {
		t.Helper()
		_, page := b.get("/console/prompts")
		status, page := b.post("/console/sign-out", url.Values{"csrf": {csrf(t, page)}}, nil)
		require.Equal(t, http.StatusOK, status)
		require.Contains(t, page, `id="sign-in"`)
	}

	t.Run("SignOut", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		b := newBrowser(t, env)
		b.signIn(env.NewProject("Sockets").Key)
		conn := b.socket(env)
		signOut(t, b)
		closedWith(t, conn, websocket.StatusPolicyViolation, "console session ended")
	})

	t.Run("SignOutOnAnotherInstance", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		other := env.NewInstance()
		b := newBrowser(t, env)
		b.signIn(env.NewProject("Sockets").Key)
		conn := b.socket(other)
		signOut(t, b)
		closedWith(t, conn, websocket.StatusPolicyViolation, "console session ended")
	})

	t.Run("Expiry", func(t *testing.T) {
		t.Parallel()
		// The server's clock stands still where the test puts it: the session is signed in
		// at start and its socket opened a moment before it expires.
		start := time.Now()
		var now atomic.Pointer[time.Time]
		now.Store(&start)
		env := apitest.New(t, func(o *server.Options) { o.NowFunc = func() time.Time { return *now.Load() } })
		b := newBrowser(t, env)
		b.signIn(env.NewProject("Sockets").Key)
		almost := start.Add(console.DefaultSessionTTL - 300*time.Millisecond)
		now.Store(&almost)
		conn := b.socket(env)
		closedWith(t, conn, websocket.StatusPolicyViolation, "console session expired")
	})
}

// TestConsoleSocketEndsWithMembership checks that a person's console socket keeps no rights
// they lost: removed from the project, or given another role, on this instance or another,
// the socket is closed with 1008; and should the news be missed, the check before the next
// delivery closes it rather than deliver.
func TestConsoleSocketEndsWithMembership(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	// member signs ada in as role in a project of env, and opens a socket on instance,
	// subscribed to the prompt events.
	member := func(t *testing.T, env, instance *apitest.Env, role string) (*apitest.Project, uuid.UUID, *websocket.Conn) {
		t.Helper()
		project := env.NewProject("Members")
		u := env.NewUser("ada-" + role + "@example.com")
		env.AddMember(uuid.MustParse(project.ID), u.ID, role)
		b := newBrowser(t, env)
		_, picker := b.signInAs(u.Email)
		status, page := b.pick(picker, project.ID)
		require.Equal(t, http.StatusOK, status, page)
		conn := b.socket(instance)
		require.NoError(t, wsjson.Write(ctx, conn, map[string]string{"type": "subscribe", "channel": "prompts"}))
		var msg map[string]any
		require.NoError(t, wsjson.Read(ctx, conn, &msg))
		require.Equal(t, "subscribed", msg["type"], msg)
		return project, u.ID, conn
	}

	t.Run("RemovedOnAnotherInstance", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		project, user, conn := member(t, env, env.NewInstance(), "editor")
		resp, err := project.Client.RemoveMemberWithResponse(ctx, uuid.MustParse(project.ID), user)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		closedWith(t, conn, websocket.StatusPolicyViolation, "no longer a member of this project")
	})

	t.Run("RoleChanged", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		project, user, conn := member(t, env, env, "admin")
		resp, err := project.Client.UpdateMemberWithResponse(ctx, uuid.MustParse(project.ID), user, api.UpdateMemberRequest{Role: api.RoleViewer})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		closedWith(t, conn, websocket.StatusPolicyViolation, "role in this project changed; reconnect")
	})

	// Removed without the event any instance hears (as when the feed is down): the next
	// event of the project is not delivered, and the socket is closed.
	t.Run("RemovalMissed", func(t *testing.T) {
		t.Parallel()
		env := apitest.Shared(t)
		project, user, conn := member(t, env, env, "viewer")
		_, err := env.Pool.Exec(ctx, "DELETE FROM project_members WHERE project_id = $1 AND user_id = $2", project.ID, user)
		require.NoError(t, err)
		env.NewPrompt(project, "after-removal")
		closedWith(t, conn, websocket.StatusPolicyViolation, "no longer a member of this project")
	})
}
