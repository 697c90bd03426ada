package gateway

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
)

// People call through personal tokens. A token authenticates its user (person); once the
// request is known to be valid, act gives the user the shape of an API key of the project
// the request names (auth.Key, with the role's scopes and the environment asked for), so
// that every handler serves a person as it serves a key. Nothing about people is cached:
// a revoked token, a disabled account or a removed membership fails on the very next
// request, on every instance, at the cost of one or two indexed reads per request.

// ProjectHeader names the project of a person's request on operations whose path does not.
const ProjectHeader = "PromptOps-Project"

// person finds the user a personal token names, as a Key of no project yet, or the 401
// that says why there is none; err is set only when the lookup itself failed.
func (g *Gateway) person(ctx context.Context, token string, now time.Time) (*auth.Key, *Error, error) {
	if !auth.WellFormedToken(token) {
		return nil, unauthorized("The personal token is malformed: expected Authorization: Bearer po_pat_ followed by at least 32 letters and digits."), nil
	}
	return g.personByHash(ctx, auth.Hash(token), now)
}

// ReauthenticatePerson checks again a personal token authenticated before, by the hash it
// is stored under: its user as a Key of no project yet, or the 401 that says why the
// token no longer works (revoked, expired, deleted, its user disabled).
func (g *Gateway) ReauthenticatePerson(ctx context.Context, hash [sha256.Size]byte) (*auth.Key, *Error, error) {
	return g.personByHash(ctx, hash, g.now(ctx))
}

// personByHash is person for the token stored under hash.
func (g *Gateway) personByHash(ctx context.Context, hash [sha256.Size]byte, now time.Time) (*auth.Key, *Error, error) {
	row, err := g.q.PersonalTokenAuth(ctx, g.db, hash[:])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, unauthorized("The personal token is not known."), nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("find personal token: %w", err)
	}
	t, u := &row.PersonalToken, &row.User
	switch (&auth.Key{ExpiresAt: t.ExpiresAt, RevokedAt: t.RevokedAt}).UsabilityAt(now) {
	case auth.Revoked:
		return nil, unauthorized("The personal token has been revoked."), nil
	case auth.Expired:
		return nil, unauthorized("The personal token has expired."), nil
	}
	if u.Disabled {
		return nil, unauthorized("The account of this personal token is disabled."), nil
	}
	// The token's own expiry is not the key's: a key a person makes belongs to the project
	// and need not lapse with the token it was made with.
	return &auth.Key{ID: t.ID, Hash: hash, Prefix: t.TokenPrefix, Person: &auth.Person{
		UserID: u.ID, Email: u.Email, Name: u.Name, InstanceOwner: u.InstanceOwner, TokenExpiresAt: t.ExpiresAt,
	}}, nil, nil
}

// SocketKey authenticates a socket's auth message: an API key as Authenticate does
// (project is ignored: a key's project is its own), or a personal token following the
// project it names (id or slug) with the person's role there. A person's key expires with
// the token, so that the socket closes then. Bad tokens count as failed authentications, as
// for requests.
func (g *Gateway) SocketKey(ctx context.Context, token, project string) (*auth.Key, *Error, error) {
	key, refused, err := g.lookup(ctx, token, nil)
	if key == nil || key.Person == nil {
		return key, refused, err
	}
	if project == "" {
		return nil, &Error{Status: http.StatusBadRequest, Code: api.ErrorCodeVALIDATIONERROR,
			Message: `A personal token needs "project": the id or slug of the project to follow.`}, nil
	}
	projectID, refused, err := g.projectNamed(ctx, project)
	if refused != nil || err != nil {
		return nil, refused, err
	}
	member, refused, err := g.Member(ctx, key, projectID)
	if refused != nil || err != nil {
		return nil, refused, err
	}
	member.ExpiresAt = member.Person.TokenExpiresAt
	return member, nil, nil
}

// act applies what depends on the caller once the request is valid: a person gets the
// project the request names, the role's scopes (refused when short of the operation's)
// and the environment; an API key is held to its own project and environment, and kept
// from operations only people may call.
func (g *Gateway) act(rt *route, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := info(r.Context())
		query := parsedQuery(r)
		var apiErr *Error
		var err error
		switch {
		case ri.key == nil: // anonymous, where the operation allows it
		case ri.key.Person == nil:
			apiErr = keyActs(r, query, &rt.policy, ri.key)
		default:
			ri.key, apiErr, err = g.personActs(r, query, &rt.policy, ri.key)
		}
		if err == nil && apiErr == nil && ri.key != nil {
			apiErr, err = g.checkEnvironments(r, query, &rt.policy, ri.key.ProjectID)
		}
		if err != nil {
			g.HandlerError(w, r, err)
			return
		}
		if apiErr != nil {
			WriteError(w, r, apiErr)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// keyActs says why an API key may not make request r, or nil when it may. query is r's
// query parsed, or nil to parse it here if it is read.
func keyActs(r *http.Request, query url.Values, p *policy, key *auth.Key) *Error {
	if refused := callerRefused(p, key); refused != nil {
		return refused
	}
	if p.projectInPath {
		if id, err := uuid.Parse(r.PathValue(projectParam)); err != nil || id != key.ProjectID {
			return projectNotFound
		}
	}
	if !p.envOwn || r.URL.RawQuery == "" {
		return nil // nothing to parse: the query is the only place the environment is named
	}
	if query == nil {
		query = r.URL.Query()
	}
	if env := query.Get(p.envParam); env != "" && env != key.Environment {
		return fieldError(p.envParam, "is "+key.Environment+" for this API key, whose environment is its own: leave it out or send "+key.Environment)
	}
	return nil
}

// personActs gives a person the project r names, their role in it and the environment r
// asks for (in query, r's query parsed), or says why they cannot make r.
func (g *Gateway) personActs(r *http.Request, query url.Values, p *policy, person *auth.Key) (*auth.Key, *Error, error) {
	if p.noProject {
		return person, nil, nil
	}
	projectID, apiErr, err := g.projectOf(r, p)
	if apiErr != nil || err != nil {
		return nil, apiErr, err
	}
	k, apiErr, err := g.Member(r.Context(), person, projectID)
	if apiErr != nil || err != nil {
		return nil, apiErr, err
	}
	env := ""
	if p.envParam != "" {
		if env = query.Get(p.envParam); env == "" {
			return nil, fieldError(p.envParam, "is required with a personal token: the environment to act in"), nil
		}
	}
	k.Environment = env
	if refused := callerRefused(p, k); refused != nil {
		return nil, refused, nil
	}
	if p.scope != "" && !k.Has(p.scope) {
		return nil, RoleForbidden(auth.ScopeRole(p.scope), k.Person.Role), nil
	}
	return k, nil, nil
}

// callerRefused says why key may not call the operation of p whatever it sends, beyond
// its scope: an API key an operation only people may call (x-caller), a person one above
// their role (x-role, which, when set, is above the scope's role: the refusal names the
// least role that may); nil when it may.
func callerRefused(p *policy, key *auth.Key) *Error {
	if key.Person == nil {
		if p.personOnly {
			return &Error{Status: http.StatusForbidden, Code: api.ErrorCodeFORBIDDEN,
				Message: "This operation is for people; send a personal token (po_pat_…), not an API key."}
		}
		return nil
	}
	if p.role != "" && !auth.RoleAtLeast(key.Person.Role, p.role) {
		return RoleForbidden(p.role, key.Person.Role)
	}
	return nil
}

// Member gives a person (a Key of no project, as person makes it) the shape of a key of
// projectID: their role in it and its scopes, no environment; or the 404 of a project
// they are no member of.
func (g *Gateway) Member(ctx context.Context, person *auth.Key, projectID uuid.UUID) (*auth.Key, *Error, error) {
	role, err := g.q.MemberRole(ctx, g.db, dbsqlc.MemberRoleParams{ProjectID: projectID, UserID: person.Person.UserID})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, projectNotFound, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("role in project %s: %w", projectID, err)
	}
	k, member := *person, *person.Person
	member.Role = role
	k.ProjectID, k.Scopes, k.Person = projectID, auth.RoleScopes(role), &member
	return &k, nil, nil
}

// projectOf is the project r names: in its path, or else in its ProjectHeader, by its id
// or its slug; err is set only when looking the slug up failed.
func (g *Gateway) projectOf(r *http.Request, p *policy) (uuid.UUID, *Error, error) {
	if p.projectInPath {
		id, err := uuid.Parse(r.PathValue(projectParam))
		if err != nil { // validation has checked the format
			return uuid.Nil, projectNotFound, nil
		}
		return id, nil, nil
	}
	header := r.Header.Get(ProjectHeader)
	if header == "" {
		return uuid.Nil, fieldError(ProjectHeader, "is required with a personal token: the id or slug of the project to act in"), nil
	}
	return g.projectNamed(r.Context(), header)
}

// projectNamed is the project of id or slug name; err is set only when looking the slug up
// failed.
func (g *Gateway) projectNamed(ctx context.Context, name string) (uuid.UUID, *Error, error) {
	if UUIDShaped(name) {
		id, err := uuid.Parse(name)
		return id, nil, err
	}
	id, err := g.q.ProjectIDBySlug(ctx, g.db, name)
	if errors.Is(err, pgx.ErrNoRows) {
		return uuid.Nil, projectNotFound, nil
	}
	if err != nil {
		return uuid.Nil, nil, fmt.Errorf("find project %s: %w", name, err)
	}
	return id, nil, nil
}

// projectNotFound is the answer for a project the caller does not belong to: the same as
// for one that does not exist, so that no one learns which projects do.
var projectNotFound = &Error{Status: http.StatusNotFound, Code: api.ErrorCodeRESOURCENOTFOUND,
	Message: "No project with this id or slug, or you are not one of its members."}

// RoleForbidden is the 403 of a person whose role is short of the least role an operation
// needs.
func RoleForbidden(least, role string) *Error {
	need := api.Role(least)
	return &Error{Status: http.StatusForbidden, Code: api.ErrorCodeFORBIDDEN,
		Message: "This needs the " + least + " role or a higher one; you are " + role + " in this project.",
		Details: &api.ErrorDetails{RequiredRole: &need}}
}

// fieldError is a 400 naming one parameter or header.
func fieldError(field, problem string) *Error {
	return problemsError([]api.FieldProblem{{Field: field, Problem: problem}})
}
