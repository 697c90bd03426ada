package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/release/assign"
	"github.com/promptops/promptops/internal/testkit/apitest"
	"github.com/promptops/promptops/internal/testkit/testfactory"
)

// releaseBundle is a project with prompts "greet" and "bye", each with v1 live in
// production and v2 made, and a production key.
type releaseBundle struct {
	env     *apitest.Env
	p       *apitest.Project
	prompts map[string]api.Prompt
	v1, v2  map[string]api.Version
	key     *api.ClientWithResponses
}

func setupRelease(t *testing.T, env *apitest.Env) *releaseBundle {
	t.Helper()
	p := env.NewProject("p")
	b := &releaseBundle{env: env, p: p, prompts: map[string]api.Prompt{}, v1: map[string]api.Version{}, v2: map[string]api.Version{}}
	for _, slug := range []string{"greet", "bye"} {
		b.prompts[slug] = env.NewPrompt(p, slug)
		b.v1[slug] = env.NewVersion(p, b.prompts[slug].Id, slug+" one {{name}}")
		env.Promote(p, b.prompts[slug].Id, b.v1[slug].Id, "production")
		b.v2[slug] = env.NewVersion(p, b.prompts[slug].Id, slug+" two {{name}}")
	}
	b.key = env.Client(env.NewKey(p, api.CreateApiKeyRequest{Environment: "production", Scopes: &[]api.Scope{api.ScopePromptsRead}}))
	return b
}

// start starts a split release of slugs to their v2 at percent.
func (b *releaseBundle) start(t *testing.T, percent float64, slugs ...string) (uuid.UUID, string) {
	changes := make([]testfactory.RollingChange, len(slugs))
	for i, slug := range slugs {
		changes[i] = testfactory.RollingChange{PromptID: b.prompts[slug].Id, CandidateVersionID: b.v2[slug].Id}
	}
	return testfactory.RollingRelease(context.Background(), t, b.env.Pool, &testfactory.RollingReleaseOpts{
		ProjectID: b.p.UUID(), Environment: "production", Changes: changes, Percent: &percent,
	})
}

// touch makes a write to the project that changes nothing live (a version, deployed to
// dev only), so that the instance drops its cached answers of the project, as it does
// when it hears of a release: the factory records no event.
func (b *releaseBundle) touch(t *testing.T) {
	t.Helper()
	b.env.NewVersion(b.p, b.prompts["bye"].Id, "bye draft {{name}}")
}

// resolve resolves slug for subject ("" for none).
func (b *releaseBundle) resolve(t *testing.T, slug, subject string) *api.ResolvePromptResponse {
	t.Helper()
	params := &api.ResolvePromptParams{}
	if subject != "" {
		params.Subject = &subject
	}
	resp, err := b.key.ResolvePromptWithResponse(context.Background(), slug, params)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	return resp
}

// subjectWith finds a subject that salt puts in variant at percent.
func subjectWith(salt string, percent float64, variant string) string {
	for i := 0; ; i++ {
		if s := fmt.Sprintf("subject-%d", i); assign.Variant(salt, s, percent) == variant {
			return s
		}
	}
}

func TestReleaseAssignment(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("VariantsAnswerApart", func(t *testing.T) {
		t.Parallel()
		b := setupRelease(t, apitest.Shared(t))
		id, salt := b.start(t, 30, "greet")
		on, off := subjectWith(salt, 30, assign.Candidate), subjectWith(salt, 30, assign.Current)

		cand := b.resolve(t, "greet", on)
		require.Equal(t, b.v2["greet"].Id, cand.JSON200.Data.VersionId)
		got, err := cand.JSON200.Data.Release.Get()
		require.NoError(t, err)
		require.Equal(t, api.ReleaseAssignment{Id: id, Variant: assign.Candidate}, got)
		require.Equal(t, id.String()+"; variant=candidate", cand.HTTPResponse.Header.Get("PromptOps-Release"))

		cur := b.resolve(t, "greet", off)
		require.Equal(t, b.v1["greet"].Id, cur.JSON200.Data.VersionId)
		require.Equal(t, id.String()+"; variant=current", cur.HTTPResponse.Header.Get("PromptOps-Release"))
		require.NotEqual(t, cand.HTTPResponse.Header.Get("ETag"), cur.HTTPResponse.Header.Get("ETag"))

		none := b.resolve(t, "greet", "")
		require.Equal(t, b.v1["greet"].Id, none.JSON200.Data.VersionId, "no subject: the current version")
		require.Equal(t, cur.HTTPResponse.Header.Get("ETag"), none.HTTPResponse.Header.Get("ETag"))

		outside := b.resolve(t, "bye", on)
		require.True(t, outside.JSON200.Data.Release.IsNull(), "a prompt outside the release")
		require.Empty(t, outside.HTTPResponse.Header.Get("PromptOps-Release"))

		// If-None-Match works per variant: the candidate's tag is no match for the current.
		// A 304 names the release and variant as the 200 does.
		tag := cand.HTTPResponse.Header.Get("ETag")
		for subject, want := range map[string]int{on: http.StatusNotModified, off: http.StatusOK} {
			resp, err := b.key.ResolvePromptWithResponse(ctx, "greet", &api.ResolvePromptParams{Subject: &subject, IfNoneMatch: &tag})
			require.NoError(t, err)
			require.Equal(t, want, resp.StatusCode(), subject)
			variant := map[string]string{on: "candidate", off: "current"}[subject]
			require.Equal(t, id.String()+"; variant="+variant, resp.HTTPResponse.Header.Get("PromptOps-Release"), subject)
		}
		notModified, err := b.key.ResolvePromptWithResponse(ctx, "bye", &api.ResolvePromptParams{Subject: &on,
			IfNoneMatch: ptr(outside.HTTPResponse.Header.Get("ETag"))})
		require.NoError(t, err)
		require.Equal(t, http.StatusNotModified, notModified.StatusCode())
		require.Empty(t, notModified.HTTPResponse.Header.Values("PromptOps-Release"), "a 304 outside a release")

		// The header names the subject as the query does; both, and different, is a 400.
		header := on
		resp, err := b.key.ResolvePromptWithResponse(ctx, "greet", &api.ResolvePromptParams{PromptOpsSubject: &header})
		require.NoError(t, err)
		require.Equal(t, b.v2["greet"].Id, resp.JSON200.Data.VersionId)
		resp, err = b.key.ResolvePromptWithResponse(ctx, "greet", &api.ResolvePromptParams{Subject: &off, PromptOpsSubject: &header})
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode())
		require.Equal(t, "subject", (*resp.JSON400.Error.Details.Fields)[0].Field)
		tooLong := fmt.Sprintf("%0257d", 0)
		resp, err = b.key.ResolvePromptWithResponse(ctx, "greet", &api.ResolvePromptParams{Subject: &tooLong})
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode())
	})

	t.Run("Render", func(t *testing.T) {
		t.Parallel()
		b := setupRelease(t, apitest.Shared(t))
		id, salt := b.start(t, 50, "greet")
		on := subjectWith(salt, 50, assign.Candidate)
		vars := map[string]any{"name": "Ada"}
		for _, format := range []api.RenderRequestFormat{api.RenderRequestFormatMessages, api.RenderRequestFormatOpenaiChat} {
			resp, err := b.key.RenderPromptWithResponse(ctx, "greet", &api.RenderPromptParams{Subject: &on},
				api.RenderPromptJSONRequestBody{Variables: &vars, Format: &format})
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
			require.Equal(t, "greet two Ada", resp.JSON200.Data.Messages[len(resp.JSON200.Data.Messages)-1].Content)
			got, err := resp.JSON200.Data.Release.Get()
			require.NoError(t, err)
			require.Equal(t, api.ReleaseAssignmentVariant(assign.Candidate), got.Variant)
			require.Equal(t, id.String()+"; variant=candidate", resp.HTTPResponse.Header.Get("PromptOps-Release"))
		}
		// Both subjects, different: a 400.
		other := on + "-other"
		resp, err := b.key.RenderPromptWithResponse(ctx, "greet", &api.RenderPromptParams{Subject: &on, PromptOpsSubject: &other},
			api.RenderPromptJSONRequestBody{Variables: &vars})
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode())
	})

	t.Run("PinnedVersionIgnoresReleases", func(t *testing.T) {
		t.Parallel()
		b := setupRelease(t, apitest.Shared(t))
		_, salt := b.start(t, 100, "greet")
		on := subjectWith(salt, 100, assign.Candidate)
		one := 1
		resp, err := b.key.ResolvePromptWithResponse(ctx, "greet", &api.ResolvePromptParams{Subject: &on, Version: &one})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
		require.Equal(t, b.v1["greet"].Id, resp.JSON200.Data.VersionId)
		require.True(t, resp.JSON200.Data.Release.IsNull())
		require.Empty(t, resp.HTTPResponse.Header.Get("PromptOps-Release"))
	})

	// Distribution: a sample of 2,000 subjects gets from the server exactly the variant
	// package assign gives each (the conformance vectors extend that to the edge and the
	// SDKs), and about the release's share of them the candidate.
	t.Run("ServerAssignsAsTheRule", func(t *testing.T) {
		t.Parallel()
		b := setupRelease(t, apitest.Shared(t))
		_, salt := b.start(t, 10, "greet")
		const subjects = 2_000
		on := 0
		for i := range subjects {
			subject := fmt.Sprintf("user-%d", i)
			resp := b.resolve(t, "greet", subject)
			want := assign.Variant(salt, subject, 10)
			got, err := resp.JSON200.Data.Release.Get()
			require.NoError(t, err)
			require.Equal(t, api.ReleaseAssignmentVariant(want), got.Variant, subject)
			if want == assign.Candidate {
				on++
			}
		}
		require.InDelta(t, 0.10, float64(on)/subjects, 0.02)
	})

	// Widening keeps every subject on the candidate there, and the cache (invalidated by a
	// write's announcement) serves the new share.
	t.Run("WideningKeepsCandidates", func(t *testing.T) {
		t.Parallel()
		b := setupRelease(t, apitest.Shared(t))
		id, salt := b.start(t, 5, "greet")
		var candidates []string
		for i := range 400 {
			subject := fmt.Sprintf("s-%d", i)
			if v, _ := b.resolve(t, "greet", subject).JSON200.Data.Release.Get(); v.Variant == assign.Candidate {
				candidates = append(candidates, subject)
			}
		}
		require.NotEmpty(t, candidates)
		testfactory.AdvanceRelease(ctx, t, b.env.Pool, id, 25)
		b.touch(t)
		for _, subject := range candidates {
			v, _ := b.resolve(t, "greet", subject).JSON200.Data.Release.Get()
			require.Equal(t, api.ReleaseAssignmentVariant(assign.Candidate), v.Variant, subject)
		}
		require.Equal(t, assign.Candidate, assign.Variant(salt, candidates[0], 25))
	})
}

// TestReleaseMonotonic: once an instance has answered one prompt of a release as moved,
// it answers every prompt of it so, even before it hears of the release: a miss that reads
// a newer state makes the project's older cached answers stale first.
func TestReleaseMonotonic(t *testing.T) {
	t.Parallel()

	t.Run("AMissMakesOlderAnswersStale", func(t *testing.T) {
		t.Parallel()
		b := setupRelease(t, apitest.Shared(t))
		const subject = "someone"
		b.resolve(t, "greet", subject) // cached: v1, no release
		// The release moves both prompts at 100 %; the factory records no event, so the
		// instance hears nothing of it: only what it reads tells it.
		b.start(t, 100, "greet", "bye")
		require.Equal(t, b.v2["bye"].Id, b.resolve(t, "bye", subject).JSON200.Data.VersionId, "a miss reads the release")
		require.Equal(t, b.v2["greet"].Id, b.resolve(t, "greet", subject).JSON200.Data.VersionId,
			"greet was answered from before the release after bye was answered moved")
	})

	// Concurrent readers of both prompts while a two-prompt release applies in one
	// transaction: a request that starts after any answer showed the release moved is
	// answered moved, whichever prompt it asks for.
	t.Run("ConcurrentReaders", func(t *testing.T) {
		t.Parallel()
		b := setupRelease(t, apitest.Shared(t))
		const subject = "reader"
		var moved atomic.Bool
		var wg sync.WaitGroup
		stop := make(chan struct{})
		violations := make(chan string, 100)
		for _, slug := range []string{"greet", "bye", "greet", "bye"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					after := moved.Load()
					resp, err := b.key.ResolvePromptWithResponse(context.Background(), slug, &api.ResolvePromptParams{Subject: ptr(subject)})
					if err != nil || resp.StatusCode() != http.StatusOK {
						violations <- fmt.Sprintf("%s: %v %d", slug, err, resp.StatusCode())
						return
					}
					isMoved := resp.JSON200.Data.VersionId == b.v2[slug].Id
					if after && !isMoved {
						violations <- slug + " answered unmoved after an answer showed the release"
						return
					}
					if isMoved {
						moved.Store(true)
					}
				}
			}()
		}
		b.start(t, 100, "greet", "bye")
		b.touch(t) // the readers' next misses read the release
		for !moved.Load() {
			b.resolve(t, "bye", "someone else")
		}
		b.resolve(t, "greet", subject)
		close(stop)
		wg.Wait()
		close(violations)
		for v := range violations {
			t.Error(v)
		}
	})
}

func ptr[T any](v T) *T { return &v }

// TestReleaseSnapshot: each prompt under a rolling release carries it (salt, share and the
// candidate, shaped like the prompt), read in one snapshot of the database; the cursor
// changes when the release starts, advances and completes.
func TestReleaseSnapshot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setupRelease(t, apitest.Shared(t))
	cursor := func() (string, *api.Snapshot) {
		resp, err := b.key.GetSnapshotWithResponse(ctx, nil)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode())
		return resp.JSON200.Data.Cursor, &resp.JSON200.Data
	}
	before, _ := cursor()
	id, salt := b.start(t, 10, "greet", "bye")
	started, snap := cursor()
	require.NotEqual(t, before, started)
	for _, p := range snap.Prompts {
		require.NotNil(t, p.Release, p.Prompt.Slug)
		require.Equal(t, id, p.Release.Id)
		require.Equal(t, salt, p.Release.Salt)
		require.InDelta(t, 10, p.Release.Percent, 0.001)
		require.Equal(t, b.v2[p.Prompt.Slug].Id, p.Release.Candidate.Prompt.VersionId)
		require.Equal(t, b.v1[p.Prompt.Slug].Id, p.Prompt.VersionId)
		cand, err := p.Release.Candidate.Prompt.Release.Get()
		require.NoError(t, err)
		require.Equal(t, api.ReleaseAssignmentVariant(assign.Candidate), cand.Variant)
	}
	testfactory.AdvanceRelease(ctx, t, b.env.Pool, id, 25)
	advanced, _ := cursor()
	require.NotEqual(t, started, advanced)
	testfactory.CompleteRelease(ctx, t, b.env.Pool, id)
	completed, snap := cursor()
	require.NotEqual(t, advanced, completed)
	for _, p := range snap.Prompts {
		require.Nil(t, p.Release)
		require.Equal(t, b.v2[p.Prompt.Slug].Id, p.Prompt.VersionId)
	}
}
