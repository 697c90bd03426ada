package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// process is a child the bench started: a PromptOps instance or the ceiling server.
type process struct {
	cmd   *exec.Cmd
	base  string
	debug string
}

// freeAddr is a loopback address nothing listens on, for a child to listen on.
func freeAddr() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServer starts a PromptOps instance on the bench's database, with extraEnv's
// variables besides the bench's.
func (b *bench) startServer(ctx context.Context, name string, cache bool, extraEnv ...string) (*process, error) {
	addr, debug := freeAddr(), freeAddr()
	env := []string{
		"DATABASE_URL=" + b.db.URL("postgres"),
		"PROMPTOPS_RATE_LIMIT=1000000000",
		// Every load client is 127.0.0.1, and the soak presents revoked keys on purpose: at
		// the default the address would be refused (429) for every key, the checks' too.
		"PROMPTOPS_AUTH_FAILURE_LIMIT=1000000000",
		"PROMPTOPS_SIGNUP_RATE_LIMIT=1000",
		"PROMPTOPS_CACHE_ENTRIES=" + strconv.Itoa(max(100_000, 3*b.o.prompts)),
		// The seeded project holds every prompt, past the default quota for large runs.
		"PROMPTOPS_QUOTA_PROMPTS=" + strconv.Itoa(b.o.prompts+10),
		"PROMPTOPS_DEBUG_ADDR=" + debug,
		"PROMPTOPS_DB_MAX_CONNS=40",
		"PROMPTOPS_SECRET_KEY=" + b.secretKey,
	}
	env = append(env, extraEnv...)
	p, err := b.startProcess(ctx, name, []string{b.o.bin, "serve", "--addr", addr, "--resolve-cache=" + strconv.FormatBool(cache)}, env, "http://"+addr+"/health")
	if err != nil {
		return nil, err
	}
	p.debug = debug
	return p, nil
}

// startProcess starts argv with its output in <dir>/<name>.log and waits for ready to answer 200.
func (b *bench) startProcess(ctx context.Context, name string, argv, env []string, ready string) (*process, error) {
	logFile, err := os.Create(filepath.Join(b.o.dir, name+".log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &process{cmd: cmd, base: strings.TrimSuffix(ready, "/health")}
	// Each poll is bounded too, so a child that accepts but never answers cannot hang us.
	poll := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if resp, err := poll.Get(ready); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p, nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.stop()
	return nil, fmt.Errorf("%s did not become ready; see %s", name, logFile.Name())
}

// stop asks the child to end (a PromptOps instance drains its requests) and kills it
// after 20 s.
func (p *process) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = p.cmd.Process.Kill()
		<-done
	}
}

// rss reads the process's resident and peak resident memory in MB.
func (p *process) rss() (now, peak float64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(fields[1], 64)
		switch fields[0] {
		case "VmRSS:":
			now = kb / 1024
		case "VmHWM:":
			peak = kb / 1024
		}
	}
	return now, peak
}

// collections reads the Go collector's cycles so far and their stop-the-world pauses in
// all, from PromptOps's metrics on its debug address (go_gc_duration_seconds). Only a
// PromptOps process serves them: the ceiling's debug address profiles whatever it is asked.
func (p *process) collections(ctx context.Context) (gc Collections, err error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+p.debug+"/metrics", nil)
	if err != nil {
		return gc, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return gc, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return gc, fmt.Errorf("metrics: %s", resp.Status)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		return gc, fmt.Errorf("metrics: %w", err)
	}
	family, ok := families["go_gc_duration_seconds"]
	if !ok || len(family.GetMetric()) != 1 {
		return gc, errors.New("metrics: no go_gc_duration_seconds")
	}
	summary := family.GetMetric()[0].GetSummary()
	return Collections{Cycles: summary.GetSampleCount(), PauseMs: summary.GetSampleSum() * 1000}, nil
}

// profile takes a CPU profile of the server for d (whole seconds, at least one), into path.
func (p *process) profile(ctx context.Context, d time.Duration, path string) <-chan error {
	done := make(chan error, 1)
	go func() {
		// pprof takes seconds=0 as its default of 30 s, far past the phase.
		url := fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", p.debug, max(1, int(d.Seconds())))
		ctx, cancel := context.WithTimeout(ctx, d+30*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- err
			return
		}
		defer resp.Body.Close()
		f, err := os.Create(path)
		if err != nil {
			done <- err
			return
		}
		_, err = io.Copy(f, resp.Body)
		done <- errors.Join(err, f.Close())
	}()
	return done
}
