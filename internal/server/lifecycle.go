package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/promptops/promptops/internal/change/feed"
	"github.com/promptops/promptops/internal/http/httpapi"
	"github.com/promptops/promptops/internal/store/analytics"
)

// running is what Start has started, for Stop to end.
type running struct {
	mu sync.Mutex
	// started is set once Start has begun; Start runs once.
	started bool
	// jobs is set while the River client runs.
	jobs bool
	// cancel ends the feed and the housekeeping; done closes once both have stopped.
	cancel context.CancelFunc
	done   []<-chan struct{}
}

// Start runs the instance's background work, in the order the API needs it: it seals the
// webhook secrets still stored in plain text, makes today's analytics partitions (track
// needs them, and the periodic job that keeps them runs only once a leader is elected,
// which takes a while), starts the River client (webhook deliveries, the analytics job),
// listens to every instance's committed events (caches and sockets) and starts the
// housekeeping (usage counts, expired idempotency keys). It returns once all of that
// runs. As with river's Client, cancelling ctx stops the work abruptly; Stop ends it
// gracefully. If Start fails, what it had started is stopped again; Stop is then safe, as
// it is before Start.
func (s *Server) Start(ctx context.Context) error {
	s.run.mu.Lock()
	defer s.run.mu.Unlock()
	if s.run.started {
		return errors.New("server: already started")
	}
	s.run.started = true
	err := s.start(ctx)
	if err != nil {
		s.stopLocked(context.WithoutCancel(ctx))
	}
	return err
}

func (s *Server) start(ctx context.Context) error {
	sealed, err := s.hooks.SealStoredSecrets(ctx)
	if err != nil {
		return err
	}
	if sealed > 0 {
		s.o.Logger.InfoContext(ctx, "sealed the webhook secrets stored in plain text", slog.Int("webhooks", sealed))
	}
	p, err := analytics.Maintain(ctx, s.o.Pool, s.o.NowFunc(), s.o.AnalyticsRetention)
	if err != nil {
		return fmt.Errorf("analytics partitions: %w", err)
	}
	if len(p.Created)+len(p.Dropped) > 0 {
		s.o.Logger.InfoContext(ctx, "analytics partitions maintained", slog.Any("created", p.Created), slog.Any("dropped", p.Dropped))
	}
	if err := s.jobs.Start(ctx); err != nil {
		return fmt.Errorf("start durable jobs (webhook deliveries, analytics partitions): %w", err)
	}
	s.run.jobs = true
	runCtx, cancel := context.WithCancel(ctx)
	s.run.cancel = cancel
	listening, err := s.listen(runCtx)
	if err != nil {
		return err
	}
	s.run.done = append(s.run.done, listening, s.maintain(runCtx))
	return nil
}

// Stop ends what Start started, gracefully: it says goodbye to the sockets, stops
// listening and the housekeeping (which flushes the usage counts once more), then lets
// the River client finish the jobs in flight, bounded by ctx. It is safe to call before
// Start, after a failed Start, and more than once.
func (s *Server) Stop(ctx context.Context) error {
	s.run.mu.Lock()
	defer s.run.mu.Unlock()
	return s.stopLocked(ctx)
}

func (s *Server) stopLocked(ctx context.Context) error {
	s.hub.Close()
	if s.run.cancel != nil {
		s.run.cancel()
		s.run.cancel = nil
	}
	for _, done := range s.run.done {
		<-done
	}
	s.run.done = nil
	if !s.run.jobs {
		return nil
	}
	s.run.jobs = false
	if err := s.jobs.Stop(ctx); err != nil {
		return fmt.Errorf("durable jobs (webhook deliveries) cut off: %w", err)
	}
	return nil
}

// listen hears every committed event, from any instance, and keeps this instance's caches
// and sockets current. It returns once listening; done closes when ctx ends and listening
// stops.
func (s *Server) listen(ctx context.Context) (done <-chan struct{}, err error) {
	o := feed.Options{Pool: s.o.Pool, Logger: s.o.Logger, Keys: s.keys, Hub: s.hub, EventFunc: httpapi.EventFromDB, Connected: &s.feedConnected,
		LagFunc: s.o.Metrics.FeedLag}
	if s.resolves != nil { // a nil cache must not become a non-nil interface
		o.Resolves = s.resolves
	}
	return feed.Listen(ctx, o)
}

// bucketPurgeEvery is how often rate-limit buckets that are full again are deleted: the
// rows then follow the callers active in the last minute or so (an hour for sign-ups).
const bucketPurgeEvery = time.Minute

// maintain does this instance's housekeeping until ctx ends: it purges expired idempotency
// keys, at once and then every IdempotencyPurgeEvery, flushes the usage counts every
// UsageFlushInterval (purging old ones hourly) and purges full rate-limit buckets every
// bucketPurgeEvery. When ctx ends it flushes the counts once
// more; done closes once that is written and everything has stopped.
func (s *Server) maintain(ctx context.Context) (done <-chan struct{}) {
	stopped := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { s.idem.PurgeEvery(ctx, s.o.IdempotencyPurgeEvery) })
	wg.Go(func() { s.usage.Run(ctx, s.o.UsageFlushInterval) })
	wg.Go(func() { s.buckets.PurgeEvery(ctx, bucketPurgeEvery, s.o.NowFunc) })
	go func() {
		defer close(stopped)
		wg.Wait()
	}()
	return stopped
}
