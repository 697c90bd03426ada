package migrate_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/pressly/goose/v3"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/testkit/dbtest"
	"github.com/promptops/promptops/sql/migrations"
)

// TestProjectSlugsBackfilled: migration 00016 gives the projects made before it the slugs
// their names would give a new project, -2, -3… in creation order when taken.
func TestProjectSlugsBackfilled(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sql.Open("pgx", dbtest.URL(t))
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	_, err = db.ExecContext(ctx, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")
	require.NoError(t, err)
	provider, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS)
	require.NoError(t, err)
	_, err = provider.UpTo(ctx, 15)
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, `INSERT INTO projects (name, created_at) VALUES
		('My AI App', now() - interval '3 hours'), ('my ai app', now() - interval '2 hours'),
		('MY--AI--APP!', now() - interval '1 hour'), ('***', now()),
		('7F1F4A2E-8F4B-4A43-9C1E-3C1D2F0B9A11', now())`)
	require.NoError(t, err)

	_, err = provider.UpTo(ctx, 16)
	require.NoError(t, err)
	rows, err := db.QueryContext(ctx, "SELECT name, slug FROM projects")
	require.NoError(t, err)
	defer rows.Close()
	got := map[string]string{}
	for rows.Next() {
		var name, slug string
		require.NoError(t, rows.Scan(&name, &slug))
		got[name] = slug
	}
	require.NoError(t, rows.Err())
	require.Equal(t, map[string]string{
		"My AI App": "my-ai-app", "my ai app": "my-ai-app-2", "MY--AI--APP!": "my-ai-app-3",
		"***": "project", "7F1F4A2E-8F4B-4A43-9C1E-3C1D2F0B9A11": "7f1f4a2e-8f4b-4a43-9c1e-3c1d2f0b9a11-project",
	}, got)
}
