package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/prompt/rendering"
	"github.com/promptops/promptops/internal/prompt/template"
	"github.com/promptops/promptops/internal/release/assign"
)

// A snapshot reads live versions in batches of at most snapshotBatch versions and about
// snapshotBatchBytes bytes as stored (a larger version alone): what it holds at once.
const (
	snapshotBatch      = 16
	snapshotBatchBytes = 1 << 20
)

// GetSnapshot returns a page of the prompts live in the key's environment (or of those of
// the slugs asked for), prepared as resolve prepares them, with the cursor of the whole
// snapshot. A first page reads every live version, to compute that cursor, but keeps only
// the page's; a next page reads from its token's slug on, after checking that the
// snapshot is still the one its first page was read from.
func (s *Server) GetSnapshot(ctx context.Context, req api.GetSnapshotRequestObject) (api.GetSnapshotResponseObject, error) {
	gateway.ObserveDuration(ctx, s.serve.SnapshotSeries())
	resp, err := s.snapshot(ctx, req)
	// An edge's report counts once its request reached the snapshot: the edge forgets
	// what it reported on a 200, 304 or 409, and sends it again after anything else.
	if _, refused := resp.(api.GetSnapshot400JSONResponse); err == nil && !refused && req.Params.PromptOpsEdgeStaleAnswers != nil {
		s.metrics.StaleAnswers(*req.Params.PromptOpsEdgeStaleAnswers)
	}
	return resp, err
}

// snapshot answers GetSnapshot.
func (s *Server) snapshot(ctx context.Context, req api.GetSnapshotRequestObject) (api.GetSnapshotResponseObject, error) {
	key := gateway.Key(ctx)
	q := snapshotQuery{limit: 100}
	if req.Params.Slug != nil {
		q.slugs = *req.Params.Slug
	}
	if req.Params.Limit != nil {
		q.limit = *req.Params.Limit
	}
	if req.Params.PageToken != nil {
		token, ok := parsePageToken(*req.Params.PageToken)
		if !ok {
			return api.GetSnapshot400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{},
				api.FieldProblem{Field: "pageToken", Problem: "is not a nextPageToken of this server: read the snapshot from its first page, without pageToken"})}, nil
		}
		q.token = &token
	}
	var page *snapshotPage
	// One transaction that sees one state of the project: the live versions and the
	// partials they include agree.
	err := pgx.BeginTxFunc(ctx, s.db, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		fingerprint, err := s.snapshotFingerprint(ctx, tx, key, q.slugs)
		if err != nil {
			return err
		}
		if q.token != nil && q.token.fingerprint != fingerprint {
			return nil // no page: the snapshot has changed since the token's first page
		}
		page, err = s.readSnapshotPage(ctx, tx, key, q, fingerprint)
		return err
	})
	if err != nil {
		return nil, err
	}
	if page == nil {
		return api.GetSnapshot409JSONResponse{ConflictJSONResponse: conflict(ctx,
			"The snapshot changed after its first page was read: read it again from its first page, without pageToken.")}, nil
	}
	if req.Params.IfNoneMatch != nil && rendering.ETagMatches(*req.Params.IfNoneMatch, page.cursor) {
		return api.GetSnapshot304Response{Headers: api.GetSnapshot304ResponseHeaders{ETag: &page.cursor}}, nil
	}
	return page, nil
}

// snapshotQuery is what a snapshot request asks for: the slugs (nil for every live
// prompt), the page's size and, past the first page, the previous page's token.
type snapshotQuery struct {
	slugs []string
	limit int
	token *pageToken
}

// readSnapshotPage reads one page of the snapshot of key's environment in tx. Without a token
// (a first page) it prepares every live prompt, adding each to the snapshot's cursor; with
// one it reads from the token's slug on, no more than the page can hold.
func (s *Server) readSnapshotPage(ctx context.Context, tx pgx.Tx, key *auth.Key, q snapshotQuery, fingerprint string) (*snapshotPage, error) {
	params := dbsqlc.SnapshotEntriesParams{ProjectID: key.ProjectID, Environment: key.Environment, Slugs: q.slugs}
	cursor := rendering.NewCursorHash()
	if q.token != nil {
		// One entry past the page tells whether another page follows.
		maxRows := int32(q.limit + 1)
		params.After, params.MaxRows, cursor = q.token.after, &maxRows, nil
	}
	entries, err := s.q.SnapshotEntries(ctx, tx, params)
	if err != nil {
		return nil, fmt.Errorf("live prompts in %s: %w", key.Environment, err)
	}
	r := &pageReader{page: &snapshotPage{env: key.Environment}, cursor: cursor, limit: q.limit, budget: s.snapshotPageBytes}
	for batch := range batches(entries) {
		if err := s.snapshotBatch(ctx, tx, key, batch, r); err != nil {
			return nil, err
		}
		if r.more && cursor == nil {
			break
		}
	}
	page := r.page
	if cursor != nil {
		page.cursor = cursor.Sum()
	} else {
		page.cursor = q.token.cursor
		r.more = r.more || len(entries) > q.limit // entries left out of the page may hide more
	}
	if r.more {
		page.next = pageToken{cursor: page.cursor, fingerprint: fingerprint, after: r.done}.String()
	}
	return page, nil
}

// pageReader fills a page with the prompts of a snapshot, offered in slug order, and
// counts every one in the cursor (nil past the first page, whose token has it).
type pageReader struct {
	page          *snapshotPage
	cursor        *rendering.CursorHash
	limit, budget int
	// done is the slug up to which every prompt is on this page or a previous one, or
	// left out; more says a prompt that does not fit was offered.
	done string
	more bool
}

// take offers the prompt of slug, nil for one left out, to the page.
func (r *pageReader) take(slug string, d *rendering.Deployed) error {
	if d != nil {
		if r.cursor != nil {
			r.cursor.Add(d)
		}
		added, err := r.page.add(d, r.limit, r.budget)
		if err != nil || !added {
			r.more = !added
			return err
		}
	}
	r.done = slug
	return nil
}

// batches splits entries into the batches of slugs read at once.
func batches(entries []*dbsqlc.SnapshotEntriesRow) func(yield func([]string) bool) {
	return func(yield func([]string) bool) {
		var batch []string
		size := int64(0)
		for _, e := range entries {
			if len(batch) > 0 && (len(batch) == snapshotBatch || size+e.Size > snapshotBatchBytes) {
				if !yield(batch) {
					return
				}
				batch, size = nil, 0
			}
			batch, size = append(batch, e.Slug), size+e.Size
		}
		if len(batch) > 0 {
			yield(batch)
		}
	}
}

// snapshotBatch reads the live prompts of slugs in tx and offers each to r in their order:
// prepared while the page takes prompts, then only as the cursor counts them (the tag of
// each). A prompt whose partials do not resolve is left out of the snapshot. The partials
// they include are read once per batch.
func (s *Server) snapshotBatch(ctx context.Context, tx pgx.Tx, key *auth.Key, slugs []string, r *pageReader) error {
	rows, err := s.q.ResolveLive(ctx, tx, dbsqlc.ResolveLiveParams{ProjectID: key.ProjectID, Environment: key.Environment, Slugs: slugs})
	if err != nil {
		return fmt.Errorf("live prompts in %s: %w", key.Environment, err)
	}
	found := map[string]*dbsqlc.PromptVersion{}
	releases := map[string]*liveRelease{}
	for _, row := range rows {
		found[row.Slug] = &row.PromptVersion
		if r := releaseOf(row.ReleaseID, row.CandidateVersionID, row.ReleaseSalt, row.ReleasePercent); r != nil {
			releases[row.Slug] = r
		}
	}
	candidates, err := s.candidates(ctx, tx, releases)
	if err != nil {
		return err
	}
	versionFunc := func(ref template.Partial) (*dbsqlc.PromptVersion, error) {
		if v, ok := found[ref.String()]; ok {
			return v, nil
		}
		v, err := s.partialVersion(ctx, tx, key.ProjectID, key.Environment, ref)
		if err == nil {
			found[ref.String()] = v
		}
		return v, err
	}
	for _, slug := range slugs {
		v, ok := found[slug]
		if !ok {
			return fmt.Errorf("live prompt %s of the snapshot not read", slug)
		}
		if r.more && r.cursor == nil {
			return nil
		}
		d, err := s.snapshotDeployed(key.Environment, slug, v, releases[slug], candidates, versionFunc)
		_, missing := partialMissing(err)
		if _, refused := composeRefused(err); missing || refused || errors.As(err, new(errInclusion)) {
			s.logger.InfoContext(ctx, "snapshot leaves out a prompt that does not resolve", slog.String("slug", slug), slog.String("error", err.Error()))
			d, err = nil, nil
		}
		switch {
		case err != nil:
			return err
		case r.more && d != nil:
			r.cursor.Add(d) // past the page: counted in the cursor only
		case !r.more:
			if err := r.take(slug, d); err != nil {
				return err
			}
		}
	}
	return nil
}

// candidates reads the candidate versions of releases in tx, by id.
func (s *Server) candidates(ctx context.Context, tx pgx.Tx, releases map[string]*liveRelease) (map[uuid.UUID]*dbsqlc.PromptVersion, error) {
	if len(releases) == 0 {
		return nil, nil
	}
	ids := make([]uuid.UUID, 0, len(releases))
	for _, r := range releases {
		ids = append(ids, r.candidate)
	}
	versions, err := s.q.VersionsByID(ctx, tx, ids)
	if err != nil {
		return nil, fmt.Errorf("candidates of releases: %w", err)
	}
	out := make(map[uuid.UUID]*dbsqlc.PromptVersion, len(versions))
	for _, v := range versions {
		out[v.ID] = v
	}
	return out, nil
}

// snapshotDeployed prepares what slug resolves to as far as a snapshot needs: its current
// version v and, while release r (nil for none) moves it, the candidate (from candidates),
// each marked as its variant.
func (s *Server) snapshotDeployed(env, slug string, v *dbsqlc.PromptVersion, r *liveRelease, candidates map[uuid.UUID]*dbsqlc.PromptVersion, versionFunc partialVersionFunc) (*rendering.Deployed, error) {
	if r == nil {
		live, err := s.snapshotLive(env, slug, v, nil, versionFunc)
		return &rendering.Deployed{Current: live}, err
	}
	live, err := s.snapshotLive(env, slug, v, r.variant(assign.Current), versionFunc)
	if err != nil {
		return nil, err
	}
	cv, ok := candidates[r.candidate]
	if !ok {
		return nil, fmt.Errorf("candidate %s of release %s not read", r.candidate, r.id)
	}
	candidate, err := s.snapshotLive(env, slug, cv, r.variant(assign.Candidate), versionFunc)
	if err != nil {
		return nil, err
	}
	return &rendering.Deployed{Current: live, Release: &rendering.Release{ID: r.id, Salt: r.salt, Percent: r.percent, Candidate: candidate}}, nil
}

// snapshotLive prepares one live version as far as a snapshot needs (its data and
// partials, not its answers), marked by mark (when not nil), its partials found by
// versionFunc. A version that would
// compose past the render limit is refused (a *rendering.ComposeError), as resolve
// refuses it. Prompts past the page are prepared alike, for the cursor alone, so that the
// cursor counts exactly the prompts the snapshot holds, whatever the size of its pages.
func (s *Server) snapshotLive(env, slug string, v *dbsqlc.PromptVersion, mark func(*rendering.Live), versionFunc partialVersionFunc) (*rendering.Live, error) {
	live, err := parseVersion(slug, env, v)
	if err != nil {
		return nil, err
	}
	if mark != nil {
		mark(live)
	}
	partials, err := walkPartials(slug, live.Includes(), false, versionFunc)
	if err != nil {
		return nil, err
	}
	if err := live.CheckComposition(partials, rendering.Bounds{Bytes: s.renderLimit}); err != nil {
		return nil, err
	}
	live.Include(partials)
	return live, nil
}

// snapshotPrompt is what a slug resolves to as a snapshot shows it: the current version,
// and the release moving it with its candidate.
func snapshotPrompt(d *rendering.Deployed) api.SnapshotPrompt {
	p := snapshotVersion(d.Current)
	if r := d.Release; r != nil {
		p.Release = &api.SnapshotRelease{Id: r.ID, Salt: r.Salt, Percent: r.Percent, Candidate: snapshotVersion(r.Candidate)}
	}
	return p
}

// snapshotVersion is a prepared version as a snapshot shows it.
func snapshotVersion(live *rendering.Live) api.SnapshotPrompt {
	included := live.Partials().Each()
	partials := make([]api.SnapshotPartial, len(included))
	for i, p := range included {
		partials[i] = api.SnapshotPartial{Ref: p.Ref, Slug: p.Slug, VersionNumber: p.VersionNumber, VersionId: p.VersionID, Template: p.Text}
	}
	return api.SnapshotPrompt{Prompt: live.Data(), Partials: partials}
}
