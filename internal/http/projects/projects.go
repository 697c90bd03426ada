// Package projects creates a project with its first key (and, for a person, its owner):
// the one rule that sign-up over the API and the operator's command line share. It also
// holds the API's view of a project, of a key and of a member, which the events of a new
// project carry.
package projects

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/oapi-codegen/nullable"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/store/database"
)

// Created is a project as created, with the one time its first key is known in full.
type Created struct {
	Project *dbsqlc.Project
	Key     string
}

// Create inserts a project and its first key (dev, every scope) in one transaction, with
// their events, which record origin (the zero Origin when no request asked for it).
func Create(ctx context.Context, db *pgxpool.Pool, recorder *events.Recorder, origin events.Origin, name string, description *string) (*Created, error) {
	return CreateBy(ctx, db, recorder, origin, nil, nil, name, description, nil)
}

// JoinFunc checks in tx, before user becomes a member of a project, that they may join
// one more; its error ends the transaction.
type JoinFunc func(ctx context.Context, tx pgx.Tx, user uuid.UUID) error

// CreateBy is Create for a caller: a person (by.Person) becomes the project's owner, if
// join allows it, and the events name them; by is nil when no one signed in asked. slug
// is the project's, or nil for one made from the name; ErrSlugTaken when the one given is
// taken.
func CreateBy(ctx context.Context, db *pgxpool.Pool, recorder *events.Recorder, origin events.Origin, by *auth.Key, join JoinFunc, name string, description, slug *string) (*Created, error) {
	q := dbsqlc.New()
	return database.WithTxV(ctx, db, func(tx pgx.Tx) (*Created, error) {
		if by != nil && by.Person != nil {
			if err := join(ctx, tx, by.Person.UserID); err != nil {
				return nil, err
			}
		}
		p, err := insert(ctx, tx, dbsqlc.ProjectCreateParams{Name: name, Description: description}, slug)
		if err != nil {
			return nil, err
		}
		key, prefix, hash := auth.NewKey()
		k, err := q.ApiKeyCreate(ctx, tx, dbsqlc.ApiKeyCreateParams{
			ProjectID: p.ID, KeyHash: hash, KeyPrefix: prefix,
			Environment: auth.EnvDev, Scopes: auth.AllScopes,
		})
		if err != nil {
			return nil, fmt.Errorf("insert first key: %w", err)
		}
		created := []events.Event{
			{ProjectID: p.ID, Type: events.ProjectCreated, Key: by, Data: APIProject(p), Origin: origin},
			{ProjectID: p.ID, Type: events.APIKeyCreated, Key: by, Data: APIKey(k), Origin: origin},
		}
		if by != nil && by.Person != nil {
			m, err := q.MemberAdd(ctx, tx, dbsqlc.MemberAddParams{ProjectID: p.ID, UserID: by.Person.UserID, Role: auth.RoleOwner})
			if err != nil {
				return nil, fmt.Errorf("insert owner: %w", err)
			}
			created = append(created, events.Event{ProjectID: p.ID, Type: events.MemberAdded, Key: by,
				Data: APIMember(m, by.Person.Email, by.Person.Name), Origin: origin})
		}
		for _, e := range created {
			if _, err := recorder.Record(ctx, tx, e); err != nil {
				return nil, err
			}
		}
		return &Created{Project: p, Key: key}, nil
	})
}

// ErrSlugTaken is the error of a project whose explicit slug another project has.
var ErrSlugTaken = errors.New("project slug taken")

// SlugConstraint is the unique index that keeps project slugs apart.
const SlugConstraint = "projects_slug_key"

// insert inserts the project params describes with slug, or with the first of SlugOf its
// name, then -2, -3… that no project has. Each try runs in a savepoint, so that the unique
// index decides even against a concurrent creation.
func insert(ctx context.Context, tx pgx.Tx, params dbsqlc.ProjectCreateParams, slug *string) (*dbsqlc.Project, error) {
	base := SlugOf(params.Name)
	for n := 1; ; n++ {
		params.Slug = suffixed(base, n)
		if slug != nil {
			params.Slug = *slug
		}
		p, err := insertTry(ctx, tx, params)
		switch {
		case err == nil:
			return p, nil
		case !database.UniqueViolation(err, SlugConstraint):
			return nil, fmt.Errorf("insert project: %w", err)
		case slug != nil:
			return nil, fmt.Errorf("insert project %s: %w", *slug, ErrSlugTaken)
		}
	}
}

// insertTry inserts a project within a savepoint of tx, rolled back when it fails.
func insertTry(ctx context.Context, tx pgx.Tx, params dbsqlc.ProjectCreateParams) (*dbsqlc.Project, error) {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("savepoint: %w", err)
	}
	p, err := dbsqlc.New().ProjectCreate(ctx, sp, params)
	if err != nil {
		_ = sp.Rollback(ctx) // the error that matters is the insert's
		return nil, err
	}
	return p, sp.Commit(ctx)
}

// suffixed is the n-th slug to try for base: base itself, then base-2, base-3…
func suffixed(base string, n int) string {
	if n == 1 {
		return base
	}
	return base + "-" + strconv.Itoa(n)
}

// slugMax leaves room for a suffix within the 100 characters of a slug.
const slugMax = 90

// SlugOf is the slug a project's name gives (migration 00016 gave existing projects the
// same): lower case, each run of characters other than a-z and 0-9 a '-', at most slugMax
// characters, "project" when nothing is left, and "-project" after one shaped like a UUID.
func SlugOf(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	s := b.String()
	s = strings.Trim(s[:min(len(s), slugMax)], "-")
	switch {
	case s == "":
		return "project"
	case gateway.UUIDShaped(s):
		return s + "-project"
	}
	return s
}

// APIProject is the API's view of a project.
func APIProject(p *dbsqlc.Project) api.Project {
	return api.Project{
		Id:          p.ID,
		Name:        p.Name,
		Slug:        p.Slug,
		Description: nullableOf(p.Description),
		CreatedAt:   p.CreatedAt,
		UpdatedAt:   p.UpdatedAt,
	}
}

// APIKey is the API's view of a key: never its hash, never the key itself.
func APIKey(k *dbsqlc.ApiKey) api.ApiKey {
	scopes := make([]api.Scope, len(k.Scopes))
	for i, s := range k.Scopes {
		scopes[i] = api.Scope(s)
	}
	return api.ApiKey{
		Id:          k.ID,
		KeyPrefix:   k.KeyPrefix,
		Environment: api.Environment(k.Environment),
		Label:       nullableOf(k.Label),
		Scopes:      scopes,
		ExpiresAt:   nullableOf(k.ExpiresAt),
		RevokedAt:   nullableOf(k.RevokedAt),
		CreatedAt:   k.CreatedAt,
	}
}

// APIMember is the API's view of a member, a user of email and name.
func APIMember(m *dbsqlc.ProjectMember, email, name string) api.Member {
	return api.Member{UserId: m.UserID, Email: email, Name: name, Role: api.Role(m.Role), CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}
}

func nullableOf[T any](p *T) nullable.Nullable[T] {
	if p == nil {
		return nullable.NewNullNullable[T]()
	}
	return nullable.NewNullableWithValue(*p)
}
