package httpapi

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/http/gateway"
)

// ReportVersionCheck records a check's report on a version, replacing the earlier report
// of its name: 201 for a first report, 200 for a later one, 409 for a new name past the
// version's checks quota.
func (s *Server) ReportVersionCheck(ctx context.Context, req api.ReportVersionCheckRequestObject) (api.ReportVersionCheckResponseObject, error) {
	b := req.Body
	prompt, err := s.prompt(ctx, req.PromptId)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.ReportVersionCheck404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgPromptNotFound)}, nil
	}
	if err != nil {
		return nil, err
	}
	version, err := s.version(ctx, s.db, prompt.ID, versionRefOf(req.VersionId))
	if errors.Is(err, pgx.ErrNoRows) {
		return api.ReportVersionCheck404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgVersionNotFound)}, nil
	}
	if err != nil {
		return nil, err
	}
	stamp, err := events.StampOf(gateway.Key(ctx), origin(ctx))
	if err != nil {
		return nil, err
	}
	var inserted bool
	check, err := write(ctx, s, func(tx pgx.Tx) (api.VersionCheck, error) {
		if err := underQuota(ctx, tx, version.ID, s.q.VersionLock, s.quotas.Checks, checksBesides(s.q, b.Name)); err != nil {
			return api.VersionCheck{}, err
		}
		row, err := s.q.VersionCheckUpsert(ctx, tx, dbsqlc.VersionCheckUpsertParams{
			VersionID: version.ID, Name: b.Name, Status: string(b.Status),
			Score: pointerOf(b.Score), DetailsUrl: pointerOf(b.DetailsUrl), Actor: stamp.Actor,
		})
		if err != nil {
			return api.VersionCheck{}, fmt.Errorf("upsert check: %w", err)
		}
		inserted = row.Inserted
		check := checkFromDB(&dbsqlc.VersionCheck{
			VersionID: row.VersionID, Name: row.Name, Status: row.Status, Score: row.Score, DetailsUrl: row.DetailsUrl,
			Actor: row.Actor, CreatedAt: row.CreatedAt, UpdatedAt: row.UpdatedAt,
		})
		return check, s.record(ctx, tx, events.VersionCheckReported, checkEvent{
			PromptID: prompt.ID, Slug: prompt.Slug, VersionID: version.ID, VersionNumber: version.VersionNumber, VersionCheck: check,
		})
	})
	if errors.Is(err, errQuotaExceeded) {
		return api.ReportVersionCheck409JSONResponse{QuotaExceededJSONResponse: quotaExceeded(ctx, api.QuotaResourceChecks, s.quotas.Checks)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("report check %s on %s: %w", b.Name, version.ID, err)
	}
	// A release waiting for this check applies now, as the caller's doing, once the report
	// has committed: to its end, within a job's bound, even should the caller hang up
	// (the report stands, and the periodic pass would otherwise wait an interval).
	reconsider, cancel := context.WithTimeout(context.WithoutCancel(ctx), releaseJobTimeout)
	defer cancel()
	s.reconsiderReleases(reconsider, version.ID)
	body := api.VersionCheckResponse{Data: check}
	if inserted {
		return api.ReportVersionCheck201JSONResponse{Body: body}, nil
	}
	return api.ReportVersionCheck200JSONResponse{Body: body}, nil
}

// checksBesides counts a version's checks of other names than name: reporting name again
// adds no row, so only a new name can pass the quota.
func checksBesides(q *dbsqlc.Queries, name string) countFunc {
	return func(ctx context.Context, db dbsqlc.DBTX, versionID uuid.UUID) (int64, error) {
		return q.VersionCheckCountOthers(ctx, db, dbsqlc.VersionCheckCountOthersParams{VersionID: versionID, Name: name})
	}
}

// ListVersionChecks lists the newest report of each check on a version, by name.
func (s *Server) ListVersionChecks(ctx context.Context, req api.ListVersionChecksRequestObject) (api.ListVersionChecksResponseObject, error) {
	version, err := s.pathVersion(ctx, req.PromptId, req.VersionId)
	if errors.Is(err, pgx.ErrNoRows) {
		return api.ListVersionChecks404JSONResponse{NotFoundJSONResponse: notFound(ctx, msgVersionNotFound)}, nil
	}
	if err != nil {
		return nil, err
	}
	pg := newPage(req.Params.Page, req.Params.Limit)
	total, err := s.q.VersionCheckCount(ctx, s.db, version.ID)
	if err != nil {
		return nil, fmt.Errorf("count checks: %w", err)
	}
	rows, err := s.q.VersionCheckList(ctx, s.db, dbsqlc.VersionCheckListParams{VersionID: version.ID, RowLimit: int32(pg.limit), RowOffset: pg.offset()})
	if err != nil {
		return nil, fmt.Errorf("list checks: %w", err)
	}
	out := make([]api.VersionCheck, len(rows))
	for i, row := range rows {
		out[i] = checkFromDB(row)
	}
	return api.ListVersionChecks200JSONResponse{Data: out, Meta: pg.meta(total)}, nil
}

// checkEvent is the data of version.check_reported: the check as the API shows it, with
// its prompt and version.
type checkEvent struct {
	PromptID      uuid.UUID `json:"promptId"`
	Slug          string    `json:"slug"`
	VersionID     uuid.UUID `json:"versionId"`
	VersionNumber int32     `json:"versionNumber"`
	api.VersionCheck
}

func checkFromDB(c *dbsqlc.VersionCheck) api.VersionCheck {
	return api.VersionCheck{
		Name: c.Name, Status: api.CheckStatus(c.Status), Score: nullableOf(c.Score), DetailsUrl: nullableOf(c.DetailsUrl),
		Actor: actorFromDB(c.Actor), CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
	}
}
