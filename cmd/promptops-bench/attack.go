package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/valyala/fasthttp"
)

// Figures are one load phase's results, from wrk (peak phases) or attack (fixed rate).
type Figures struct {
	Command      string     `json:"command,omitempty"`
	Requests     uint64     `json:"requests"`
	RequestsPerS float64    `json:"requestsPerSecond"`
	P50Ms        float64    `json:"p50Ms"`
	P90Ms        float64    `json:"p90Ms"`
	P99Ms        float64    `json:"p99Ms"`
	MaxMs        float64    `json:"maxMs"`
	Errors       uint64     `json:"errors"`
	WrkErrors    *wrkErrors `json:"wrkErrors,omitempty"`
	ErrorSamples []string   `json:"errorSamples,omitempty"`
	Connections  int        `json:"connections"`
	// TargetRatePerS and SentRatePerS are a fixed-rate phase's asked and sent rates;
	// RequestsPerS is then the rate answered successfully.
	TargetRatePerS float64 `json:"targetRatePerSecond,omitempty"`
	SentRatePerS   float64 `json:"sentRatePerSecond,omitempty"`
	ServerRSSMB    float64 `json:"serverRssMB,omitempty"`
	// GeneratorCores is the CPU the load generator (wrk or attack) used, in cores (CPU
	// seconds per second of the phase): next to the machine's cores, how much of it the
	// generator took.
	GeneratorCores float64 `json:"generatorCores,omitempty"`
	// Collections are the server's collector cycles during the phase (PromptOps's
	// fixed-rate phases only: the ceiling has no metrics).
	Collections *Collections `json:"collections,omitempty"`
}

// Collections counts a Go process's collector cycles and the time the world was stopped
// for them, in all.
type Collections struct {
	Cycles  uint64  `json:"cycles"`
	PauseMs float64 `json:"pauseMs"`
}

// String is the report's cell: the cycles and the time stopped ("" for none measured).
func (c *Collections) String() string {
	if c == nil {
		return ""
	}
	return fmt.Sprintf("%d (%.1f)", c.Cycles, c.PauseMs)
}

// since is what happened between before and c.
func (c Collections) since(before Collections) *Collections {
	return &Collections{Cycles: c.Cycles - before.Cycles, PauseMs: c.PauseMs - before.PauseMs}
}

// attack sends the URLs in a file (one a line, used round-robin) at a fixed rate over a
// fixed number of connections, and prints Figures as JSON. wrk cannot pace requests, so
// the latency-at-a-rate phases use this; peak phases use wrk.
//
// It shares the machine's two cores with the server it measures, so it must cost little.
// Each connection has a worker of its own sending with fasthttp's client, all on one
// thread (GOMAXPROCS 1: workers waking every millisecond cost less there than handed
// between two threads). At about 34,000 requests/s it takes half a core, where vegeta,
// the generator through the README's runs W to Y, took 0.9 to 1.0 of one and could not
// always hold the rate.
func attack(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("attack", flag.ContinueOnError)
	urls := fs.String("urls", "", "file of URLs, one a line, all on one host")
	key := fs.String("key", "", "API key sent as a bearer token")
	duration := fs.Duration("duration", 10*time.Second, "how long to attack")
	connections := fs.Int("connections", 32, "connections (and workers)")
	rate := fs.Int("rate", 0, "requests per second")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *rate <= 0 || *connections <= 0 || *duration <= 0 {
		return errors.New("--rate, --connections and --duration must be positive (peak phases use wrk)")
	}
	targets, err := readTargets(*urls)
	if err != nil {
		return err
	}
	runtime.GOMAXPROCS(1)
	p := pacer{targets: targets, key: *key, connections: *connections, rate: *rate, duration: *duration}
	f, err := p.attack(ctx)
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(f)
}

// readTargets reads a file of URLs, one a line, which must all be http URLs of one host.
func readTargets(path string) ([]*url.URL, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	var targets []*url.URL
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		u, err := url.Parse(sc.Text())
		if err != nil {
			return nil, err
		}
		if u.Scheme != "http" {
			return nil, fmt.Errorf("%s: %s is not an http URL", path, u)
		}
		if len(targets) > 0 && u.Host != targets[0].Host {
			return nil, fmt.Errorf("%s: every URL must name %s, as the first does", path, targets[0].Host)
		}
		targets = append(targets, u)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(targets) == 0 {
		return nil, fmt.Errorf("%s names no URL", path)
	}
	return targets, nil
}

// pacer sends GET requests for its targets, round-robin, at a fixed rate over a fixed
// number of connections, each with the bench's PromptOps-Subject and its key.
type pacer struct {
	targets     []*url.URL
	key         string
	connections int
	rate        int
	duration    time.Duration
}

// sends is one worker's count: the latency of each request answered with a status under
// 400 (from its send to the whole answer read), how many others failed and what the first
// of them said, and when its last request was answered.
type sends struct {
	sent         int
	latencies    []time.Duration
	failures     int
	firstFailure string
	lastAnswer   time.Time
}

// attack runs one worker per connection and puts what they sent together.
func (p *pacer) attack(ctx context.Context) (Figures, error) {
	client := &fasthttp.HostClient{
		Addr: p.targets[0].Host, MaxConns: p.connections, NoDefaultUserAgentHeader: true,
		ReadTimeout: 10 * time.Second, WriteTimeout: 10 * time.Second,
	}
	start := time.Now().Add(10 * time.Millisecond) // every worker is ready before the first slot
	workers := make([]sends, p.connections)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() { workers[i] = p.work(ctx, client, i, start) })
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return Figures{}, err
	}
	return p.figures(workers, start), nil
}

// fail counts a failed request, keeping what the first one said.
func (t *sends) fail(what string) {
	if t.failures == 0 {
		t.firstFailure = what
	}
	t.failures++
}

// interval is the time between two slots of the rate.
func (p *pacer) interval() time.Duration {
	return time.Duration(float64(time.Second) / float64(p.rate))
}

// work is worker i's sends. The rate's slots are dealt round the workers in turn, so that
// requests leave evenly spread. A worker whose answer came after its next slot sends at
// once: it falls behind only as far as the server does, and the answered rate shows it.
// Latency is from the send, as vegeta measured it: a wait for the previous answer is not
// in it.
func (p *pacer) work(ctx context.Context, client *fasthttp.HostClient, i int, start time.Time) sends {
	var t sends
	req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	req.Header.Set("Promptops-Subject", subject)
	if p.key != "" {
		req.Header.Set("Authorization", "Bearer "+p.key)
	}
	every, end := p.interval(), start.Add(p.duration)
	t.latencies = make([]time.Duration, 0, int(p.duration/every)/p.connections+1)
	for n := i; ctx.Err() == nil; n += p.connections {
		slot := start.Add(time.Duration(n) * every)
		if !slot.Before(end) {
			break
		}
		time.Sleep(time.Until(slot))
		req.SetRequestURI(p.targets[n%len(p.targets)].String())
		sent := time.Now()
		err := client.Do(req, resp)
		t.sent++
		t.lastAnswer = time.Now()
		switch {
		case err != nil:
			t.fail(err.Error())
		case resp.StatusCode() >= http.StatusBadRequest:
			t.fail(fmt.Sprintf("status %d: %.200s", resp.StatusCode(), resp.Body()))
		default:
			t.latencies = append(t.latencies, t.lastAnswer.Sub(sent))
		}
	}
	return t
}

// figures puts the workers' sends together: the rates sent and answered over the time
// from the first slot to the last answer and one slot more (the duration, and the last
// answer's latency, when the server kept up), as vegeta counted them, and the
// percentiles of every latency.
func (p *pacer) figures(workers []sends, start time.Time) Figures {
	var all []time.Duration
	f := Figures{TargetRatePerS: float64(p.rate), Connections: p.connections}
	last := start
	for _, t := range workers {
		f.Requests += uint64(t.sent)
		f.Errors += uint64(t.failures)
		all = append(all, t.latencies...)
		if len(f.ErrorSamples) < 5 && t.failures > 0 {
			f.ErrorSamples = append(f.ErrorSamples, t.firstFailure)
		}
		if t.lastAnswer.After(last) {
			last = t.lastAnswer
		}
	}
	took := last.Sub(start) + p.interval()
	f.SentRatePerS = float64(f.Requests) / took.Seconds()
	f.RequestsPerS = float64(len(all)) / took.Seconds()
	slices.Sort(all)
	f.P50Ms, f.P90Ms, f.P99Ms = percentile(all, 0.5), percentile(all, 0.9), percentile(all, 0.99)
	if len(all) > 0 {
		f.MaxMs = ms(all[len(all)-1])
	}
	return f
}

// attackAtRate runs attack as a separate process, so the bench's own goroutines never
// share its scheduler, and reads its figures.
func (b *bench) attackAtRate(ctx context.Context, urls, key string, d time.Duration, rate int) (Figures, error) {
	ctx, cancel := context.WithTimeout(ctx, d+30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, b.self, "attack", "--urls", urls, "--key", key, "--duration", d.String(),
		"--connections", strconv.Itoa(b.o.connections), "--rate", strconv.Itoa(rate))
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return Figures{}, fmt.Errorf("attack: %w: %s", err, errOut.String())
	}
	var f Figures
	if err := json.Unmarshal(out.Bytes(), &f); err != nil {
		return Figures{}, err
	}
	f.GeneratorCores = generatorCores(cmd.ProcessState, d)
	return f, nil
}

// writeURLs writes attack's URL list: the resolve path of every slug on base.
func writeURLs(path, base string, slugs []string) error {
	var sb strings.Builder
	for _, s := range slugs {
		sb.WriteString(base + resolvePath(s) + "\n")
	}
	return os.WriteFile(path, []byte(sb.String()), 0o644)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
