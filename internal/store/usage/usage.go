// Package usage counts authenticated requests and resolves in memory and adds the counts
// to PostgreSQL once per interval, so that counting costs no database write per request.
//
// Each instance keeps its own counts and flushes them with one statement whose upserts add
// (requests = requests + the instance's count), so instances flushing into the same rows
// sum. A crash loses at most the counts of one interval; a flush that fails keeps its
// counts for the next one, which writes them once whatever became of the first (each
// batch's token is recorded with its counts).
package usage

import (
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/promptops/promptops/gen/dbsqlc"
)

// Counter counts one instance's requests and resolves until they are flushed. Its
// methods are safe for concurrent use; Request and Resolve do not allocate once their key
// has been counted in the interval.
type Counter struct {
	db      *pgxpool.Pool
	q       *dbsqlc.Queries
	logger  *slog.Logger
	nowFunc func() time.Time

	// flushing is held for writing by a flush, from taking the counts to keeping the
	// ones it failed to write, and for reading by a read of counts (Read): a reader then
	// sees every count either in the database or in live or unsent, never in both or
	// neither (but for a failed flush that was written after all, until the next flush).
	flushing sync.RWMutex
	// unsent is the batch of the last flush, when it failed: sent again first, as it is.
	unsent *batch

	mu sync.Mutex
	// live takes the counts; spare is the emptied batch of the last flush, swapped in by
	// the next one so that its map's buckets are reused rather than grown again.
	live, spare *batch
}

// requestKey is what requests are counted by: fixed size and comparable, so that
// counting one hashes the struct and allocates nothing.
type requestKey struct {
	projectID, keyID uuid.UUID
	// day is days since the Unix epoch, UTC.
	day int32
}

// resolveKey is what resolves are counted by.
type resolveKey struct {
	projectID, keyID, promptID uuid.UUID
	versionNumber              int32
	// hour is hours since the Unix epoch.
	hour int32
}

// batch is the counts of one interval, with the token of its flush once one is tried.
type batch struct {
	requests map[requestKey]int64
	resolves map[resolveKey]int64
	token    uuid.UUID
}

func newBatch() *batch {
	return &batch{requests: map[requestKey]int64{}, resolves: map[resolveKey]int64{}}
}

func (b *batch) empty() bool { return len(b.requests) == 0 && len(b.resolves) == 0 }

// Options configure a Counter.
type Options struct {
	// Pool is where counts are flushed.
	Pool   *pgxpool.Pool
	Logger *slog.Logger
	// NowFunc returns the current time, for purges; tests replace it (time.Now when nil).
	NowFunc func() time.Time
}

// New returns an empty Counter.
func New(opts Options) *Counter {
	c := &Counter{db: opts.Pool, q: dbsqlc.New(), logger: opts.Logger, nowFunc: opts.NowFunc, live: newBatch(), spare: newBatch()}
	if c.nowFunc == nil {
		c.nowFunc = time.Now
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// Request counts one authenticated request of a key at time at. A nil Counter counts
// nothing.
func (c *Counter) Request(projectID, keyID uuid.UUID, at time.Time) {
	if c == nil {
		return
	}
	k := requestKey{projectID: projectID, keyID: keyID, day: dayOf(at)}
	c.mu.Lock()
	c.live.requests[k]++
	c.mu.Unlock()
}

// Resolve counts one resolve (or render) of a prompt version by a key at time at.
func (c *Counter) Resolve(projectID, keyID, promptID uuid.UUID, versionNumber int32, at time.Time) {
	if c == nil {
		return
	}
	k := resolveKey{projectID: projectID, keyID: keyID, promptID: promptID, versionNumber: versionNumber, hour: hourOf(at)}
	c.mu.Lock()
	c.live.resolves[k]++
	c.mu.Unlock()
}

const (
	secondsPerHour = 60 * 60
	secondsPerDay  = 24 * secondsPerHour
)

// dayOf is the UTC day of t, in days since the epoch (floored, for times before it too).
func dayOf(t time.Time) int32 { return int32(floorDiv(t.Unix(), secondsPerDay)) }

// hourOf is the hour of t, in hours since the epoch (int32 holds them until the year 2214).
func hourOf(t time.Time) int32 { return int32(floorDiv(t.Unix(), secondsPerHour)) }

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

func dayStart(day int32) time.Time   { return time.Unix(int64(day)*secondsPerDay, 0).UTC() }
func hourStart(hour int32) time.Time { return time.Unix(int64(hour)*secondsPerHour, 0).UTC() }
