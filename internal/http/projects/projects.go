// Package projects creates a project with its first key (and, for a person, its owner):
// the one rule that sign-up over the API and the operator's command line share. It also
// holds the API's view of a project, of a key and of a member, which the events of a new
// project carry.
package projects

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/oapi-codegen/nullable"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/change/events"
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
	return CreateBy(ctx, db, recorder, origin, nil, name, description)
}

// CreateBy is Create for a caller: a person (by.Person) becomes the project's owner, and
// the events name them; by is nil when no one signed in asked.
func CreateBy(ctx context.Context, db *pgxpool.Pool, recorder *events.Recorder, origin events.Origin, by *auth.Key, name string, description *string) (*Created, error) {
	q := dbsqlc.New()
	return database.WithTxV(ctx, db, func(tx pgx.Tx) (*Created, error) {
		p, err := q.ProjectCreate(ctx, tx, dbsqlc.ProjectCreateParams{Name: name, Description: description})
		if err != nil {
			return nil, fmt.Errorf("insert project: %w", err)
		}
		key, prefix, hash := auth.NewKey()
		k, err := q.ApiKeyCreate(ctx, tx, dbsqlc.ApiKeyCreateParams{
			ProjectID: p.ID, KeyHash: hash, KeyPrefix: prefix,
			Environment: string(api.EnvironmentDev), Scopes: auth.AllScopes,
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

// APIProject is the API's view of a project.
func APIProject(p *dbsqlc.Project) api.Project {
	return api.Project{
		Id:          p.ID,
		Name:        p.Name,
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
