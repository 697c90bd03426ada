package httpapi_test

import (
	"bytes"
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/testkit/apitest"
)

// signIn signs email in with apitest.Password and returns the personal token it answers.
func signIn(t *testing.T, env *apitest.Env, email string) string {
	t.Helper()
	resp, err := env.Anonymous.SignInWithResponse(context.Background(), api.SignInRequest{Email: email, Password: apitest.Password})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	return resp.JSON200.Data.Token
}

// syncBuffer is a bytes.Buffer that a server's logger and a test can share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
