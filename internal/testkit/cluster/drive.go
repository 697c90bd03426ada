package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/promptops/promptops/internal/testkit/apicall"
	"golang.org/x/time/rate"
)

// Load sizes Drive.
type Load struct {
	// Phase is how long each phase runs (see phaseNames).
	Phase time.Duration
	// ReadRate is resolves a second through the load balancer, WriteRate versions created
	// a second, PromoteRate versions created and made live a second, one at a time.
	ReadRate, WriteRate, PromoteRate float64
	// Prompts is how many prompts the readers resolve.
	Prompts int
	// LimitWindow is how long the rate-limit check counts a key's answers, once its burst
	// is spent.
	LimitWindow time.Duration
}

// phaseNames are the phases in order; a fault starts each phase but the first and last.
var phaseNames = [...]string{"steady", "instance killed", "instance restarted", "PostgreSQL restarted", "recovered"}

// victim is the instance killed and restarted.
const victim = 1

// client bounds every request, so an instance that stops answering shows as a failure.
var client = &http.Client{Timeout: 10 * time.Second}

// driver is one Drive: the cluster, the seeded project and what the load saw.
type driver struct {
	c          *Cluster
	l          Load
	admin      string // the readers' project's
	studio     string // the writer's and the promoter's project's
	readerKeys []string
	pollKeys   []string // one per instance: polls go to each instance directly
	slugs      []string
	writeID    string
	promoteID  string

	phase  atomic.Int32
	phases [len(phaseNames)]PhaseReport
	mu     sync.Mutex // guards phases' failure times, acked and delays
	acked  []ackedVersion
	delays []time.Duration
	// lastPromoted is the version number of the newest acknowledged promote.
	lastPromoted int
}

// ackedVersion is a version whose creation was answered 201: it must be there afterwards.
type ackedVersion struct {
	admin        string // the key of its project
	promptID     string
	number       int
	systemPrompt string
}

// Drive seeds a project through the load balancer, runs the load through the phases and
// their faults, checks every acknowledged write afterwards and measures a key's rate limit
// across the instances.
func Drive(ctx context.Context, c *Cluster, l Load) (*Report, error) {
	d := &driver{c: c, l: l}
	if err := d.seed(ctx); err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	loadCtx, stop := context.WithCancel(ctx)
	var workers sync.WaitGroup
	for i := range len(d.readerKeys) {
		workers.Go(func() { d.reader(loadCtx, i) })
	}
	workers.Go(func() { d.writer(loadCtx) })
	workers.Go(func() { d.promoter(loadCtx) })
	restartTook, faultErr := d.runPhases(ctx)
	stop()
	workers.Wait()
	if faultErr != nil {
		return nil, faultErr
	}
	r := d.report()
	r.RestartReadyAfter = restartTook
	var err error
	if r.AckedWrites, r.LostWrites, err = d.verify(ctx); err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	if r.RateLimit, err = d.measureLimit(ctx); err != nil {
		return nil, fmt.Errorf("rate limit: %w", err)
	}
	return r, nil
}

// runPhases starts each phase's fault and waits out the phase. It returns how long the
// killed instance took to be ready again.
func (d *driver) runPhases(ctx context.Context) (restartTook time.Duration, err error) {
	faults := make(chan error, 1)
	for i := range phaseNames {
		d.phase.Store(int32(i))
		switch i {
		case 1:
			d.c.Kill(victim)
		case 2:
			go func() {
				began := time.Now()
				err := d.c.Restart(ctx, victim)
				restartTook = time.Since(began)
				faults <- err
			}()
		case 3:
			// The restarted instance must be up, and have read each prompt once, as traffic
			// would in time: an instance answers from its cache only what it has read.
			if err := <-faults; err != nil {
				return 0, err
			}
			if err := d.warm(ctx, victim); err != nil {
				return 0, err
			}
			go func() { faults <- d.c.RestartPostgres(ctx, time.Second) }()
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(d.l.Phase):
		}
	}
	return restartTook, <-faults
}

// warm resolves each of the readers' prompts once on instance i itself.
func (d *driver) warm(ctx context.Context, i int) error {
	for _, slug := range d.slugs {
		if err := d.call(ctx, http.MethodGet, d.c.InstanceBase(i)+"/api/v1/prompts/"+slug+"/resolve", d.readerKeys[0], nil, nil); err != nil {
			return err
		}
	}
	return nil
}

// seed creates two projects through the load balancer: the readers' prompts, and the
// prompts the writer and the promoter change. (A change to a project, a new version too,
// since it goes live in dev, drops the project's cached answers on every instance: the
// readers' project stands for an application's prompts, read far more often than changed.)
// Every prompt is live in dev, the keys' environment.
func (d *driver) seed(ctx context.Context) error {
	var err error
	if d.admin, err = d.signUp(ctx, "cluster"); err != nil {
		return err
	}
	if d.studio, err = d.signUp(ctx, "cluster studio"); err != nil {
		return err
	}
	for range 4 {
		key, err := d.newKey(ctx, d.admin)
		if err != nil {
			return err
		}
		d.readerKeys = append(d.readerKeys, key)
	}
	for range d.c.instances {
		key, err := d.newKey(ctx, d.studio)
		if err != nil {
			return err
		}
		d.pollKeys = append(d.pollKeys, key)
	}
	for i := range d.l.Prompts {
		d.slugs = append(d.slugs, "prompt-"+strconv.Itoa(i))
	}
	if _, err = d.livePrompt(ctx, d.admin, d.slugs...); err != nil {
		return err
	}
	if d.writeID, err = d.livePrompt(ctx, d.studio, "written"); err != nil {
		return err
	}
	d.promoteID, err = d.livePrompt(ctx, d.studio, "promoted")
	return err
}

// signUp creates a project and returns its admin key.
func (d *driver) signUp(ctx context.Context, name string) (string, error) {
	var project struct{ APIKey string }
	err := d.call(ctx, http.MethodPost, d.c.Base+"/api/v1/projects", "", map[string]string{"name": name}, &project)
	return project.APIKey, err
}

// livePrompt creates a prompt of each slug with one version live in dev, and returns the
// id of the last.
func (d *driver) livePrompt(ctx context.Context, admin string, slugs ...string) (id string, err error) {
	for _, slug := range slugs {
		var created struct{ ID string }
		body := map[string]any{"slug": slug, "name": slug, "version": map[string]string{"systemPrompt": "You help " + slug + ".", "userTemplate": "Hello {{ name }}"}}
		if err := d.call(ctx, http.MethodPost, d.c.Base+"/api/v1/prompts", admin, body, &created); err != nil {
			return "", err
		}
		if err := d.call(ctx, http.MethodPost, d.c.Base+"/api/v1/prompts/"+created.ID+"/promote", admin,
			map[string]any{"environment": "dev", "versionNumber": 1}, nil); err != nil {
			return "", err
		}
		id = created.ID
	}
	return id, nil
}

// newKey creates a dev key of admin's project.
func (d *driver) newKey(ctx context.Context, admin string) (string, error) {
	var key struct{ FullKey string }
	err := d.call(ctx, http.MethodPost, d.c.Base+"/api/v1/api-keys", admin, map[string]string{"environment": "dev"}, &key)
	return key.FullKey, err
}

// reader resolves the seeded prompts at its share of the read rate, with its own key.
func (d *driver) reader(ctx context.Context, n int) {
	pace := rate.NewLimiter(rate.Limit(d.l.ReadRate/float64(len(d.readerKeys))), 1)
	for pace.Wait(ctx) == nil {
		slug := d.slugs[rand.IntN(len(d.slugs))]
		d.send(ctx, true, http.MethodGet, d.c.Base+"/api/v1/prompts/"+slug+"/resolve", d.readerKeys[n], nil, nil)
	}
}

// writer creates versions at the write rate; each one answered 201 is acknowledged.
func (d *driver) writer(ctx context.Context) {
	pace := rate.NewLimiter(rate.Limit(d.l.WriteRate), 1)
	for i := 0; pace.Wait(ctx) == nil; i++ {
		d.createVersion(ctx, d.studio, d.writeID, "write "+strconv.Itoa(i))
	}
}

// createVersion creates a version of prompt id and returns its number (0 when it failed).
func (d *driver) createVersion(ctx context.Context, admin, id, text string) int {
	var v struct{ VersionNumber int }
	body := map[string]string{"systemPrompt": text, "userTemplate": "Hello {{ name }}"}
	if !d.send(ctx, false, http.MethodPost, d.c.Base+"/api/v1/prompts/"+id+"/versions", admin, body, &v) {
		return 0
	}
	d.mu.Lock()
	d.acked = append(d.acked, ackedVersion{admin: admin, promptID: id, number: v.VersionNumber, systemPrompt: text})
	d.mu.Unlock()
	return v.VersionNumber
}

// promoter creates a version and promotes it, then measures how long each running instance
// took to serve it, one promote at a time.
func (d *driver) promoter(ctx context.Context) {
	pace := rate.NewLimiter(rate.Limit(d.l.PromoteRate), 1)
	for i := 0; pace.Wait(ctx) == nil; i++ {
		number := d.createVersion(ctx, d.studio, d.promoteID, "promote "+strconv.Itoa(i))
		if number == 0 {
			continue
		}
		if !d.send(ctx, false, http.MethodPost, d.c.Base+"/api/v1/prompts/"+d.promoteID+"/promote", d.studio,
			map[string]any{"environment": "dev", "versionNumber": number}, nil) {
			continue
		}
		promoted := time.Now()
		d.mu.Lock()
		d.lastPromoted = number
		d.mu.Unlock()
		var polls sync.WaitGroup
		for i := range d.c.instances {
			polls.Go(func() { d.awaitVersion(ctx, i, number, promoted) })
		}
		polls.Wait()
	}
}

// awaitVersion polls instance i's resolve of the promoted prompt until it serves number, for
// at most 10 s, and records the delay. An instance not running is skipped.
func (d *driver) awaitVersion(ctx context.Context, i, number int, promoted time.Time) {
	url := d.c.InstanceBase(i) + "/api/v1/prompts/promoted/resolve"
	for time.Since(promoted) < 10*time.Second && d.c.Up(i) && ctx.Err() == nil {
		var got struct{ VersionNumber int }
		if d.call(ctx, http.MethodGet, url, d.pollKeys[i], nil, &got) == nil && got.VersionNumber >= number {
			d.mu.Lock()
			d.delays = append(d.delays, time.Since(promoted))
			d.mu.Unlock()
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// send makes a load request through the load balancer and counts it in the current phase:
// a failure is no answer or a 5xx. out, when not nil, receives the answer's data.
func (d *driver) send(ctx context.Context, resolve bool, method, url, key string, body, out any) bool {
	p := &d.phases[d.phase.Load()]
	status, data, err := request(ctx, method, url, key, body)
	if ctx.Err() != nil {
		return false // the load stopped: not the cluster's failure
	}
	failure := ""
	switch {
	case err != nil:
		failure = method + " no answer: " + cause(err)
	case status >= 500:
		failure = method + " " + strconv.Itoa(status)
	}
	p.count(resolve, failure, d)
	if failure != "" || status >= 300 {
		return false
	}
	return out == nil || json.Unmarshal(data, &struct{ Data any }{Data: out}) == nil
}

// cause is what went wrong under a request's error (its URL aside), as a failure's kind.
func cause(err error) string {
	var u *url.Error
	if errors.As(err, &u) {
		err = u.Err
	}
	return err.Error()
}

// call makes a request that must succeed (2xx), decoding the answer's data into out. A key's
// limit reached is waited out: the checks are not the load.
func (d *driver) call(ctx context.Context, method, url, key string, body, out any) error {
	status, data, err := patiently(ctx, method, url, key, body)
	if err != nil {
		return err
	}
	return apicall.Data(method, url, status, data, out)
}

// patiently is request, sent again a second after each 429 (the shortest Retry-After).
func patiently(ctx context.Context, method, url, key string, body any) (int, []byte, error) {
	for {
		status, data, err := request(ctx, method, url, key, body)
		if err != nil || status != http.StatusTooManyRequests {
			return status, data, err
		}
		select {
		case <-ctx.Done():
			return 0, nil, ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

// request sends one request with an optional key and JSON body, and reads the answer.
func request(ctx context.Context, method, url, key string, body any) (int, []byte, error) {
	return apicall.Do(ctx, client, method, url, key, body)
}

// verify reads back every acknowledged version through the load balancer, and the promoted
// prompt's live version: what is missing or different was lost.
func (d *driver) verify(ctx context.Context) (acked, lost int, err error) {
	for _, v := range d.acked {
		var got struct{ SystemPrompt string }
		url := d.c.Base + "/api/v1/prompts/" + v.promptID + "/versions/" + strconv.Itoa(v.number)
		if status, data, err := patiently(ctx, http.MethodGet, url, v.admin, nil); err != nil || status >= 500 {
			return 0, 0, fmt.Errorf("read %s back: %d %v", url, status, err)
		} else if status != http.StatusOK || json.Unmarshal(data, &struct{ Data any }{Data: &got}) != nil || got.SystemPrompt != v.systemPrompt {
			lost++
		}
	}
	var live struct{ VersionNumber int }
	if err := d.call(ctx, http.MethodGet, d.c.Base+"/api/v1/prompts/promoted/resolve", d.studio, nil, &live); err != nil {
		return 0, 0, err
	}
	// A promote whose answer was lost may still have been done, so a newer version may be
	// live; an older one means an acknowledged promote was lost.
	if live.VersionNumber < d.lastPromoted {
		lost++
	}
	return len(d.acked) + 1, lost, nil
}
