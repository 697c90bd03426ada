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

// RollingChange is a prompt a rolling release moves to CandidateVersionID. A zero
// CurrentVersionID keeps the version live in the environment as the current one (there
// must be one); another makes that version the current one.
type RollingChange struct {
	PromptID, CurrentVersionID, CandidateVersionID uuid.UUID
}

// RollingReleaseOpts are a rolling release's: ProjectID, Environment and Changes are
// required; nil Percent is 10, nil Salt a random one, nil Strategy a split at Percent, nil
// StartedAt the database's now.
type RollingReleaseOpts struct {
	ProjectID   uuid.UUID
	Environment string
	Changes     []RollingChange
	Percent     *float64
	Salt        *string
	// Strategy is the release's strategy as the API takes it.
	Strategy json.RawMessage
	// StartedAt is when the release began rolling out: only calls from then on are its own.
	StartedAt *time.Time
}

// RollingRelease starts a release of Changes in one transaction, as the releases engine
// leaves one that rolls out: the release (rolling_out), its changes, and each deployment's
// candidate and release (deployments.version_id the current version). It writes the rows
// with SQL of its own, since the engine's queries are not what the tests that use it are
// about, and records no history row and no event. It returns the release's id and salt.
func RollingRelease(ctx context.Context, tb testing.TB, db *pgxpool.Pool, opts *RollingReleaseOpts) (uuid.UUID, string) {
	tb.Helper()
	percent := valueOr(opts.Percent, 10)
	salt := valueOr(opts.Salt, uuid.NewString())
	strategy := opts.Strategy
	if strategy == nil {
		strategy = fmt.Appendf(nil, `{"type":"split","percent":%g}`, percent)
	}
	id, err := database.WithTxV(ctx, db, func(tx pgx.Tx) (uuid.UUID, error) {
		var id uuid.UUID
		err := tx.QueryRow(ctx, `INSERT INTO releases (project_id, environment, status, strategy, salt, percent, started_at)
			VALUES ($1, $2, 'rolling_out', $3, $4, $5, coalesce($6::timestamptz, now())) RETURNING id`,
			opts.ProjectID, opts.Environment, strategy, salt, percent, opts.StartedAt).Scan(&id)
		if err != nil {
			return id, fmt.Errorf("insert release: %w", err)
		}
		for _, c := range opts.Changes {
			if err := rollOut(ctx, tx, id, opts.Environment, c); err != nil {
				return id, err
			}
		}
		return id, nil
	})
	require.NoError(tb, err)
	return id, salt
}

// rollOut makes a deployment serve a change of release id.
func rollOut(ctx context.Context, tx pgx.Tx, id uuid.UUID, env string, c RollingChange) error {
	if c.CurrentVersionID != uuid.Nil {
		if _, err := tx.Exec(ctx, `INSERT INTO deployments (prompt_id, environment, version_id) VALUES ($1, $2, $3)
			ON CONFLICT (prompt_id, environment) DO UPDATE SET version_id = excluded.version_id`,
			c.PromptID, env, c.CurrentVersionID); err != nil {
			return fmt.Errorf("deploy the current version of %s: %w", c.PromptID, err)
		}
	}
	tag, err := tx.Exec(ctx, `UPDATE deployments SET release_id = $1, candidate_version_id = $2
		WHERE prompt_id = $3 AND environment = $4`, id, c.CandidateVersionID, c.PromptID, env)
	if err != nil || tag.RowsAffected() != 1 {
		return fmt.Errorf("deployment of %s in %s: %w (%d rows)", c.PromptID, env, err, tag.RowsAffected())
	}
	if _, err := tx.Exec(ctx, `INSERT INTO release_changes (release_id, prompt_id, from_version_id, to_version_id)
		SELECT $1, prompt_id, version_id, $2 FROM deployments WHERE prompt_id = $3 AND environment = $4`,
		id, c.CandidateVersionID, c.PromptID, env); err != nil {
		return fmt.Errorf("insert change of %s: %w", c.PromptID, err)
	}
	return nil
}

// AdvanceRelease sets a rolling release's share of subjects on its candidates, as a
// gradual release's step does.
func AdvanceRelease(ctx context.Context, tb testing.TB, db *pgxpool.Pool, id uuid.UUID, percent float64) {
	tb.Helper()
	_, err := db.Exec(ctx, `UPDATE releases SET percent = $2, updated_at = now() WHERE id = $1`, id, percent)
	require.NoError(tb, err)
}

// CompleteRelease completes a rolling release in one transaction, as the engine does:
// each deployment of it serves its candidate to everyone.
func CompleteRelease(ctx context.Context, tb testing.TB, db *pgxpool.Pool, id uuid.UUID) {
	tb.Helper()
	err := pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE deployments SET version_id = candidate_version_id, candidate_version_id = NULL,
			release_id = NULL, promoted_at = now() WHERE release_id = $1`, id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE releases SET status = 'completed', percent = 100, finished_at = now() WHERE id = $1`, id)
		return err
	})
	require.NoError(tb, err)
}
