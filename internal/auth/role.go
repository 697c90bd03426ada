package auth

import (
	"slices"
	"time"

	"github.com/google/uuid"
)

// The roles of a project's members, from the most to the least rights; each has every right
// of the roles after it.
const (
	// RoleOwner also deletes the project and transfers its ownership.
	RoleOwner = "owner"
	// RoleAdmin also manages keys, webhooks and members (admin).
	RoleAdmin = "admin"
	// RolePublisher also changes deployments in every environment, production too.
	RolePublisher = "publisher"
	// RoleEditor creates prompts and versions (prompts:write) and changes the deployments
	// of dev and staging.
	RoleEditor = "editor"
	// RoleViewer reads (prompts:read).
	RoleViewer = "viewer"
)

// Roles lists every role, the most rights first.
var Roles = []string{RoleOwner, RoleAdmin, RolePublisher, RoleEditor, RoleViewer}

// The environments every project has (the schema makes them with the project, and they
// cannot be removed); a project may add others.
const (
	EnvDev        = "dev"
	EnvStaging    = "staging"
	EnvProduction = "production"
)

// ReferenceEnvironments are the environments every project has, in the order lists show
// them (before those a project adds).
var ReferenceEnvironments = []string{EnvDev, EnvStaging, EnvProduction}

// editorEnvironments are the environments an editor may change the deployments of; every
// other (production, and every environment a project adds) needs a publisher.
var editorEnvironments = []string{EnvDev, EnvStaging}

// Person is who calls through a personal token: a user, with their role in the project
// the request names ("" on operations that concern no project).
type Person struct {
	UserID        uuid.UUID
	Email, Name   string
	InstanceOwner bool
	Role          string
	// TokenExpiresAt is when the personal token they authenticated with expires (nil:
	// never); a socket they open closes then.
	TokenExpiresAt *time.Time
}

// RoleAtLeast reports whether role has every right of least.
func RoleAtLeast(role, least string) bool {
	i, j := slices.Index(Roles, role), slices.Index(Roles, least)
	return i >= 0 && j >= 0 && i <= j
}

// RoleScopes are the scopes a role acts with, as a key's scopes: what the spec's x-scope
// of each operation is checked against.
func RoleScopes(role string) []string {
	switch {
	case RoleAtLeast(role, RoleAdmin):
		return AllScopes
	case RoleAtLeast(role, RoleEditor):
		return []string{ScopePromptsRead, ScopePromptsWrite}
	case role == RoleViewer:
		return []string{ScopePromptsRead}
	}
	return nil
}

// ScopeRole is the least role that carries scope: what a refusal for the scope names.
func ScopeRole(scope string) string {
	switch scope {
	case ScopeAdmin:
		return RoleAdmin
	case ScopePromptsWrite:
		return RoleEditor
	}
	return RoleViewer
}

// DeployRole is the least role that may change the deployments of env.
func DeployRole(env string) string {
	if slices.Contains(editorEnvironments, env) {
		return RoleEditor
	}
	return RolePublisher
}
