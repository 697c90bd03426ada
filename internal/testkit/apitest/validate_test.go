package apitest

import (
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
