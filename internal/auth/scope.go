package auth

import (
	"crypto/sha256"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/promptops/promptops/gen/dbsqlc"
)

// The scopes a key can carry. A key without explicit scopes gets all of them.
const (
	ScopePromptsRead  = "prompts:read"
	ScopePromptsWrite = "prompts:write"
	ScopeAdmin        = "admin"
)

// AllScopes lists every scope, in the order the API shows them.
var AllScopes = []string{ScopePromptsRead, ScopePromptsWrite, ScopeAdmin}

// Key is the authenticated caller of a request: it fixes the project and environment. It
// is an API key, or a person acting through a personal token, whom the gateway gives the
// shape of a key so that handlers need not tell them apart: the token's id and prefix,
// the project and environment the request names, the scopes of the person's role
// (RoleScopes), and the Person (nil for an API key).
type Key struct {
	// ID is the API key's id, or the personal token's.
	ID        uuid.UUID
	ProjectID uuid.UUID
	// Hash is what the key is stored and looked up under (Hash of the full key).
	Hash   [sha256.Size]byte
	Prefix string
	// Label is the API key's label (nil for none, and for a person).
	Label       *string
	Environment string
	Scopes      []string
	ExpiresAt   *time.Time
	RevokedAt   *time.Time
	// Person is who calls through a personal token; nil for an API key.
	Person *Person
}

// APIKeyID is the key's id when the caller is an API key, and nil for a person: what is
// stored where a row names the API key that made it.
func (k *Key) APIKeyID() *uuid.UUID {
	if k.Person != nil {
		return nil
	}
	return &k.ID
}

// KeyFromRow is the authenticated view of a stored key.
func KeyFromRow(k *dbsqlc.ApiKey) *Key {
	key := &Key{
		ID: k.ID, ProjectID: k.ProjectID, Prefix: k.KeyPrefix, Label: k.Label, Environment: k.Environment,
		Scopes: k.Scopes, ExpiresAt: k.ExpiresAt, RevokedAt: k.RevokedAt,
	}
	copy(key.Hash[:], k.KeyHash)
	return key
}

// Has reports whether the key carries scope.
func (k *Key) Has(scope string) bool {
	return slices.Contains(k.Scopes, scope)
}

// MayDeploy reports whether the key may change the deployments of env: a key's
// environment bounds its writes, so that a staging key cannot reach production, unless it
// has admin. A person's role bounds theirs instead (DeployRole).
func (k *Key) MayDeploy(env string) bool {
	if k.Person != nil {
		return RoleAtLeast(k.Person.Role, DeployRole(env))
	}
	return k.Environment == env || k.Has(ScopeAdmin)
}

// Covers reports whether every one of scopes is carried by the key, and if not, the first
// one that is missing.
func (k *Key) Covers(scopes []string) (missing string, ok bool) {
	for _, s := range scopes {
		if !k.Has(s) {
			return s, false
		}
	}
	return "", true
}

// Usability is whether a stored key can be used at a time, and if not, why.
type Usability int

const (
	// Usable keys authenticate.
	Usable Usability = iota
	// Revoked keys were revoked: they never authenticate again.
	Revoked
	// Expired keys have reached their expiresAt.
	Expired
)

// UsabilityAt says whether k can be used at time now: the one rule the gateway, the console
// and the WebSocket hub judge keys by.
func (k *Key) UsabilityAt(now time.Time) Usability {
	switch {
	case k.RevokedAt != nil:
		return Revoked
	case k.ExpiresAt != nil && !now.Before(*k.ExpiresAt):
		return Expired
	}
	return Usable
}

// Problem says why a stored key cannot be used at time now, as a 401 words it, or "" when
// it can.
func (k *Key) Problem(now time.Time) string {
	switch k.UsabilityAt(now) {
	case Revoked:
		return "The API key has been revoked."
	case Expired:
		return "The API key has expired."
	}
	return ""
}
