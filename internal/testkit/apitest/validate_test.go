package apitest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestValidateResponse shows that the validator can fail: a body or status the spec does
// not describe is an error, and so is a response without the headers every one carries.
func TestValidateResponse(t *testing.T) {
	t.Parallel()
	req := httptest.NewRequest(http.MethodGet, "/health", nil)
	header := http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"r1"}, "X-Content-Type-Options": {"nosniff"}}

	require.NoError(t, validateResponse(req, 200, header, []byte(`{"status":"ok","timestamp":"2024-01-15T10:30:00Z"}`)))
	require.Error(t, validateResponse(req, 200, header, []byte(`{"status":"fine","timestamp":"2024-01-15T10:30:00Z"}`)))
	require.Error(t, validateResponse(req, 200, header, []byte(`{"status":"ok"}`)))
	require.Error(t, validateResponse(req, 418, header, []byte(`{"status":"ok","timestamp":"2024-01-15T10:30:00Z"}`)), "undocumented status")
	require.Error(t, validateResponse(req, 200, http.Header{"Content-Type": {"application/json"}, "X-Content-Type-Options": {"nosniff"}},
		[]byte(`{"status":"ok","timestamp":"2024-01-15T10:30:00Z"}`)), "no request id")
	require.Error(t, validateResponse(req, 200, http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"r1"}},
		[]byte(`{"status":"ok","timestamp":"2024-01-15T10:30:00Z"}`)), "no nosniff")

	me := httptest.NewRequest(http.MethodGet, "/api/v1/projects/me", nil)
	unauthorized := []byte(`{"error":{"code":"AUTH_INVALID","message":"m","requestId":"r1"}}`)
	withAuth := http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"r1"}, "X-Content-Type-Options": {"nosniff"},
		"Www-Authenticate": {`Bearer realm="promptops"`}}
	require.Error(t, validateResponse(me, 401, withAuth, unauthorized), "an authenticated operation's answer without no-store")
	withAuth.Set("Cache-Control", "no-store")
	require.NoError(t, validateResponse(me, 401, withAuth, unauthorized))

	unknown := httptest.NewRequest(http.MethodGet, "/nowhere", nil)
	require.NoError(t, validateResponse(unknown, 404, header, []byte(`{"error":{"code":"RESOURCE_NOT_FOUND","message":"m","requestId":"r1"}}`)))
	require.Error(t, validateResponse(unknown, 404, header, []byte(`404 page not found`)))
}

// TestValidatingReportsToTheSender: a response that breaks the spec fails the test whose
// request it answers (the test header), and a request no running test sent fails the
// instance's owner, so that no test sharing an instance is blamed for another's.
func TestValidatingReportsToTheSender(t *testing.T) {
	t.Parallel()
	owner, sender := &recorder{TB: t}, &recorder{TB: t}
	teapot := validating(owner, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Request-Id", "r1")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(http.StatusTeapot)
	}))
	tests.Store("sender", sender)
	t.Cleanup(func() { tests.Delete("sender") })

	req := httptest.NewRequest(http.MethodGet, "/health", nil)
	req.Header.Set(testHeader, "sender")
	teapot.ServeHTTP(httptest.NewRecorder(), req)
	require.Len(t, sender.failures, 1)
	require.Contains(t, sender.failures[0], "response GET /health → 418 breaks the spec")
	require.Empty(t, owner.failures)

	teapot.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/health", nil))
	require.Len(t, owner.failures, 1, "a request without a running test's id")
	require.Len(t, sender.failures, 1)
}

// recorder is an owner that records its failures instead of failing.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}
