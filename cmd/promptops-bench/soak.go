package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/promptops/promptops/internal/secrets"
	"github.com/promptops/promptops/internal/store/pgserver"
	"github.com/promptops/promptops/internal/testkit/apicall"
)

// soakOptions are the flags of promptops-bench soak.
type soakOptions struct {
	bin, dir                             string
	duration, outage                     time.Duration
	rate                                 float64
	readers, writers, promoters, sockets int
}

func parseSoakOptions(args []string) (soakOptions, error) {
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	var o soakOptions
	fs.StringVar(&o.bin, "bin", ".promptops/bin/promptops", "the promptops binary to soak")
	fs.StringVar(&o.dir, "dir", ".promptops/soak", "where the instances' logs go")
	fs.DurationVar(&o.duration, "duration", 60*time.Second, "how long the load runs; PostgreSQL restarts in its middle")
	fs.DurationVar(&o.outage, "outage", 3*time.Second, "how long PostgreSQL stays down")
	fs.Float64Var(&o.rate, "rate", 300, "HTTP requests per second of all workers together (sockets apart)")
	fs.IntVar(&o.readers, "readers", 4, "workers resolving prompts (and retrying revoked keys)")
	fs.IntVar(&o.writers, "writers", 2, "workers creating prompts and versions")
	fs.IntVar(&o.promoters, "promoters", 2, "workers creating versions of seeded prompts and promoting them to production")
	fs.IntVar(&o.sockets, "sockets", 4, "WebSocket subscribers, alternately on each instance")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case o.readers < 1 || o.writers < 1 || o.promoters < 1 || o.sockets < 1:
		return o, errors.New("--readers, --writers, --promoters and --sockets must be at least 1")
	case o.rate < 10:
		return o, errors.New("--rate must be at least 10 requests per second")
	case o.duration < 10*time.Second || o.outage < 100*time.Millisecond || o.outage > o.duration/3:
		return o, errors.New("--duration must be at least 10s, and --outage between 100ms and a third of it")
	}
	return o, nil
}

// soak runs a mixed load (reads, writes, promotes, key revocations, WebSocket subscribers)
// on two instances of one PostgreSQL, which it restarts in the middle. It prints what was
// answered, by operation and outcome, and fails when an acknowledged write is missing
// afterwards, a revoked key was served after its revocation reached an instance, or a
// socket heard nothing once PostgreSQL was back.
func soak(ctx context.Context, args []string) error {
	o, err := parseSoakOptions(args)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return err
	}
	pgDir, err := os.MkdirTemp("", "promptops-soak-pg-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(pgDir)
	b := &bench{o: options{bin: o.bin, dir: o.dir}, secretKey: secrets.GenerateKey(), logf: func(f string, a ...any) { fmt.Fprintf(os.Stderr, "soak: "+f+"\n", a...) }}
	b.logf("starting PostgreSQL")
	// Durable, as in production: the restart must keep what was committed.
	if b.db, err = pgserver.Start(ctx, pgserver.Options{Dir: pgDir, Logger: slog.New(slog.DiscardHandler)}); err != nil {
		return err
	}
	defer func() { _ = b.db.Stop(context.Background()) }()
	var instances []*process
	defer func() {
		for _, p := range instances {
			p.stop()
		}
	}()
	for _, name := range []string{"soak-a", "soak-b"} {
		p, err := b.startServer(ctx, name, true)
		if err != nil {
			return err
		}
		instances = append(instances, p)
	}
	b.logf("seeding")
	seed, err := seedSoak(ctx, instances[0].base, o.promoters)
	if err != nil {
		return err
	}
	r := &soakRun{o: o, seed: seed, bases: []string{instances[0].base, instances[1].base},
		limiter: rate.NewLimiter(rate.Limit(o.rate), max(1, int(o.rate/100))), tally: newTally(),
		sockets: make([]socketStats, o.sockets), promoted: map[string][]string{}}
	b.logf("load for %s at %.0f requests/s, PostgreSQL down for %s in the middle", o.duration, o.rate, o.outage)
	start := time.Now()
	loadCtx, cancel := context.WithTimeout(ctx, o.duration)
	defer cancel()
	wait := r.start(loadCtx)
	r.outage, err = b.restartPostgres(loadCtx, o.duration/2-o.outage/2, o.outage)
	wait()
	if err != nil {
		return fmt.Errorf("restart PostgreSQL: %w", err)
	}
	b.logf("verifying")
	r.verify(ctx)
	r.print(os.Stdout, time.Since(start))
	failures := r.failures()
	if len(failures) == 0 {
		fmt.Println("\nsoak: passed: nothing acknowledged was lost, no revoked key was served")
		return nil
	}
	fmt.Println("\nsoak: FAILED:")
	for _, f := range failures {
		fmt.Println("  -", f)
	}
	return errors.New("the soak failed (see above)")
}

// restartPostgres stops the database after `after`, keeps it down for `down` and starts it
// again on the same data; it returns when it went down and when it accepted connections again.
func (b *bench) restartPostgres(ctx context.Context, after, down time.Duration) ([2]time.Time, error) {
	var window [2]time.Time
	select {
	case <-ctx.Done():
		return window, ctx.Err()
	case <-time.After(after):
	}
	b.logf("stopping PostgreSQL")
	window[0] = time.Now()
	if err := b.db.Stop(ctx); err != nil {
		return window, err
	}
	time.Sleep(down)
	db, err := pgserver.Start(context.WithoutCancel(ctx), pgserver.Options{Dir: b.db.Dir(), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return window, err
	}
	b.db, window[1] = db, time.Now()
	b.logf("PostgreSQL is back after %s", window[1].Sub(window[0]).Round(time.Millisecond))
	return window, nil
}

// soakSeed is what the workers need: the keys, and prompts live in production, each
// promoted by one promoter.
type soakSeed struct {
	adminKey, prodKey string
	slugs             []string
	// promptIDs[i] is the prompt of slugs[i].
	promptIDs []string
}

// seedSoak creates the project, a production key that may only read, and four prompts per
// promoter.
func seedSoak(ctx context.Context, base string, promoters int) (*soakSeed, error) {
	var keys seeded
	if err := keys.createKeys(ctx, base); err != nil {
		return nil, err
	}
	s := &soakSeed{adminKey: keys.adminKey, prodKey: keys.prodKey}
	for i := range 4 * promoters {
		slug := fmt.Sprintf("soak-%02d", i)
		ids, err := seedPrompt(ctx, base, s.adminKey, slug, 1)
		if err != nil {
			return nil, err
		}
		s.slugs, s.promptIDs = append(s.slugs, slug), append(s.promptIDs, ids[0])
	}
	return s, nil
}

// soakRun is one soak's load and what it learned.
type soakRun struct {
	o       soakOptions
	seed    *soakSeed
	bases   []string
	limiter *rate.Limiter
	tally   *tally
	// outage is when PostgreSQL went down and when it was back.
	outage [2]time.Time

	mu sync.Mutex
	// writes are the creates answered with a 2xx, each with the path that reads it back.
	writes []soakWrite
	// promoted holds, by prompt id, the versions whose promotion to production was answered 200.
	promoted map[string][]string
	// revoked are keys whose revocation was answered 200 and has reached both instances.
	revoked     []string
	revocations revocationStats
	sockets     []socketStats
	// lost and served describe what verify and the revocation checks found wrong.
	lost, served []string
}

type soakWrite struct{ what, path string }

func (r *soakRun) ack(what, path string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.writes = append(r.writes, soakWrite{what: what, path: path})
}

func (r *soakRun) ackPromote(promptID, versionID string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.promoted[promptID] = append(r.promoted[promptID], versionID)
}

// start starts every worker; the function it returns waits for them, which end with ctx.
func (r *soakRun) start(ctx context.Context) (wait func()) {
	var wg sync.WaitGroup
	for n := range r.o.readers {
		wg.Go(func() { r.reader(ctx, n) })
	}
	for n := range r.o.writers {
		wg.Go(func() { r.writer(ctx, n) })
	}
	for n := range r.o.promoters {
		wg.Go(func() { r.promoter(ctx, n) })
	}
	for n := range r.o.sockets {
		wg.Go(func() { r.subscriber(ctx, n) })
	}
	wg.Go(func() { r.revoker(ctx) })
	return wg.Wait
}

// verify reads back every acknowledged write, after the load, with PostgreSQL up.
func (r *soakRun) verify(ctx context.Context) {
	base := r.bases[0]
	for _, w := range r.writes {
		if status, body, err := apicall.Do(ctx, client, http.MethodGet, base+w.path, r.seed.adminKey, nil); err != nil || status != http.StatusOK {
			r.lost = append(r.lost, fmt.Sprintf("%s: GET %s → %d %s", w.what, w.path, status, answer(body, err)))
		}
	}
	for promptID, versions := range r.promoted {
		live, err := productionHistory(ctx, base, r.seed.adminKey, promptID)
		if err != nil {
			r.lost = append(r.lost, fmt.Sprintf("promotes of %s: %v", promptID, err))
			continue
		}
		for _, v := range versions {
			if !live[v] {
				r.lost = append(r.lost, fmt.Sprintf("promote of version %s of %s to production: not in the history", v, promptID))
			}
		}
	}
}

// answer is a response body, or the error that came instead.
func answer(body []byte, err error) string {
	if err != nil {
		return err.Error()
	}
	return string(bytes.TrimSpace(body))
}

// failures are the findings that fail the soak.
func (r *soakRun) failures() []string {
	var out []string
	add := func(what string, details []string) {
		if len(details) > 0 {
			out = append(out, fmt.Sprintf("%s: %d, such as %s", what, len(details), details[0]))
		}
	}
	add("acknowledged writes lost", r.lost)
	add("revoked keys served after their revocation reached the instance", r.served)
	add("revocations that never reached the other instance", r.revocations.neverReached)
	for i, s := range r.sockets {
		if s.lastEvent.Before(r.outage[1]) {
			out = append(out, fmt.Sprintf("socket %d (instance %s) heard no event after PostgreSQL was back", i, instanceName(i)))
		}
	}
	return out
}

func instanceName(n int) string { return string(rune('a' + n%2)) }
