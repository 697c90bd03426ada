package httpapi_test

import (
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/config"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/apitest"
	"github.com/promptops/promptops/openapi"
)

// operation is one operation of the spec, as the contract tests need it.
type operation struct {
	id, method, path string
	op               *openapi3.Operation
}

func (o operation) documents(status string) bool { return o.op.Responses.Value(status) != nil }

// authenticated reports whether the operation needs a key or token: it has security
// requirements, none of them empty (an empty one makes it optional, as creating a project).
func (o operation) authenticated() bool {
	if o.op.Security == nil {
		return true
	}
	for _, requirement := range *o.op.Security {
		if len(requirement) == 0 {
			return false
		}
	}
	return len(*o.op.Security) > 0
}

// personal reports whether only people (personal tokens) may call the operation.
func (o operation) personal() bool { return o.op.Extensions["x-caller"] == "person" }

func (o operation) scope() string {
	s, _ := o.op.Extensions["x-scope"].(string)
	return s
}

// role is the least role the operation needs beyond its scope's (x-role), or "".
func (o operation) role() string {
	r, _ := o.op.Extensions["x-role"].(string)
	return r
}

// operations lists every operation of the embedded spec, in a stable order.
func operations(t *testing.T) []operation {
	t.Helper()
	spec, err := openapi.Shared()
	require.NoError(t, err)
	var ops []operation
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			ops = append(ops, operation{id: op.OperationID, method: method, path: path, op: op})
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].id < ops[j].id })
	return ops
}

// url fills the path's parameters: ids with the given value, slugs (and explorer file
// names) with slug.
func (o operation) url(id, slug string) string {
	r := strings.NewReplacer("{id}", id, "{promptId}", id, "{releaseId}", id, "{projectId}", id, "{userId}", id, "{versionId}", id, "{deliveryId}", id, "{connectionId}", id, "{invitationId}", id, "{slug}", slug, "{name}", slug, "{asset}", slug+".js")
	return r.Replace(o.path)
}

// body is a valid-looking JSON body for operations that take one (its content does not
// matter to the statuses tested here, which are decided before the body is read or after
// it is refused).
func (o operation) body() string {
	if o.op.RequestBody == nil {
		return ""
	}
	return `{}`
}

// TestContractErrors drives every operation into each generic error status it documents:
// 400, 401, 403, 404, 413, 415 and 429, each with the error envelope the spec describes
// (the validating server checks every response). Statuses that need a particular state
// (409, 304, sign-up closed) are tested beside their operation.
func TestContractErrors(t *testing.T) {
	t.Parallel()
	env := apitest.Shared(t)
	p := env.NewProject("contract")
	env.NewUser("contract@example.com")
	person := signIn(t, env, "contract@example.com")
	ops := operations(t)

	for _, o := range ops {
		t.Run(o.id, func(t *testing.T) {
			t.Parallel()
			expect := func(status int, code api.ErrorCode, req *http.Request) {
				t.Helper()
				decodeError(t, env.Do(req), status, code)
			}
			contentType := ""
			if o.body() != "" {
				contentType = "application/json"
			}
			// An operation that needs no key answers 401 for credentials in its body
			// (sign-in): its own tests have it.
			if o.documents("401") && o.authenticated() {
				expect(401, api.ErrorCodeAUTHINVALID, env.Request(o.method, o.url(uuid.NewString(), "no-such-slug"), "", contentType, o.body()))
			}
			if o.documents("403") && o.scope() != "" {
				var others []api.Scope
				for _, s := range auth.AllScopes {
					if s != o.scope() {
						others = append(others, api.Scope(s))
					}
				}
				key := env.NewKey(p, api.CreateApiKeyRequest{Environment: "dev", Scopes: &others})
				expect(403, api.ErrorCodeFORBIDDEN, env.Request(o.method, o.url(uuid.NewString(), "no-such-slug"), key, contentType, o.body()))
			}
			if o.documents("413") {
				huge := `{"x":"` + strings.Repeat("a", config.DefaultBodyLimit) + `"}`
				expect(413, api.ErrorCodePAYLOADTOOLARGE, env.Request(o.method, o.url(uuid.NewString(), "no-such-slug"), p.Key, "application/json", huge))
			}
			if o.documents("415") {
				expect(415, api.ErrorCodeUNSUPPORTEDMEDIATYPE, env.Request(o.method, o.url(uuid.NewString(), "no-such-slug"), p.Key, "text/plain", "{}"))
			}
			if o.documents("400") {
				expect(400, api.ErrorCodeVALIDATIONERROR, badRequest(env, o, p.Key, person))
			}
			if o.documents("404") {
				key := p.Key
				if o.personal() {
					key = person
				}
				expect(404, api.ErrorCodeRESOURCENOTFOUND, notFoundRequest(env, o, key, person))
			}
		})
	}
}

// badRequest breaks the first thing of the operation that validation checks: a path id, a
// slug, the body, or a page number; an operation with none of them is asked by a person
// without naming the project.
func badRequest(env *apitest.Env, o operation, key, person string) *http.Request {
	switch {
	case o.path == "/api/v1/prompts/{id}" || strings.Contains(o.path, "{promptId}"): // an id or a slug
		return env.Request(o.method, o.url("Not A Slug", ""), key, jsonType(o), o.body())
	case strings.Contains(o.path, "{slug}") || strings.Contains(o.path, "{asset}"):
		return env.Request(o.method, o.url("", "Not A Slug"), key, jsonType(o), o.body())
	case strings.Contains(o.path, "Id}") || strings.Contains(o.path, "{id}"):
		return env.Request(o.method, o.url("not-a-uuid", ""), key, jsonType(o), o.body())
	case o.op.RequestBody != nil:
		return env.Request(o.method, o.path, key, "application/json", `{"notAField": 1}`)
	case o.op.Parameters.GetByInAndName("query", "from") != nil: // the analytics ranges
		return env.Request(o.method, o.path+"?from=yesterday", key, "", "")
	case o.id == "GetSnapshot": // no page, but slugs
		return env.Request(o.method, o.path+"?slug=Not%20A%20Slug", key, "", "")
	case o.op.Parameters.GetByInAndName("query", "page") != nil:
		return env.Request(o.method, o.path+"?page=0", key, "", "")
	default:
		return env.Request(o.method, o.path, person, "", "")
	}
}

// notFoundRequest names a resource that does not exist in the key's project. An operation
// whose path names no resource is asked by a person, of a project they are no member of.
func notFoundRequest(env *apitest.Env, o operation, key, person string) *http.Request {
	if !strings.Contains(o.path, "{") {
		req := env.Request(o.method, o.path, person, jsonType(o), o.validBody())
		req.Header.Set("PromptOps-Project", uuid.NewString())
		return req
	}
	req := env.Request(o.method, o.url(uuid.NewString(), "no-such-slug"), key, jsonType(o), o.validBody())
	if o.personal() && o.op.Extensions["x-project"] != "none" { // a project the person is no member of
		req.Header.Set("PromptOps-Project", uuid.NewString())
	}
	return req
}

// validBody is a body the operation's schema accepts, so that what follows validation is
// reached ("" for an operation without one).
func (o operation) validBody() string {
	switch o.id {
	case "CreateVersion":
		return `{"systemPrompt":"s","userTemplate":"u"}`
	case "PromotePrompt":
		return `{"environment":"dev","versionId":"` + uuid.NewString() + `"}`
	case "RollbackPrompt", "UndeployPrompt":
		return `{"environment":"dev"}`
	case "CreateEnvironment":
		return `{"name":"eu-production"}`
	case "UpdateEnvironment":
		return `{"protection":{}}`
	case "ReportVersionCheck":
		return `{"name":"eval","status":"passed"}`
	case "UpdatePrompt", "UpdateCurrentProject":
		return `{"name":"n"}`
	case "UpdateWebhook":
		return `{"enabled":false}`
	case "UpdateMember":
		return `{"role":"viewer"}`
	case "AddMember", "CreateInvitation":
		return `{"email":"nobody@example.com","role":"viewer"}`
	case "AcceptInvitation":
		return `{"token":"po_inv_0123456789012345678901234567890123456789"}`
	case "CreateRelease":
		return `{"environment":"dev","changes":[{"prompt":"absent","version":1}]}`
	case "CreateApiKey":
		return `{"environment":"dev"}`
	case "CreatePrompt":
		return `{"slug":"s-` + uuid.NewString()[:8] + `","name":"n"}`
	case "CreateWebhook":
		return `{"url":"http://127.0.0.1:1/hook","events":["prompt.deleted"]}`
	case "CreateConnection":
		return `{"name":"n","provider":"openai","baseUrl":"http://127.0.0.1:1/v1","apiKey":"k"}`
	case "RunVersion":
		return `{"connection":"` + uuid.NewString() + `"}`
	case "TrackEvents":
		return `{"type":"prompt.used","slug":"absent","versionNumber":1,"latencyMs":1,"success":true}`
	}
	return o.body()
}

func jsonType(o operation) string {
	if o.op.RequestBody != nil {
		return "application/json"
	}
	return ""
}

// TestContractRateLimits sends every rate-limited operation twice with an allowance of
// one request: the second is a 429 with Retry-After, whatever the operation.
func TestContractRateLimits(t *testing.T) {
	t.Parallel()
	env := apitest.New(t, func(o *server.Options) { o.RateLimit = 1; o.SignupRateLimit = 1 })

	for _, o := range operations(t) {
		// The socket's 429 bounds open sockets, not requests: realtime_test.go has it.
		// Sign-up and sign-in are limited by sign-ups and failed sign-ins, not by requests:
		// auth_test.go has their 429s.
		if !o.documents("429") || o.id == "ConnectWebSocket" || o.id == "SignUp" || o.id == "SignIn" {
			continue
		}
		t.Run(o.id, func(t *testing.T) {
			t.Parallel()
			key := ""
			if o.authenticated() {
				// A project made directly in the database, so no API request spends its allowance.
				key = env.NewProjectDirect("limited").Key
			}
			var last *http.Response
			for range 2 {
				last = env.Do(env.Request(o.method, o.url(uuid.NewString(), "no-such-slug"), key, jsonType(o), `{"name":"n"}`))
			}
			decodeError(t, last, http.StatusTooManyRequests, api.ErrorCodeRATELIMITEXCEEDED)
			require.NotEmpty(t, last.Header.Get("Retry-After"))
		})
	}
}
