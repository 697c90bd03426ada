// Package testfactory writes rows for tests straight to the database with the sqlc queries,
// as riverui's testfactory does: one call a row, options by pointer, nil a sensible
// default. It is for fixtures that are not what a test is about, so that the test spends
// its requests on the behaviour under test (which keeps its HTTP tests through apitest).
//
// It writes rows only. No event is recorded, so no cache, socket or webhook hears of them:
// make fixtures before the requests under test, and make through the API what a test
// watches being made. A version is not deployed to dev as the API's are (Deployment does
// that), carries no partial tags, and is stored as the API stored versions before their
// content had a column of its own (system prompt and user template).
package testfactory

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/prompt/contenthash"
	"github.com/promptops/promptops/internal/prompt/template"
	"github.com/promptops/promptops/internal/store/database"
)

// ProjectOpts are a project's columns (nil: "Project N", no description).
type ProjectOpts struct {
	Name        *string
	Description *string
}

// Project inserts a project.
func Project(ctx context.Context, tb testing.TB, db *pgxpool.Pool, opts *ProjectOpts) *dbsqlc.Project {
	tb.Helper()
	opts = orZero(opts)
	n := nextSeq()
	p, err := dbsqlc.New().ProjectCreate(ctx, db, dbsqlc.ProjectCreateParams{
		Name: valueOr(opts.Name, fmt.Sprintf("Project %d", n)), Slug: fmt.Sprintf("factory-project-%d", n), Description: opts.Description,
	})
	require.NoError(tb, err)
	return p
}

// APIKeyOpts are a key's columns; ProjectID is required (nil others: dev, every scope, no
// label, no expiry).
type APIKeyOpts struct {
	ProjectID   uuid.UUID
	Environment *string
	Scopes      []string
	Label       *string
	ExpiresAt   *time.Time
}

// APIKey inserts a key and returns its row and the key in full, made and hashed as the API
// makes keys (auth.NewKey).
func APIKey(ctx context.Context, tb testing.TB, db *pgxpool.Pool, opts *APIKeyOpts) (*dbsqlc.ApiKey, string) {
	tb.Helper()
	key, prefix, hash := auth.NewKey()
	k, err := dbsqlc.New().ApiKeyCreate(ctx, db, dbsqlc.ApiKeyCreateParams{
		ProjectID: opts.ProjectID, KeyHash: hash, KeyPrefix: prefix, Environment: valueOr(opts.Environment, "dev"),
		Label: opts.Label, Scopes: cmpOrSlice(opts.Scopes, auth.AllScopes), ExpiresAt: opts.ExpiresAt,
	})
	require.NoError(tb, err)
	return k, key
}

// PromptOpts are a prompt's columns; ProjectID is required (nil others: slug "prompt-N",
// name "Prompt N", no description, no tags).
type PromptOpts struct {
	ProjectID   uuid.UUID
	Slug        *string
	Name        *string
	Description *string
	Tags        []string
}

// Prompt inserts a prompt.
func Prompt(ctx context.Context, tb testing.TB, db *pgxpool.Pool, opts *PromptOpts) *dbsqlc.Prompt {
	tb.Helper()
	n := nextSeq()
	p, err := dbsqlc.New().PromptCreate(ctx, db, dbsqlc.PromptCreateParams{
		ProjectID: opts.ProjectID, Slug: valueOr(opts.Slug, fmt.Sprintf("prompt-%d", n)),
		Name: valueOr(opts.Name, fmt.Sprintf("Prompt %d", n)), Description: opts.Description, Tags: cmpOrSlice(opts.Tags, []string{}),
	})
	require.NoError(tb, err)
	return p
}

// VersionOpts are a version's columns; ProjectID and PromptID are required (nil others:
// the API's defaults of model and temperature, system prompt "You are a helpful
// assistant.", user template "Hello {{name}}").
type VersionOpts struct {
	ProjectID    uuid.UUID
	PromptID     uuid.UUID
	SystemPrompt *string
	UserTemplate *string
	Model        *string
	Temperature  *float64
}

// Version inserts the prompt's next version, numbered as the API numbers them (the
// prompt's row lock and counter, PromptNextVersion), with the variables its templates
// name.
func Version(ctx context.Context, tb testing.TB, db *pgxpool.Pool, opts *VersionOpts) *dbsqlc.PromptVersion {
	tb.Helper()
	params := dbsqlc.VersionCreateParams{
		SystemPrompt: valueOr(opts.SystemPrompt, "You are a helpful assistant."), UserTemplate: valueOr(opts.UserTemplate, "Hello {{name}}"),
		Model: valueOr(opts.Model, contenthash.DefaultModel), Temperature: valueOr(opts.Temperature, contenthash.DefaultTemperature),
		Metadata: json.RawMessage(`{}`), Partials: []string{},
	}
	params.Variables = variables(tb, params.SystemPrompt, params.UserTemplate)
	q := dbsqlc.New()
	v, err := database.WithTxV(ctx, db, func(tx pgx.Tx) (*dbsqlc.PromptVersion, error) {
		prompt, err := q.PromptNextVersion(ctx, tx, dbsqlc.PromptNextVersionParams{ProjectID: opts.ProjectID, ID: opts.PromptID})
		if err != nil {
			return nil, err
		}
		params.PromptID, params.VersionNumber = prompt.ID, prompt.VersionCount
		return q.VersionCreate(ctx, tx, params)
	})
	require.NoError(tb, err)
	return v
}

// variables are the names the templates use, each once, in order of first use.
func variables(tb testing.TB, templates ...string) []string {
	tb.Helper()
	names := []string{}
	for _, src := range templates {
		t, err := template.Parse(src)
		require.NoError(tb, err)
		for _, name := range t.Variables() {
			if !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
	}
	return names
}

// DeploymentOpts say which version goes live where; PromptID and VersionID are required
// (nil Environment: dev).
type DeploymentOpts struct {
	PromptID    uuid.UUID
	VersionID   uuid.UUID
	Environment *string
}

// Deployment makes a version live in an environment and records it in the history as a
// promotion from the version live before, if any (the API's promote also checks what the
// version includes, and records an event).
func Deployment(ctx context.Context, tb testing.TB, db *pgxpool.Pool, opts *DeploymentOpts) *dbsqlc.Deployment {
	tb.Helper()
	env := valueOr(opts.Environment, "dev")
	q := dbsqlc.New()
	d, err := database.WithTxV(ctx, db, func(tx pgx.Tx) (*dbsqlc.Deployment, error) {
		var previous *uuid.UUID
		live, err := q.DeploymentGet(ctx, tx, dbsqlc.DeploymentGetParams{PromptID: opts.PromptID, Environment: env})
		switch {
		case err == nil:
			previous = &live.VersionID
		case !errors.Is(err, pgx.ErrNoRows):
			return nil, err
		}
		if _, err := q.DeploymentHistoryAdd(ctx, tx, dbsqlc.DeploymentHistoryAddParams{
			PromptID: opts.PromptID, Environment: env, Action: "promote", VersionID: opts.VersionID, PreviousVersionID: previous,
		}); err != nil {
			return nil, err
		}
		return q.DeploymentUpsert(ctx, tx, dbsqlc.DeploymentUpsertParams{PromptID: opts.PromptID, Environment: env, VersionID: opts.VersionID})
	})
	require.NoError(tb, err)
	return d
}

// seq numbers the default names, so that two fixtures of a test never collide.
var seq atomic.Int64

func nextSeq() int64 { return seq.Add(1) }

func orZero[T any](opts *T) *T {
	if opts == nil {
		return new(T)
	}
	return opts
}

func valueOr[T any](p *T, fallback T) T {
	if p == nil {
		return fallback
	}
	return *p
}

func cmpOrSlice(s, fallback []string) []string {
	if s == nil {
		return fallback
	}
	return s
}

// RollingChange is a prompt a rolling release moves from the version live now to a
// candidate.
type RollingChange struct {
	PromptID, CurrentVersionID, CandidateVersionID uuid.UUID
}

// RollingReleaseOpts describe a release rolling out; ProjectID and Changes are required
// (nil others: dev, a split of 10 % without guards).
type RollingReleaseOpts struct {
	ProjectID   uuid.UUID
	Environment *string
	Changes     []RollingChange
	// Percent is the share of subjects on the candidates (nil: 10).
	Percent *float64
	// Strategy is the release's strategy as the API takes it (nil: a split at Percent).
	Strategy json.RawMessage
}

// RollingRelease inserts a release rolling out its changes and makes each prompt's
// deployment in the environment serve both versions, as the releases contract describes
// (deployments.version_id the current version, candidate_version_id the candidate,
// release_id the release). It writes no history row and no event, with SQL of its own, as
// the rows are the test's fixture and not what it is about.
func RollingRelease(ctx context.Context, tb testing.TB, db *pgxpool.Pool, opts *RollingReleaseOpts) uuid.UUID {
	tb.Helper()
	env, percent := valueOr(opts.Environment, "dev"), valueOr(opts.Percent, 10)
	strategy := opts.Strategy
	if strategy == nil {
		strategy = fmt.Appendf(nil, `{"type":"split","percent":%g}`, percent)
	}
	id, err := database.WithTxV(ctx, db, func(tx pgx.Tx) (uuid.UUID, error) {
		var id uuid.UUID
		err := tx.QueryRow(ctx, `INSERT INTO releases (project_id, environment, status, strategy, salt, percent, started_at)
			VALUES ($1, $2, 'rolling_out', $3, $4, $5, now()) RETURNING id`,
			opts.ProjectID, env, strategy, uuid.NewString(), percent).Scan(&id)
		if err != nil {
			return id, fmt.Errorf("insert release: %w", err)
		}
		for _, c := range opts.Changes {
			if _, err := tx.Exec(ctx, `INSERT INTO release_changes (release_id, prompt_id, from_version_id, to_version_id)
				VALUES ($1, $2, $3, $4)`, id, c.PromptID, c.CurrentVersionID, c.CandidateVersionID); err != nil {
				return id, fmt.Errorf("insert change of %s: %w", c.PromptID, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO deployments (prompt_id, environment, version_id, candidate_version_id, release_id)
				VALUES ($1, $2, $3, $4, $5) ON CONFLICT (prompt_id, environment) DO UPDATE SET version_id = excluded.version_id,
				candidate_version_id = excluded.candidate_version_id, release_id = excluded.release_id`,
				c.PromptID, env, c.CurrentVersionID, c.CandidateVersionID, id); err != nil {
				return id, fmt.Errorf("deploy the change of %s: %w", c.PromptID, err)
			}
		}
		return id, nil
	})
	require.NoError(tb, err)
	return id
}
