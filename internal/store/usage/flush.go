package usage

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/promptops/promptops/gen/dbsqlc"
)

const (
	// flushTimeout bounds one flush, so that a database that stops answering holds up no
	// later flush for long: the counts stay for the next one.
	flushTimeout = 10 * time.Second
	// PurgeEvery is how often rows past their retention are deleted.
	PurgeEvery = time.Hour
	// RequestRetention and ResolveRetention are how long counts are kept: past what
	// GET /api/v1/usage reads (30 days, 24 hours), with a margin.
	RequestRetention = 35 * 24 * time.Hour
	ResolveRetention = 48 * time.Hour
)

// Run flushes the counts every interval and purges old rows at once and then every
// PurgeEvery, until ctx ends; then it flushes once more, so that an instance that shuts
// down loses no count.
func (c *Counter) Run(ctx context.Context, interval time.Duration) {
	flushes, purges := time.NewTicker(interval), time.NewTicker(PurgeEvery)
	defer flushes.Stop()
	defer purges.Stop()
	c.purge(ctx)
	for {
		select {
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.WithoutCancel(ctx), flushTimeout)
			defer cancel()
			c.flushLogged(final)
			return
		case <-flushes.C:
			c.flushLogged(ctx)
		case <-purges.C:
			c.purge(ctx)
		}
	}
}

func (c *Counter) flushLogged(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, flushTimeout)
	defer cancel()
	if err := c.Flush(ctx); err != nil {
		c.logger.WarnContext(ctx, "usage counts kept for the next flush", slog.String("error", err.Error()))
	}
}

func (c *Counter) purge(ctx context.Context) {
	if err := c.Purge(ctx); err != nil && ctx.Err() == nil {
		c.logger.WarnContext(ctx, "purge old usage counts", slog.String("error", err.Error()))
	}
}

// Purge deletes the request counts of days past RequestRetention and the resolve counts
// of hours past ResolveRetention, of every project. Instances may purge at once: the
// deletes are the same.
func (c *Counter) Purge(ctx context.Context) error {
	now := c.nowFunc()
	err := c.q.UsagePurge(ctx, c.db, dbsqlc.UsagePurgeParams{
		RequestsBefore: now.Add(-RequestRetention), ResolvesBefore: now.Add(-ResolveRetention),
	})
	if err != nil {
		return fmt.Errorf("purge usage counts: %w", err)
	}
	return nil
}

// Flush adds the counts made since the last flush to the database in one statement.
// Requests go on being counted meanwhile, into the other batch. When the statement fails,
// whether it was written is not known (a shutdown or a timeout may cancel it as it
// commits): its batch is kept apart, with its token, and sent again as it is, alone, at the
// start of the next flush, which writes it only if it was not written (UsageFlush).
func (c *Counter) Flush(ctx context.Context) error {
	c.flushing.Lock()
	defer c.flushing.Unlock()
	if c.unsent != nil {
		if err := c.q.UsageFlush(ctx, c.db, flushParams(c.unsent)); err != nil {
			return fmt.Errorf("flush usage counts: %w", err)
		}
		c.unsent = nil
	}
	c.mu.Lock()
	b := c.live
	if b.empty() {
		c.mu.Unlock()
		return nil
	}
	if c.spare == nil { // the last failed flush kept its batch
		c.spare = newBatch()
	}
	c.live, c.spare = c.spare, nil
	c.mu.Unlock()

	b.token = uuid.New()
	if err := c.q.UsageFlush(ctx, c.db, flushParams(b)); err != nil {
		c.unsent = b
		return fmt.Errorf("flush usage counts: %w", err)
	}
	clear(b.requests)
	clear(b.resolves)
	c.mu.Lock()
	c.spare = b
	c.mu.Unlock()
	return nil
}

// flushParams lays a batch out as the statement's arrays, one element per count.
func flushParams(b *batch) dbsqlc.UsageFlushParams {
	p := dbsqlc.UsageFlushParams{
		Token:             b.token,
		RequestProjectIds: make([]uuid.UUID, 0, len(b.requests)), RequestDayStarts: make([]time.Time, 0, len(b.requests)),
		RequestKeyIds: make([]uuid.UUID, 0, len(b.requests)), RequestCounts: make([]int64, 0, len(b.requests)),
		ResolveProjectIds: make([]uuid.UUID, 0, len(b.resolves)), ResolveHours: make([]time.Time, 0, len(b.resolves)),
		ResolveKeyIds: make([]uuid.UUID, 0, len(b.resolves)), ResolvePromptIds: make([]uuid.UUID, 0, len(b.resolves)),
		ResolveVersionNumbers: make([]int32, 0, len(b.resolves)), ResolveCounts: make([]int64, 0, len(b.resolves)),
	}
	for k, n := range b.requests {
		p.RequestProjectIds = append(p.RequestProjectIds, k.projectID)
		p.RequestDayStarts = append(p.RequestDayStarts, dayStart(k.day))
		p.RequestKeyIds = append(p.RequestKeyIds, k.keyID)
		p.RequestCounts = append(p.RequestCounts, n)
	}
	for k, n := range b.resolves {
		p.ResolveProjectIds = append(p.ResolveProjectIds, k.projectID)
		p.ResolveHours = append(p.ResolveHours, hourStart(k.hour))
		p.ResolveKeyIds = append(p.ResolveKeyIds, k.keyID)
		p.ResolvePromptIds = append(p.ResolvePromptIds, k.promptID)
		p.ResolveVersionNumbers = append(p.ResolveVersionNumbers, k.versionNumber)
		p.ResolveCounts = append(p.ResolveCounts, n)
	}
	return p
}
