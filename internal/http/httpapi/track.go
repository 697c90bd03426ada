package httpapi

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/auth"
	"github.com/promptops/promptops/internal/http/gateway"
	"github.com/promptops/promptops/internal/metrics"
	"github.com/promptops/promptops/internal/release/assign"
	"github.com/promptops/promptops/internal/store/analytics"
	"github.com/promptops/promptops/internal/store/database"
)

// retryAfterPartition is the Retry-After of a batch refused for a missing partition: the
// periodic job that makes partitions runs hourly, but an operator may be needed.
const retryAfterPartition = 60

// TrackEvents stores a batch of events (or one) and adds them to the hourly rollups, all
// or nothing: any invalid event refuses the whole batch with every problem of every event.
func (s *Server) TrackEvents(ctx context.Context, req api.TrackEventsRequestObject) (api.TrackEventsResponseObject, error) {
	key := gateway.Key(ctx)
	events, single, err := trackedEvents(req.Body)
	if err != nil {
		// The gateway lets through only what decodes; should a body still not, it is the
		// client's to fix, not a 500.
		return api.TrackEvents400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{},
			api.FieldProblem{Field: "body", Problem: "could not be decoded: " + err.Error()})}, nil
	}
	if forbidden, refused := foreignEnvironment(ctx, key, events, single); refused {
		s.metrics.AnalyticsRejected(metrics.RejectForbidden, len(events))
		return api.TrackEvents403JSONResponse{ForbiddenJSONResponse: forbidden}, nil
	}
	targets, err := s.trackTargets(ctx, key.ProjectID, events)
	if err != nil {
		return nil, err
	}
	known, err := s.trackEnvironments(ctx, key.ProjectID, events)
	if err != nil {
		return nil, err
	}
	now := s.nowFunc()
	if problems := eventProblems(events, single, targets, known, now); len(problems) > 0 {
		s.metrics.AnalyticsRejected(metrics.RejectValidation, len(events))
		return api.TrackEvents400JSONResponse{BadRequestJSONResponse: invalid(ctx, api.ErrorDetails{}, problems...)}, nil
	}
	rolling, err := s.rollingReleases(ctx, key, events, targets)
	if err != nil {
		return nil, err
	}
	batch := eventRows(key, events, targets, rolling, now)
	err = database.WithTx(ctx, s.db, func(tx pgx.Tx) error {
		return s.storeEvents(ctx, tx, key.ProjectID, batch, now)
	})
	switch {
	case errors.Is(err, errProjectDeleted):
		return api.TrackEvents401JSONResponse{UnauthorizedJSONResponse: api.UnauthorizedJSONResponse{
			Body:    errorBody(ctx, api.ErrorCodeAUTHINVALID, gateway.UnknownKey, nil), // as the gateway answers it from now on
			Headers: api.UnauthorizedResponseHeaders{WWWAuthenticate: `Bearer realm="promptops"`},
		}}, nil
	case errors.Is(err, errQuotaExceeded):
		s.metrics.AnalyticsRejected(metrics.RejectQuota, len(events))
		return api.TrackEvents409JSONResponse{QuotaExceededJSONResponse: quotaExceeded(ctx, api.QuotaResourceAnalyticsBytes, s.quotas.AnalyticsBytes)}, nil
	case missingPartition(err):
		// Inside the timestamp window this means the partition job has not run for days:
		// an operator's problem, not the client's, and one a retry may outlive.
		s.logger.ErrorContext(ctx, "analytics partition missing: is the partition job running?", "error", err.Error())
		s.metrics.AnalyticsRejected(metrics.RejectUnavailable, len(events))
		return api.TrackEvents503JSONResponse{ServiceUnavailableJSONResponse: api.ServiceUnavailableJSONResponse{
			Body: errorBody(ctx, api.ErrorCodeSERVICEUNAVAILABLE,
				"Analytics storage for an event's day is not ready yet (its partition is missing); nothing was stored, try again later.", nil),
			Headers: api.ServiceUnavailableResponseHeaders{RetryAfter: new(retryAfterPartition)},
		}}, nil
	case err != nil:
		return nil, fmt.Errorf("track %d events: %w", len(batch.rows), err)
	}
	s.metrics.AnalyticsAccepted(len(batch.rows))
	return api.TrackEvents202JSONResponse{Body: trackResponse(len(batch.rows))}, nil
}

// errProjectDeleted is returned by storeEvents when the key's project was marked deleted
// after the key authenticated the request (or on an instance whose cache still had it).
var errProjectDeleted = errors.New("the key's project was deleted")

// storeEvents writes a valid batch in tx: its events with COPY, their rollups and the
// metrics of the releases they belong to into one shard picked at random, and counts what
// it wrote in the project's analytics storage. A batch that would take the project past
// its quota is errQuotaExceeded, before anything is written. Concurrent batches do not see
// each other's counts until they commit, so they may pass the quota by the batches in
// flight.
//
// It first holds the project live (ProjectHoldLive): the events have no foreign key to the
// project, so without the hold a batch begun before the project's deletion could commit
// after the purge had read the partitions, and its events would outlive the project. With
// it, the deletion waits for the batch to commit, or the batch finds the project deleted
// (errProjectDeleted) and writes nothing. Holding the row is cheaper than a last pass of
// the purge over every partition, and a last pass could not see a batch still in flight.
func (s *Server) storeEvents(ctx context.Context, tx pgx.Tx, projectID uuid.UUID, b *trackBatch, now time.Time) error {
	if _, err := s.q.ProjectHoldLive(ctx, tx, projectID); errors.Is(err, pgx.ErrNoRows) {
		return errProjectDeleted
	} else if err != nil {
		return fmt.Errorf("hold project: %w", err)
	}
	used, err := s.q.StorageUsageOf(ctx, tx, dbsqlc.StorageUsageOfParams{ProjectID: projectID, Kind: analytics.StorageKind})
	if err != nil {
		return fmt.Errorf("read analytics storage: %w", err)
	}
	if used+b.size > int64(s.quotas.AnalyticsBytes) {
		return errQuotaExceeded
	}
	if _, err := s.q.AnalyticsEventsCopy(ctx, tx, b.rows); err != nil {
		return fmt.Errorf("copy events: %w", err)
	}
	shard := int16(rand.IntN(analytics.Shards))
	added, err := s.q.AnalyticsHourlyAdd(ctx, tx, b.rollups.Params(projectID, shard))
	if err != nil {
		return fmt.Errorf("add rollups: %w", err)
	}
	// Release metrics are locked after the rollups, by every batch, so that none waits for
	// another in the opposite order.
	if b.releases.Len() > 0 {
		if err := s.q.ReleaseMetricsAdd(ctx, tx, b.releases.Params(shard)); err != nil {
			return fmt.Errorf("add release metrics: %w", err)
		}
	}
	err = s.q.StorageUsageAdd(ctx, tx, dbsqlc.StorageUsageAddParams{ProjectID: projectID, Kind: analytics.StorageKind,
		Period: now.UTC().Truncate(day), Shard: shard, Bytes: b.size + analytics.RollupBytes(added)})
	if err != nil {
		return fmt.Errorf("count analytics storage: %w", err)
	}
	return nil
}

// trackedEvents decodes the body's union: a batch, or one event (single).
func trackedEvents(body *api.TrackRequest) (events []api.AnalyticsEvent, single bool, err error) {
	batch, err := body.AsAnalyticsEventBatch()
	if err != nil {
		return nil, false, err
	}
	if len(batch.Events) > 0 { // the gateway checked the body against the oneOf
		return batch.Events, false, nil
	}
	event, err := body.AsAnalyticsEvent()
	return []api.AnalyticsEvent{event}, true, err
}

// foreignEnvironment is the 403 of a batch with an event of another environment than the
// key's, which only an admin key may report: a dev key must not write production's figures.
// It names the first such event, and the key's own environment as promote does.
func foreignEnvironment(ctx context.Context, key *auth.Key, events []api.AnalyticsEvent, single bool) (api.ForbiddenJSONResponse, bool) {
	if key.Has(auth.ScopeAdmin) {
		return api.ForbiddenJSONResponse{}, false
	}
	for i := range events {
		env := events[i].Environment
		if env == nil || string(*env) == key.Environment {
			continue
		}
		own := api.Environment(key.Environment)
		return api.ForbiddenJSONResponse{Body: errorBody(ctx, api.ErrorCodeFORBIDDEN,
			"This key may report analytics for "+key.Environment+" only, not for "+string(*env)+
				" ("+eventPointer(single, i, "environment")+"); that needs a key of "+string(*env)+" or an admin key.",
			&api.ErrorDetails{Environment: &own})}, true
	}
	return api.ForbiddenJSONResponse{}, false
}

// target is what an event names: a prompt by slug and one of its versions.
type target struct {
	slug    string
	version int32
}

// targetFound is what the project has of a target: the prompt's id (uuid.Nil when no
// prompt has the slug) and whether it has the version.
type targetFound struct {
	promptID     uuid.UUID
	versionKnown bool
}

// trackTargets looks up every distinct target of the batch in one query.
func (s *Server) trackTargets(ctx context.Context, projectID uuid.UUID, events []api.AnalyticsEvent) (map[target]targetFound, error) {
	found := make(map[target]targetFound, 1)
	var params dbsqlc.AnalyticsTargetsParams
	for i := range events {
		t := target{events[i].Slug, int32(events[i].VersionNumber)}
		if _, ok := found[t]; !ok {
			found[t] = targetFound{}
			params.Slugs = append(params.Slugs, t.slug)
			params.VersionNumbers = append(params.VersionNumbers, t.version)
		}
	}
	params.ProjectID = projectID
	rows, err := s.q.AnalyticsTargets(ctx, s.db, params)
	if err != nil {
		return nil, fmt.Errorf("look up tracked prompts: %w", err)
	}
	for _, r := range rows {
		f := targetFound{versionKnown: r.VersionKnown}
		if r.PromptID != nil {
			f.promptID = *r.PromptID
		}
		found[target{r.Slug, r.VersionNumber}] = f
	}
	return found, nil
}

// trackEnvironments is which of the environments the batch's events name the project
// has, in one query; the reference environments, which every project has, need none.
// (The gateway checks the environments a request names, but not in a batch's array, nor
// in the one event of a body that is one or the other.)
func (s *Server) trackEnvironments(ctx context.Context, projectID uuid.UUID, events []api.AnalyticsEvent) (map[string]bool, error) {
	known := make(map[string]bool, len(auth.ReferenceEnvironments))
	for _, name := range auth.ReferenceEnvironments {
		known[name] = true
	}
	var names []string
	for i := range events {
		if env := events[i].Environment; env != nil && !known[string(*env)] && !slices.Contains(names, string(*env)) {
			names = append(names, string(*env))
		}
	}
	if len(names) == 0 {
		return known, nil
	}
	found, err := s.q.EnvironmentNamesKnown(ctx, s.db, dbsqlc.EnvironmentNamesKnownParams{ProjectID: projectID, Names: names})
	if err != nil {
		return nil, fmt.Errorf("look up tracked environments: %w", err)
	}
	for _, name := range found {
		known[name] = true
	}
	return known, nil
}

// eventProblems checks what the schema cannot: the timestamp window, error only with a
// failure, the size of the metadata, that the environment is one of the project's (known)
// and that the prompt and version exist. Problems come in event order, each pointing into
// its event ("/events/3/slug"; "/slug" for the single-event form).
func eventProblems(events []api.AnalyticsEvent, single bool, targets map[target]targetFound, known map[string]bool, now time.Time) []api.FieldProblem {
	var problems []api.FieldProblem
	oldest, latest := now.Add(-analytics.MaxAge), now.Add(analytics.MaxAhead)
	for i := range events {
		e := &events[i]
		add := func(field, problem string) {
			problems = append(problems, api.FieldProblem{Field: eventPointer(single, i, field), Problem: problem})
		}
		if e.Timestamp != nil && e.Timestamp.Before(oldest) {
			add("timestamp", "is more than 7 days old; older events are not accepted")
		}
		if e.Timestamp != nil && e.Timestamp.After(latest) {
			add("timestamp", "is more than 5 minutes ahead of the server's clock")
		}
		if e.Error != nil && e.Success {
			add("error", "goes only with \"success\": false")
		}
		if e.Metadata != nil && len(*e.Metadata) > analytics.MaxMetadataBytes {
			add("metadata", fmt.Sprintf("is %d bytes of JSON; at most %d are kept with an event", len(*e.Metadata), analytics.MaxMetadataBytes))
		}
		if e.Environment != nil && !known[string(*e.Environment)] {
			add("environment", fmt.Sprintf("no environment %q in this project", *e.Environment))
		}
		switch f := targets[target{e.Slug, int32(e.VersionNumber)}]; {
		case f.promptID == uuid.Nil:
			add("slug", "no prompt of this project has this slug")
		case !f.versionKnown:
			add("versionNumber", "the prompt has no version "+strconv.Itoa(e.VersionNumber))
		}
	}
	return problems
}

func eventPointer(single bool, i int, field string) string {
	if single {
		return "/" + field
	}
	return "/events/" + strconv.Itoa(i) + "/" + field
}

// deploymentKey names a prompt's deployment in an environment.
type deploymentKey struct {
	promptID    uuid.UUID
	environment string
}

// rollout is a deployment a release is rolling out: the release, when it began rolling
// out, and the version numbers of its current and candidate variants.
type rollout struct {
	releaseID          uuid.UUID
	started            time.Time
	current, candidate int32
}

// attribute is the release_metrics row a call of the prompt's version n made at counts in,
// by the contract's attribution rule: the current variant for the current version, the
// candidate for the candidate; ok is false for any other version, outside a rollout (r
// zero), or for a call made before the release began (track takes calls days old, which
// the release's figures are not about).
func (r rollout) attribute(promptID uuid.UUID, n int32, at time.Time) (k analytics.ReleaseKey, ok bool) {
	k = analytics.ReleaseKey{ReleaseID: r.releaseID, PromptID: promptID}
	switch {
	case r.releaseID == uuid.Nil || at.Before(r.started):
		return k, false
	case n == r.current:
		k.Variant = assign.Current
	case n == r.candidate:
		k.Variant = assign.Candidate
	default:
		return k, false
	}
	return k, true
}

// rollingReleases finds the releases rolling out the batch's prompts in its events'
// environments, in one query for the whole batch. It reads before the batch's transaction:
// reading in it would not keep a release from ending before the batch commits (under READ
// COMMITTED each statement sees what has committed when it starts, and ending a release
// writes no row the batch writes or locks). A batch that meets a release's end counts in
// it as if it had come a moment sooner: its calls are of the release's variants, and an
// ended release's guards are judged no more.
func (s *Server) rollingReleases(ctx context.Context, key *auth.Key, events []api.AnalyticsEvent, targets map[target]targetFound) (
	map[deploymentKey]rollout, error) {
	var params dbsqlc.ReleaseMetricsRollingParams
	prompts := make(map[uuid.UUID]bool, len(targets))
	for _, f := range targets {
		if !prompts[f.promptID] {
			prompts[f.promptID] = true
			params.PromptIds = append(params.PromptIds, f.promptID)
		}
	}
	for i := range events {
		// A batch names one environment, or a few (another than the key's needs admin).
		if env := eventEnvironment(key, &events[i]); !slices.Contains(params.Environments, env) {
			params.Environments = append(params.Environments, env)
		}
	}
	rows, err := s.q.ReleaseMetricsRolling(ctx, s.db, params)
	if err != nil {
		return nil, fmt.Errorf("look up releases rolling out tracked prompts: %w", err)
	}
	rolling := make(map[deploymentKey]rollout, len(rows))
	for _, r := range rows {
		rolling[deploymentKey{r.PromptID, r.Environment}] = rollout{releaseID: r.ReleaseID, started: r.StartedAt,
			current: r.CurrentVersion, candidate: r.CandidateVersion}
	}
	return rolling, nil
}

// trackBatch is a valid batch as it is stored: the rows COPY writes, the hourly rollups
// and release metrics they add up to, and the bytes they are counted as
// (analytics.EventBytes).
type trackBatch struct {
	rows     []dbsqlc.AnalyticsEventsCopyParams
	rollups  analytics.Rollups
	releases analytics.ReleaseRollups
	size     int64
}

// eventRows turns valid events into the batch to store.
func eventRows(key *auth.Key, events []api.AnalyticsEvent, targets map[target]targetFound, rolling map[deploymentKey]rollout,
	now time.Time) *trackBatch {
	b := &trackBatch{rows: make([]dbsqlc.AnalyticsEventsCopyParams, len(events))}
	projectID, keyID := pgtype.UUID{Bytes: key.ProjectID, Valid: true}, pgtype.UUID{Bytes: key.ID, Valid: true}
	for i := range events {
		e := &events[i]
		r := &b.rows[i]
		promptID := targets[target{e.Slug, int32(e.VersionNumber)}].promptID
		*r = dbsqlc.AnalyticsEventsCopyParams{
			ProjectID: projectID, PromptID: pgtype.UUID{Bytes: promptID, Valid: true},
			VersionNumber: int32(e.VersionNumber), Environment: eventEnvironment(key, e), KeyID: keyID,
			OccurredAt: now, ReceivedAt: now, LatencyMs: e.LatencyMs, Success: e.Success,
			Error: e.Error, TraceID: e.TraceId, SpanID: e.SpanId,
		}
		if e.Timestamp != nil {
			r.OccurredAt = *e.Timestamp
		}
		if e.InputTokens != nil {
			r.InputTokens = int64(*e.InputTokens)
		}
		if e.OutputTokens != nil {
			r.OutputTokens = int64(*e.OutputTokens)
		}
		if e.CostUsd != nil {
			r.CostUsd = *e.CostUsd
		}
		if e.Metadata != nil {
			r.Metadata = *e.Metadata
		}
		cost := analytics.Nanos(r.CostUsd)
		k := analytics.RollupKey{PromptID: promptID, Environment: r.Environment, Hour: analytics.Hour(r.OccurredAt), VersionNumber: r.VersionNumber}
		b.rollups.Add(k, r.LatencyMs, r.Success, r.InputTokens, r.OutputTokens, cost)
		if rk, ok := rolling[deploymentKey{promptID, r.Environment}].attribute(promptID, r.VersionNumber, r.OccurredAt); ok {
			b.releases.Add(rk, r.LatencyMs, r.Success, r.InputTokens, r.OutputTokens, cost)
		}
		b.size += analytics.EventBytes(r.Metadata, r.Error, r.TraceID, r.SpanID)
	}
	return b
}

// eventEnvironment is the environment an event counts in: its own, else the key's.
func eventEnvironment(key *auth.Key, e *api.AnalyticsEvent) string {
	if e.Environment != nil {
		return string(*e.Environment)
	}
	return key.Environment
}

// missingPartition reports whether err is PostgreSQL finding no partition of
// analytics_events for a row: the event's day has none.
func missingPartition(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23514" && strings.HasPrefix(pgErr.Message, "no partition of relation")
}

func trackResponse(accepted int) api.TrackResponse {
	var r api.TrackResponse
	r.Data.Accepted = accepted
	return r
}
