package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/promptops/promptops/openapi"
)

// contract is the spec every response is checked against, loaded once per test binary.
var contract = sync.OnceValues(func() (*contractSpec, error) {
	// The explorer's pages, scripts and style sheets are text to kin-openapi.
	for _, contentType := range []string{"text/html", "text/css", "application/javascript"} {
		openapi3filter.RegisterBodyDecoder(contentType, openapi3filter.PlainBodyDecoder)
	}
	spec, err := openapi.Shared()
	if err != nil {
		return nil, err
	}
	router, err := gorillamux.NewRouter(spec)
	if err != nil {
		return nil, err
	}
	return &contractSpec{spec: spec, router: router}, nil
})

type contractSpec struct {
	spec   *openapi3.T
	router routers.Router
}

// validating wraps the server under test so that every response it sends, to any client
// (the Go SDK, raw requests, the TypeScript SDK, a browser), is checked against the OpenAPI
// document: the status must be documented for the operation, and the body and headers must
// match, including the headers the spec's description promises every response (X-Request-Id,
// X-Content-Type-Options) and every authenticated one (Cache-Control: no-store). A
// mismatch fails the test that sent the request (testHeader), or else o.
func validating(o owner, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			// A socket's messages are not HTTP responses: the realtime tests check them. An
			// upgrade refused with an HTTP response is one.
			refused := &refusedUpgrade{ResponseWriter: w}
			next.ServeHTTP(refused, r)
			if refused.status != http.StatusSwitchingProtocols {
				if err := validateResponse(r, refused.status, w.Header(), refused.body.Bytes()); err != nil {
					reporterOf(r, o).Errorf("response %s %s → %d breaks the spec: %v\nbody: %.500s", r.Method, r.URL.Path, refused.status, err, refused.body.Bytes())
				}
			}
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		if r.Context().Err() != nil {
			return // the client went away: no one reads an answer, and the server writes none
		}
		res := rec.Result()
		body := rec.Body.Bytes()
		if err := validateResponse(r, res.StatusCode, res.Header, body); err != nil {
			reporterOf(r, o).Errorf("response %s %s → %d breaks the spec: %v\nbody: %.500s", r.Method, r.URL.Path, res.StatusCode, err, body)
		}
		for k, v := range res.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(res.StatusCode)
		_, _ = w.Write(body)
	})
}

// refusedUpgrade passes a WebSocket upgrade through, keeping the status and body of a
// response that refuses it. The connection is hijacked through Unwrap.
type refusedUpgrade struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (u *refusedUpgrade) WriteHeader(code int) {
	if u.status == 0 {
		u.status = code
	}
	u.ResponseWriter.WriteHeader(code)
}

func (u *refusedUpgrade) Write(b []byte) (int, error) {
	if u.status == 0 {
		u.status = http.StatusOK
	}
	u.body.Write(b)
	return u.ResponseWriter.Write(b)
}

func (u *refusedUpgrade) Unwrap() http.ResponseWriter { return u.ResponseWriter }

func validateResponse(req *http.Request, status int, header http.Header, body []byte) error {
	c, err := contract()
	if err != nil {
		return err
	}
	if header.Get("X-Request-Id") == "" {
		return errString("no X-Request-Id header")
	}
	if header.Get("X-Content-Type-Options") != "nosniff" {
		return errString("no X-Content-Type-Options: nosniff header")
	}
	if req.URL.Path == "/console" || strings.HasPrefix(req.URL.Path, "/console/") {
		// The web console (internal/http/console) is HTML for people, outside the JSON
		// contract: its own tests check its pages.
		return nil
	}
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		// Unknown routes and wrong methods are answered with the Error envelope.
		return validateSchema(c.spec, "Error", body)
	}
	security := c.spec.Security
	if route.Operation.Security != nil {
		security = *route.Operation.Security
	}
	if len(security) > 0 && header.Get("Cache-Control") != "no-store" {
		return errString("an authenticated response without Cache-Control: no-store")
	}
	Coverage.record(route.Operation.OperationID, status)
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status:  status,
		Header:  header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	return openapi3filter.ValidateResponse(context.Background(), input)
}

// validateSchema checks body against a named component schema.
func validateSchema(spec *openapi3.T, name string, body []byte) error {
	ref, ok := spec.Components.Schemas[name]
	if !ok {
		return errString("no schema " + name)
	}
	var value any
	if err := json.Unmarshal(body, &value); err != nil {
		return err
	}
	return ref.Value.VisitJSON(value)
}

type errString string

func (e errString) Error() string { return string(e) }

// Coverage records which documented statuses of which operations the tests received.
var Coverage = &coverage{seen: map[string]map[int]bool{}}

type coverage struct {
	mu   sync.Mutex
	seen map[string]map[int]bool
}

func (c *coverage) record(operationID string, status int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen[operationID] == nil {
		c.seen[operationID] = map[int]bool{}
	}
	c.seen[operationID][status] = true
}

// Seen reports whether a response with status was received for operationID.
func (c *coverage) Seen(operationID string, status int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.seen[operationID][status]
}

// Missing lists every operation of the spec, and every documented 2xx/4xx status of one,
// that no test received, and returns the totals for the coverage line.
func (c *coverage) Missing() (missing []string, ops, opsSeen, statuses, statusesSeen int, err error) {
	spec, err := contract()
	if err != nil {
		return nil, 0, 0, 0, 0, err
	}
	for path, item := range spec.spec.Paths.Map() {
		for method, op := range item.Operations() {
			ops++
			if len(c.seen[op.OperationID]) > 0 {
				opsSeen++
			} else {
				missing = append(missing, op.OperationID+" ("+method+" "+path+"): never called")
			}
			for code := range op.Responses.Map() {
				if !strings.HasPrefix(code, "2") && !strings.HasPrefix(code, "4") {
					continue
				}
				statuses++
				status := atoi(code)
				if c.Seen(op.OperationID, status) {
					statusesSeen++
				} else {
					missing = append(missing, op.OperationID+": documented "+code+" never received")
				}
			}
		}
	}
	sort.Strings(missing)
	return missing, ops, opsSeen, statuses, statusesSeen, nil
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// Validating wraps another server that answers the spec's operations (the edge replica)
// as New wraps the API: every response is checked against the spec, a mismatch fails t.
func Validating(t testing.TB, next http.Handler) http.Handler { return validating(t, next) }
