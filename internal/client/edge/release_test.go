package edge_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/client/edge"
	"github.com/promptops/promptops/internal/release/assign"
	"github.com/promptops/promptops/internal/server"
	"github.com/promptops/promptops/internal/testkit/testfactory"
)

// TestEdgeAssignsAsTheServer: with a release rolling "greet" and "footer" out, the edge
// assigns every subject locally to the variant the server gives it, with the same body,
// ETag and PromptOps-Release header; a release event swaps both prompts in at once, and
// the snapshot file keeps the release.
func TestEdgeAssignsAsTheServer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	footer2 := b.env.NewVersion(b.p, b.footer.Id, "Ciao {{name}}.")
	id, salt := testfactory.RollingRelease(ctx, t, b.env.Pool, &testfactory.RollingReleaseOpts{
		ProjectID: b.p.UUID(), Environment: "production", Percent: ptr(30.0),
		Changes: []testfactory.RollingChange{{PromptID: b.greet.Id, CandidateVersionID: b.v2.Id}, {PromptID: b.footer.Id, CandidateVersionID: footer2.Id}},
	})
	file := snapshotFile(t)
	edge := startEdge(t, b.env.URL, b.key, file)
	awaitCurrent(t, edge)

	candidates := 0
	for i := range 300 {
		subject := fmt.Sprintf("user-%d", i)
		for _, slug := range []string{"greet", "footer"} {
			path := "/api/v1/prompts/" + slug + "/resolve?subject=" + subject
			want, wantHeader := do(t, b.env.URL, http.MethodGet, path, b.key, "")
			got, gotHeader := do(t, edge.URL, http.MethodGet, path, b.key, "")
			require.Equal(t, want, got, subject)
			require.Equal(t, wantHeader.Get("PromptOps-Release"), gotHeader.Get("PromptOps-Release"))
			require.Equal(t, id.String()+"; variant="+assign.Variant(salt, subject, 30), gotHeader.Get("PromptOps-Release"))
			if i%50 == 0 { // a 304 names the variant too
				want, wantHeader = do(t, b.env.URL, http.MethodGet, path, b.key, "", "If-None-Match", want.ETag)
				got, gotHeader = do(t, edge.URL, http.MethodGet, path, b.key, "", "If-None-Match", want.ETag)
				require.Equal(t, http.StatusNotModified, got.Status, subject)
				require.Equal(t, want, got, subject)
				require.Equal(t, id.String()+"; variant="+assign.Variant(salt, subject, 30), gotHeader.Get("PromptOps-Release"))
				require.Equal(t, wantHeader.Get("PromptOps-Release"), gotHeader.Get("PromptOps-Release"))
			}
		}
		body := `{"variables": {"name": "Ada"}}`
		want, wantHeader := do(t, b.env.URL, http.MethodPost, "/api/v1/prompts/greet/render", b.key, body, "PromptOps-Subject", subject)
		got, gotHeader := do(t, edge.URL, http.MethodPost, "/api/v1/prompts/greet/render", b.key, body, "PromptOps-Subject", subject)
		require.Equal(t, want, got, subject)
		require.Equal(t, wantHeader.Get("PromptOps-Release"), gotHeader.Get("PromptOps-Release"))
		if assign.Variant(salt, subject, 30) == assign.Candidate {
			candidates++
		}
	}
	require.Positive(t, candidates)

	// The snapshot file keeps the release.
	restarted := startEdge(t, "http://127.0.0.1:1", b.key, file)
	subject := "user-1"
	want, _ := do(t, edge.URL, http.MethodGet, "/api/v1/prompts/greet/resolve?subject="+subject, b.key, "")
	got, _ := do(t, restarted.URL, http.MethodGet, "/api/v1/prompts/greet/resolve?subject="+subject, b.key, "")
	require.Equal(t, want.Body, got.Body)
	require.Equal(t, want.ETag, got.ETag)

	// The release widens to 100 % with its event: from the moment the edge answers greet
	// moved for a subject, it answers footer moved for it too.
	last := "subject-not-on-the-candidate"
	for i := 0; assign.Variant(salt, last, 30) == assign.Candidate; i++ {
		last = fmt.Sprintf("late-%d", i)
	}
	err := pgx.BeginFunc(ctx, b.env.Pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE releases SET percent = 100 WHERE id = $1`, id); err != nil {
			return err
		}
		_, err := events.NewRecorder(nil).Record(ctx, tx, events.Event{ProjectID: b.p.UUID(), Type: "release.advanced",
			Data: map[string]any{"id": id, "environment": "production", "slugs": []string{"footer", "greet"}}})
		return err
	})
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		a, _ := do(t, edge.URL, http.MethodGet, "/api/v1/prompts/greet/resolve?subject="+last, b.key, "")
		if versionOf(t, a) != 2 {
			return false
		}
		f, h := do(t, edge.URL, http.MethodGet, "/api/v1/prompts/footer/resolve?subject="+last, b.key, "")
		require.Equal(t, 2, versionOf(t, f), "footer is not moved while greet is")
		require.Equal(t, id.String()+"; variant=candidate", h.Get("PromptOps-Release"))
		return true
	}, 10*time.Second, 5*time.Millisecond)
}

func ptr[T any](v T) *T { return &v }

// TestEdgeNeverHalfApplied: while real releases move "greet" and "footer" together (an
// immediate release, its rollback, a split completed with .../complete), readers of the
// edge's state never find one moved and the other not.
func TestEdgeNeverHalfApplied(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	b.env.NewVersion(b.p, b.footer.Id, "Ciao {{name}}.")
	replica := startEdge(t, b.env.URL, b.key, "")
	awaitCurrent(t, replica)
	both := []api.ReleaseChangeRequest{change(t, "greet", 2), change(t, "footer", 2)}

	var immediate uuid.UUID
	during(t, replica, "immediate", 1, 2, func() {
		resp, err := b.p.Client.CreateReleaseWithResponse(ctx, nil, api.CreateReleaseRequest{Environment: "production", Changes: both})
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
		immediate = resp.JSON201.Data.Id
	})
	during(t, replica, "rollback", 2, 1, func() {
		resp, err := b.p.Client.RollbackReleaseWithResponse(ctx, immediate, nil, api.RollbackReleaseRequest{})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	})
	during(t, replica, "split completed", 1, 2, func() {
		resp, err := b.p.Client.CreateReleaseWithResponse(ctx, nil, api.CreateReleaseRequest{Environment: "production", Changes: both,
			Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: ptr(50.0)}})
		require.NoError(t, err)
		require.Equal(t, http.StatusAccepted, resp.StatusCode(), string(resp.Body))
		done, err := b.p.Client.CompleteReleaseWithResponse(ctx, resp.JSON202.Data.Id, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, done.StatusCode(), string(done.Body))
	})
}

// change is a release's change of slug to version number n.
func change(t *testing.T, slug string, n int) api.ReleaseChangeRequest {
	t.Helper()
	var v api.ReleaseChangeRequest_Version
	require.NoError(t, v.FromReleaseChangeRequestVersion0(n))
	return api.ReleaseChangeRequest{Prompt: slug, Version: v}
}

// during reads greet's and footer's versions from the edge's state in two goroutines while
// change moves both from version from to version to: every read must show both at from or
// both at to. It lets the readers see the old state a few times first, and stops them once
// they have seen the new one a few times.
func during(t *testing.T, r *running, name string, from, to int, change func()) {
	t.Helper()
	const enough = 200
	var old, moved atomic.Int64
	var wrong atomic.Pointer[[]int]
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				switch got := edge.VersionsOf(r.Edge, "greet", "footer"); {
				case got[0] == from && got[1] == from:
					old.Add(1)
				case got[0] == to && got[1] == to:
					moved.Add(1)
				default:
					wrong.CompareAndSwap(nil, &got)
				}
			}
		})
	}
	require.Eventually(t, func() bool { return old.Load() >= enough || wrong.Load() != nil }, 10*time.Second, time.Millisecond)
	change()
	require.Eventually(t, func() bool { return moved.Load() >= enough || wrong.Load() != nil }, 10*time.Second, time.Millisecond)
	close(stop)
	wg.Wait()
	require.Nil(t, wrong.Load(), "%s: the edge served greet and footer at versions %v", name, wrong.Load())
	t.Logf("%s: reads of the edge's state saw %d old, %d new", name, old.Load(), moved.Load())
}

// TestAssignmentEverywhere: 20,000 subjects resolved at a real 10 % split get from the
// server and from the edge exactly the variant package assign gives each, and between 9 %
// and 11 % of them the candidate.
func TestAssignmentEverywhere(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, func(o *server.Options) { o.RateLimit = 1 << 30 }) // one key makes every request
	resp, err := b.p.Client.CreateReleaseWithResponse(ctx, nil, api.CreateReleaseRequest{Environment: "production",
		Changes:  []api.ReleaseChangeRequest{change(t, "greet", 2)},
		Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: ptr(10.0)}})
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, resp.StatusCode(), string(resp.Body))
	release := resp.JSON202.Data.Id
	snap, err := b.env.Client(b.key).GetSnapshotWithResponse(ctx, &api.GetSnapshotParams{Slug: &[]string{"greet"}})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, snap.StatusCode(), string(snap.Body))
	salt := snap.JSON200.Data.Prompts[0].Release.Salt
	replica := startEdge(t, b.env.URL, b.key, "")
	awaitCurrent(t, replica)

	const subjects = 20_000
	want := make([]string, subjects)
	candidates := 0
	for i := range want {
		want[i] = release.String() + "; variant=" + assign.Variant(salt, fmt.Sprintf("user-%d", i), 10)
		if assign.Variant(salt, fmt.Sprintf("user-%d", i), 10) == assign.Candidate {
			candidates++
		}
	}
	for _, at := range []struct{ name, url string }{{"server", b.env.URL}, {"edge", replica.URL}} {
		start := time.Now()
		for i := range subjects {
			a, h := do(t, at.url, http.MethodGet, fmt.Sprintf("/api/v1/prompts/greet/resolve?subject=user-%d", i), b.key, "")
			require.Equal(t, http.StatusOK, a.Status)
			require.Equal(t, want[i], h.Get("PromptOps-Release"), "%s, user-%d", at.name, i)
		}
		t.Logf("the %s assigned %d subjects as package assign in %s", at.name, subjects, time.Since(start))
	}
	share := float64(candidates) / subjects
	t.Logf("%d of %d subjects (%.2f %%) on the candidate at 10 %%", candidates, subjects, 100*share)
	require.InDelta(t, 0.10, share, 0.01)
}

// TestEdgeFollowsThePartialsOfACandidate: a rolling release's candidate includes a partial
// its current version does not; a promote of that partial changes what the candidate's
// subjects get, at the edge as on the server.
func TestEdgeFollowsThePartialsOfACandidate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t)
	header := b.env.NewPrompt(b.p, "header")
	b.env.Promote(b.p, header.Id, b.env.NewVersion(b.p, header.Id, "Top.").Id, "production")
	card := b.env.NewPrompt(b.p, "card")
	b.env.Promote(b.p, card.Id, b.env.NewVersion(b.p, card.Id, "Card for {{name}}").Id, "production")
	b.env.NewVersion(b.p, card.Id, "{{> header}} Card for {{name}}")
	resp, err := b.p.Client.CreateReleaseWithResponse(ctx, nil, api.CreateReleaseRequest{Environment: "production",
		Changes:  []api.ReleaseChangeRequest{change(t, "card", 2)},
		Strategy: &api.ReleaseStrategy{Type: api.ReleaseStrategyTypeSplit, Percent: ptr(50.0)}})
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, resp.StatusCode(), string(resp.Body))
	subject := "subject-on-the-candidate"
	for i := 0; ; i++ {
		_, h := do(t, b.env.URL, http.MethodGet, "/api/v1/prompts/card/resolve?subject="+subject, b.key, "")
		if strings.HasSuffix(h.Get("PromptOps-Release"), "variant="+assign.Candidate) {
			break
		}
		subject = fmt.Sprintf("user-%d", i)
	}
	replica := startEdge(t, b.env.URL, b.key, "")
	awaitCurrent(t, replica)

	b.env.Promote(b.p, header.Id, b.env.NewVersion(b.p, header.Id, "Bottom.").Id, "production")
	path := "/api/v1/prompts/card/resolve?compose=true&subject=" + subject
	want, _ := do(t, b.env.URL, http.MethodGet, path, b.key, "")
	require.Contains(t, want.Body, "Bottom. Card for", "the server composes the candidate with the new header")
	require.Eventually(t, func() bool {
		got, _ := do(t, replica.URL, http.MethodGet, path, b.key, "")
		return got == want
	}, 5*time.Second, 5*time.Millisecond, "the edge composes the candidate with the new header")
}
