package httpapi_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/testkit/testfactory"
)

// TestReleaseJobsWithoutTheirRelease: a release job whose release is gone, or whose
// project is deleted, ends at its first attempt, without an error, where it failed every
// retry until River discarded it.
func TestReleaseJobsWithoutTheirRelease(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	for _, kind := range []string{"release_apply", "release_evaluate"} {
		for name, remove := range map[string]string{
			"ProjectDeleted": "UPDATE projects SET deleted_at = now() WHERE id = $1",
			"ReleaseGone":    "DELETE FROM releases WHERE project_id = $1",
		} {
			t.Run(kind+"/"+name, func(t *testing.T) {
				t.Parallel()
				tm := newTeam(t)
				release, _ := testfactory.RollingRelease(ctx, t, tm.env.Pool, &testfactory.RollingReleaseOpts{ProjectID: tm.project, Environment: "dev"})
				_, err := tm.env.Pool.Exec(ctx, remove, tm.project)
				require.NoError(t, err)

				var job int64
				require.NoError(t, tm.env.Pool.QueryRow(ctx, `INSERT INTO river_job (args, kind, max_attempts, queue, state, priority)
					VALUES ($1, $2, 25, 'releases', 'available', 1) RETURNING id`,
					fmt.Sprintf(`{"releaseId":%q}`, release), kind).Scan(&job))
				state, attempt, errs := waitForJob(t, tm.env.Pool, job)
				require.Equal(t, "completed", state, "errors: %s", errs)
				require.Equal(t, 1, attempt)
				require.Empty(t, errs)
			})
		}
	}
}

// waitForJob waits until the River job id is no longer waiting or running, and returns its
// state, its attempts and the errors of its attempts (JSON, empty without any).
func waitForJob(t *testing.T, pool *pgxpool.Pool, id int64) (state string, attempt int, errs string) {
	t.Helper()
	require.Eventually(t, func() bool {
		err := pool.QueryRow(context.Background(), `SELECT state::text, attempt, coalesce(array_to_json(errors)::text, '')
			FROM river_job WHERE id = $1`, id).Scan(&state, &attempt, &errs)
		return err == nil && state != "available" && state != "running"
	}, 15*time.Second, 10*time.Millisecond, "job %d ends or is retried", id)
	return state, attempt, errs
}
