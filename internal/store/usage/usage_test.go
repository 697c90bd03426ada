package usage_test

import (
	"context"
	"fmt"
	"math"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/gen/dbsqlc"
	"github.com/promptops/promptops/internal/change/events"
	"github.com/promptops/promptops/internal/http/projects"
	"github.com/promptops/promptops/internal/store/usage"
	"github.com/promptops/promptops/internal/testkit/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Run(m)) }

// project is a project with its first key and one prompt, in the database.
type project struct {
	id, keyID, promptID uuid.UUID
}

func newProject(t *testing.T, pool *pgxpool.Pool) project {
	t.Helper()
	ctx := context.Background()
	created, err := projects.Create(ctx, pool, events.NewRecorder(nil), events.Origin{}, "usage", nil)
	require.NoError(t, err)
	q := dbsqlc.New()
	keys, err := q.ApiKeyList(ctx, pool, dbsqlc.ApiKeyListParams{ProjectID: created.Project.ID, Sort: "createdAt:asc", RowLimit: 1})
	require.NoError(t, err)
	prompt, err := q.PromptCreate(ctx, pool, dbsqlc.PromptCreateParams{ProjectID: created.Project.ID, Slug: "hello", Name: "Hello", Tags: []string{}})
	require.NoError(t, err)
	return project{id: created.Project.ID, keyID: keys[0].ID, promptID: prompt.ID}
}

// requests reads the project's stored request counts per day start from since.
func requests(t *testing.T, pool *pgxpool.Pool, p project, since time.Time) map[time.Time]int64 {
	t.Helper()
	rows, err := dbsqlc.New().UsageRequestDays(context.Background(), pool, dbsqlc.UsageRequestDaysParams{ProjectID: p.id, Since: since, KeysPerDay: math.MaxInt32})
	require.NoError(t, err)
	out := map[time.Time]int64{}
	for _, r := range rows {
		out[r.DayStart.UTC()] += r.Requests
	}
	return out
}

// resolves reads the project's stored resolve counts per version number from since.
func resolves(t *testing.T, pool *pgxpool.Pool, p project, since time.Time) map[int32]int64 {
	t.Helper()
	rows, err := dbsqlc.New().UsageResolves(context.Background(), pool, dbsqlc.UsageResolvesParams{ProjectID: p.id, Since: since, RowLimit: math.MaxInt32})
	require.NoError(t, err)
	out := map[int32]int64{}
	for _, r := range rows {
		out[r.VersionNumber] += r.Calls
	}
	return out
}

func TestCounter(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	today := time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)
	yesterday := today.AddDate(0, 0, -1)

	type testBundle struct {
		pool    *pgxpool.Pool
		counter *usage.Counter
		p       project
	}
	setup := func(t *testing.T) *testBundle {
		t.Helper()
		pool := dbtest.Open(t, dbtest.URL(t))
		return &testBundle{pool: pool, counter: usage.New(usage.Options{Pool: pool, NowFunc: func() time.Time { return now }}), p: newProject(t, pool)}
	}

	t.Run("FlushWritesSumsOnce", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		for range 5 {
			b.counter.Request(b.p.id, b.p.keyID, now)
		}
		b.counter.Request(b.p.id, b.p.keyID, yesterday.Add(23*time.Hour+59*time.Minute))
		for range 3 {
			b.counter.Resolve(b.p.id, b.p.keyID, b.p.promptID, 2, now)
		}
		require.Empty(t, requests(t, b.pool, b.p, yesterday), "nothing is written before a flush")

		require.NoError(t, b.counter.Flush(ctx))
		require.Equal(t, map[time.Time]int64{today: 5, yesterday: 1}, requests(t, b.pool, b.p, yesterday))
		require.Equal(t, map[int32]int64{2: 3}, resolves(t, b.pool, b.p, yesterday))

		// A second flush adds only what was counted since.
		b.counter.Request(b.p.id, b.p.keyID, now)
		require.NoError(t, b.counter.Flush(ctx))
		require.NoError(t, b.counter.Flush(ctx))
		require.Equal(t, map[time.Time]int64{today: 6, yesterday: 1}, requests(t, b.pool, b.p, yesterday))
		require.Equal(t, map[int32]int64{2: 3}, resolves(t, b.pool, b.p, yesterday))
	})

	t.Run("FailedFlushKeepsCounts", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		for range 4 {
			b.counter.Request(b.p.id, b.p.keyID, now)
			b.counter.Resolve(b.p.id, b.p.keyID, b.p.promptID, 1, now)
		}
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		require.Error(t, b.counter.Flush(cancelled))
		require.Empty(t, requests(t, b.pool, b.p, yesterday))

		// Counted after the failure: it joins the kept counts.
		b.counter.Request(b.p.id, b.p.keyID, now)
		require.NoError(t, b.counter.Flush(ctx))
		require.Equal(t, map[time.Time]int64{today: 5}, requests(t, b.pool, b.p, yesterday))
		require.Equal(t, map[int32]int64{1: 4}, resolves(t, b.pool, b.p, yesterday))
	})

	t.Run("LostAnswerWritesOnce", func(t *testing.T) {
		t.Parallel()
		// The pool talks to PostgreSQL through a proxy that can lose a connection's answer,
		// and the cancel request the client then sends: the statement runs on and
		// commits unseen, as when a connection is lost after a commit.
		url := dbtest.URL(t)
		proxy := newLossyProxy(t, url)
		pool := dbtest.Open(t, url, proxy.configure)
		p := newProject(t, pool)
		counter := usage.New(usage.Options{Pool: pool, NowFunc: func() time.Time { return now }})
		counter.Request(p.id, p.keyID, now)
		err := counter.Flush(ctx)
		require.NoError(t, err)

		// Two connections open, so that the flush need not open one while answers are lost.
		warm := make([]*pgxpool.Conn, 2)
		for i := range warm {
			warm[i], err = pool.Acquire(ctx)
			require.NoError(t, err)
		}
		for _, c := range warm {
			c.Release()
		}
		// The day's row is held, so the next flush waits on it; meanwhile its answer is lost.
		hold, err := pool.Begin(ctx)
		require.NoError(t, err)
		_, err = hold.Exec(ctx, "SELECT FROM usage_requests_daily WHERE project_id = $1 FOR UPDATE", p.id)
		require.NoError(t, err)
		for range 4 {
			counter.Request(p.id, p.keyID, now)
		}
		proxy.lose.Store(true)
		short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		defer cancel()
		require.Error(t, counter.Flush(short))
		proxy.lose.Store(false)
		require.NoError(t, hold.Rollback(ctx))
		require.Eventually(t, func() bool { return requests(t, pool, p, yesterday)[today] == 5 }, 10*time.Second, 20*time.Millisecond,
			"the flush whose answer was lost commits once the row is free")

		counter.Request(p.id, p.keyID, now)
		require.NoError(t, counter.Flush(ctx))
		require.Equal(t, map[time.Time]int64{today: 6}, requests(t, pool, p, yesterday), "the lost flush is sent again and adds nothing")
	})

	t.Run("PendingUntilFlushed", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		other := newProject(t, b.pool)
		b.counter.Request(b.p.id, b.p.keyID, now)
		b.counter.Request(b.p.id, b.p.keyID, now)
		b.counter.Request(other.id, other.keyID, now)
		b.counter.Resolve(b.p.id, b.p.keyID, b.p.promptID, 7, now)
		read := func() usage.Pending {
			var got usage.Pending
			require.NoError(t, b.counter.Read(b.p.id, func(p usage.Pending) error { got = p; return nil }))
			return got
		}
		p := read()
		require.Equal(t, []uuid.UUID{b.p.keyID}, p.RequestKeyIDs, "only the project's own counts")
		require.Equal(t, []int64{2}, p.RequestCounts)
		require.Equal(t, []time.Time{today}, p.RequestDayStarts)
		require.Equal(t, []int32{7}, p.ResolveVersionNumbers)
		require.Equal(t, []time.Time{time.Date(2026, 3, 14, 15, 0, 0, 0, time.UTC)}, p.ResolveHours)

		require.NoError(t, b.counter.Flush(ctx))
		p = read()
		require.Empty(t, p.RequestCounts)
		require.Empty(t, p.ResolveCounts)
	})

	t.Run("DeletedPromptDropped", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.counter.Request(b.p.id, b.p.keyID, now)
		b.counter.Resolve(b.p.id, b.p.keyID, b.p.promptID, 1, now)
		_, err := dbsqlc.New().PromptDelete(ctx, b.pool, dbsqlc.PromptDeleteParams{ProjectID: b.p.id, ID: b.p.promptID})
		require.NoError(t, err)
		require.NoError(t, b.counter.Flush(ctx), "a deleted prompt's counts must not fail the flush")
		require.Equal(t, map[time.Time]int64{today: 1}, requests(t, b.pool, b.p, yesterday))
	})

	t.Run("Purge", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.counter.Request(b.p.id, b.p.keyID, now.Add(-36*24*time.Hour))
		b.counter.Request(b.p.id, b.p.keyID, now.Add(-34*24*time.Hour))
		b.counter.Resolve(b.p.id, b.p.keyID, b.p.promptID, 1, now.Add(-49*time.Hour))
		b.counter.Resolve(b.p.id, b.p.keyID, b.p.promptID, 2, now.Add(-47*time.Hour))
		require.NoError(t, b.counter.Flush(ctx))
		oldToken, newToken := uuid.New(), uuid.New()
		_, err := b.pool.Exec(ctx, "INSERT INTO usage_flushes (token, flushed_at) VALUES ($1, $2), ($3, $4)",
			oldToken, now.Add(-49*time.Hour), newToken, now.Add(-47*time.Hour))
		require.NoError(t, err)
		require.NoError(t, b.counter.Purge(ctx))
		rows, err := b.pool.Query(ctx, "SELECT token FROM usage_flushes WHERE token = ANY($1)", []uuid.UUID{oldToken, newToken})
		require.NoError(t, err)
		kept, err := pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
		require.NoError(t, err)
		require.Equal(t, []uuid.UUID{newToken}, kept, "a flush's token goes after 48 hours")
		longAgo := today.AddDate(0, 0, -100)
		require.Equal(t, map[time.Time]int64{today.AddDate(0, 0, -34): 1}, requests(t, b.pool, b.p, longAgo))
		require.Equal(t, map[int32]int64{2: 1}, resolves(t, b.pool, b.p, longAgo))
	})

	t.Run("InstancesSum", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		// Several counters on one database flush the same rows at once; every count lands.
		const instances, each = 4, 250
		var wg sync.WaitGroup
		for range instances {
			c := usage.New(usage.Options{Pool: b.pool})
			for range each {
				c.Request(b.p.id, b.p.keyID, now)
				c.Resolve(b.p.id, b.p.keyID, b.p.promptID, 1, now)
			}
			wg.Go(func() { require.NoError(t, c.Flush(ctx)) })
		}
		wg.Wait()
		require.Equal(t, map[time.Time]int64{today: instances * each}, requests(t, b.pool, b.p, yesterday))
		require.Equal(t, map[int32]int64{1: instances * each}, resolves(t, b.pool, b.p, yesterday))
	})

}

// TestCountingAllocatesNothing: counting a request or a resolve already counted in the
// interval allocates nothing. (Not parallel: AllocsPerRun refuses parallel tests.)
func TestCountingAllocatesNothing(t *testing.T) {
	c := usage.New(usage.Options{})
	projectID, keyID, promptID := uuid.New(), uuid.New(), uuid.New()
	now := time.Now()
	allocs := testing.AllocsPerRun(1000, func() {
		c.Request(projectID, keyID, now)
		c.Resolve(projectID, keyID, promptID, 3, now)
	})
	require.Zero(t, allocs)
}

// BenchmarkRequest is the cost the gateway adds to every authenticated request.
func BenchmarkRequest(b *testing.B) {
	c := usage.New(usage.Options{})
	projectID, keyID := uuid.New(), uuid.New()
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		c.Request(projectID, keyID, now)
	}
}

// BenchmarkRequestParallel is Request from every core at once, on the one mutex.
func BenchmarkRequestParallel(b *testing.B) {
	c := usage.New(usage.Options{})
	projectID, keyID := uuid.New(), uuid.New()
	now := time.Now()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c.Request(projectID, keyID, now)
		}
	})
}

// lossyProxy passes a pool's connections to PostgreSQL's socket over loopback TCP; while
// lose is set it drops every answer on its way back and refuses new connections (the
// client's cancel request among them), so that a statement sent runs to its end unseen.
type lossyProxy struct {
	addr string
	lose atomic.Bool
}

// newLossyProxy starts a proxy to the Unix socket of url's database, closed when t ends.
func newLossyProxy(t *testing.T, url string) *lossyProxy {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(url)
	require.NoError(t, err)
	socket := filepath.Join(cfg.ConnConfig.Host, fmt.Sprintf(".s.PGSQL.%d", cfg.ConnConfig.Port))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	p := &lossyProxy{addr: ln.Addr().String()}
	go func() {
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			if p.lose.Load() {
				_ = client.Close()
				continue
			}
			server, err := net.Dial("unix", socket)
			if err != nil {
				_ = client.Close()
				continue
			}
			go p.pipe(server, client, false)
			go p.pipe(client, server, true)
		}
	}()
	return p
}

// pipe copies from src to dst until either closes; answers (from the server) are dropped
// while lose is set.
func (p *lossyProxy) pipe(dst, src net.Conn, answers bool) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 && !(answers && p.lose.Load()) {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// configure points a pool at the proxy. Its connections are never pinged on acquire: a
// ping while answers are lost would fail the acquire before the statement is sent.
func (p *lossyProxy) configure(c *pgxpool.Config) {
	host, port, _ := net.SplitHostPort(p.addr)
	n, _ := strconv.Atoi(port)
	c.ConnConfig.Host, c.ConnConfig.Port, c.ConnConfig.Fallbacks = host, uint16(n), nil
	c.ShouldPing = func(context.Context, pgxpool.ShouldPingParams) bool { return false }
}
