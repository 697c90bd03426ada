package jobs

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"
)

type testArgs struct{}

func (testArgs) Kind() string { return "test" }

type testWorker struct {
	river.WorkerDefaults[testArgs]
}

func (testWorker) Work(context.Context, *river.Job[testArgs]) error { return nil }

// TestRiverConfig: the sets' contributions merge into one client, whose client-wide
// settings suit every set.
func TestRiverConfig(t *testing.T) {
	t.Parallel()
	deliveries := Set{
		Name:                 "deliveries",
		AddWorkersFunc:       func(w *river.Workers) error { return river.AddWorkerSafely(w, testWorker{}) },
		Queues:               map[string]river.QueueConfig{"deliveries": {MaxWorkers: 10}},
		RescueStuckJobsAfter: 30 * time.Second,
	}
	periodic := river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
		func() (river.JobArgs, *river.InsertOpts) { return testArgs{}, nil }, nil)
	housekeeping := Set{
		Name:         "housekeeping",
		Queues:       map[string]river.QueueConfig{"housekeeping": {MaxWorkers: 1}},
		PeriodicJobs: []*river.PeriodicJob{periodic},
	}

	t.Run("Merged", func(t *testing.T) {
		t.Parallel()
		cfg, err := riverConfig([]Set{deliveries, housekeeping})
		require.NoError(t, err)
		require.Equal(t, map[string]river.QueueConfig{"deliveries": {MaxWorkers: 10}, "housekeeping": {MaxWorkers: 1}}, cfg.Queues)
		require.Equal(t, []*river.PeriodicJob{periodic}, cfg.PeriodicJobs)
		require.Equal(t, 30*time.Second, cfg.RescueStuckJobsAfter, "the smallest a set asks for")
		require.Equal(t, 30*time.Second, cfg.JobTimeout, "River refuses one past the rescue")
	})

	t.Run("SmallestRescue", func(t *testing.T) {
		t.Parallel()
		slow := housekeeping
		slow.Queues = map[string]river.QueueConfig{"slow": {MaxWorkers: 1}}
		slow.RescueStuckJobsAfter = 10 * time.Minute
		cfg, err := riverConfig([]Set{slow, deliveries})
		require.NoError(t, err)
		require.Equal(t, 30*time.Second, cfg.RescueStuckJobsAfter)
	})

	t.Run("RiverDefaultsWithoutRescue", func(t *testing.T) {
		t.Parallel()
		cfg, err := riverConfig([]Set{housekeeping})
		require.NoError(t, err)
		require.Zero(t, cfg.RescueStuckJobsAfter)
		require.Equal(t, river.JobTimeoutDefault, cfg.JobTimeout)
	})

	t.Run("SharedQueueRefused", func(t *testing.T) {
		t.Parallel()
		other := housekeeping
		other.Name = "other"
		_, err := riverConfig([]Set{housekeeping, other})
		require.EqualError(t, err, `jobs of other: queue "housekeeping" is another set's`)
	})

	t.Run("WorkerTwiceRefused", func(t *testing.T) {
		t.Parallel()
		again := deliveries
		again.Queues = nil
		_, err := riverConfig([]Set{deliveries, again})
		require.ErrorContains(t, err, "jobs of deliveries: ")
	})

	t.Run("NoQueueRefused", func(t *testing.T) {
		t.Parallel()
		_, err := riverConfig(nil)
		require.EqualError(t, err, "jobs: no queue to work")
	})
}
