// Package jobs runs the instance's one River client: every durable job (webhook
// deliveries, the analytics partitions) is worked by it. There is one because River runs
// periodic jobs and its maintenance only on the client elected leader, and a second
// client on the same database would compete for that election instead of adding to it.
package jobs

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
)

// Set is what one mechanism runs on the client.
type Set struct {
	// Name says whose set it is, in errors.
	Name string
	// AddWorkersFunc adds the mechanism's workers. Each worker should say its own Timeout:
	// the client's JobTimeout is only a fallback, and a job is never rescued while its
	// worker's Timeout runs.
	AddWorkersFunc func(*river.Workers) error
	// Queues are the mechanism's queues, each with its MaxWorkers.
	Queues map[string]river.QueueConfig
	// PeriodicJobs are inserted by the leader on their schedules.
	PeriodicJobs []*river.PeriodicJob
	// RescueStuckJobsAfter is how long a job of the set may have been running, past its
	// worker's Timeout, before River takes it for lost in a crash and retries it. River
	// has one such setting per client: the client takes the smallest of the sets', which
	// is safe for the others since a job inside its worker's Timeout is never rescued.
	// Zero leaves it to the others (River's default, an hour, when none sets it).
	RescueStuckJobsAfter time.Duration
	// UseClientFunc, if set, is given the client once built: the mechanism inserts
	// through the client that works its jobs.
	UseClientFunc func(*Client)
}

// Client is the instance's River client.
type Client struct {
	river *river.Client[pgx.Tx]
}

// fetchPollInterval is how often a queue looks for jobs when no insert notification
// came; inserts notify, so this only bounds the delay when a notification is missed.
const fetchPollInterval = 500 * time.Millisecond

// Options configure a Client.
type Options struct {
	Logger *slog.Logger
	// Middleware wraps every job's insert and work (tracing's spans).
	Middleware []rivertype.Middleware
}

// New builds the client of sets on pool (not started). River's tables must exist (see
// migrate).
func New(pool *pgxpool.Pool, o Options, sets ...Set) (*Client, error) {
	cfg, err := riverConfig(sets)
	if err != nil {
		return nil, err
	}
	cfg.Logger, cfg.Middleware = o.Logger, o.Middleware
	client, err := river.NewClient(riverpgxv5.New(pool), cfg)
	if err != nil {
		return nil, fmt.Errorf("river client: %w", err)
	}
	c := &Client{river: client}
	for _, s := range sets {
		if s.UseClientFunc != nil {
			s.UseClientFunc(c)
		}
	}
	return c, nil
}

// riverConfig merges the sets into one client's configuration.
func riverConfig(sets []Set) (*river.Config, error) {
	cfg := &river.Config{
		Workers:           river.NewWorkers(),
		Queues:            map[string]river.QueueConfig{},
		FetchPollInterval: fetchPollInterval,
	}
	for _, s := range sets {
		if s.AddWorkersFunc != nil {
			if err := s.AddWorkersFunc(cfg.Workers); err != nil {
				return nil, fmt.Errorf("jobs of %s: %w", s.Name, err)
			}
		}
		for name := range s.Queues {
			if _, taken := cfg.Queues[name]; taken {
				return nil, fmt.Errorf("jobs of %s: queue %q is another set's", s.Name, name)
			}
		}
		maps.Copy(cfg.Queues, s.Queues)
		cfg.PeriodicJobs = append(cfg.PeriodicJobs, s.PeriodicJobs...)
		if s.RescueStuckJobsAfter > 0 && (cfg.RescueStuckJobsAfter == 0 || s.RescueStuckJobsAfter < cfg.RescueStuckJobsAfter) {
			cfg.RescueStuckJobsAfter = s.RescueStuckJobsAfter
		}
	}
	if len(cfg.Queues) == 0 {
		return nil, errors.New("jobs: no queue to work")
	}
	// River refuses a JobTimeout past RescueStuckJobsAfter; it is only the fallback of
	// workers without a Timeout of their own.
	cfg.JobTimeout = min(river.JobTimeoutDefault, cmp.Or(cfg.RescueStuckJobsAfter, river.JobTimeoutDefault))
	return cfg, nil
}

// Start begins working the jobs (this and every other instance's) and standing for
// leader, who inserts the periodic jobs.
func (c *Client) Start(ctx context.Context) error { return c.river.Start(ctx) }

// Stop finishes the jobs in flight (bounded by ctx) and stops working.
func (c *Client) Stop(ctx context.Context) error { return c.river.Stop(ctx) }

// InsertManyTx queues jobs in tx: they exist, and are worked, only if tx commits.
func (c *Client) InsertManyTx(ctx context.Context, tx pgx.Tx, params []river.InsertManyParams) error {
	_, err := c.river.InsertManyTx(ctx, tx, params)
	return err
}
