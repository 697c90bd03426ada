// Package cluster runs PromptOps as the README deploys it, in miniature: one PostgreSQL,
// several stateless instances on it and HAProxy in front of them, inside a network namespace
// of its own where the machine allows one. Drive puts a bounded mixed load on it through
// faults (an instance killed and restarted, PostgreSQL restarted) and reports what clients
// saw: the cluster test in make test and make cluster-test share it.
package cluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"text/template"
	"time"

	"github.com/promptops/promptops/internal/secrets"
	"github.com/promptops/promptops/internal/store/pgserver"
)

// Options configure Start.
type Options struct {
	// Command starts one instance; "serve --addr ADDR" is appended.
	Command []string
	// Env is added to each instance's environment, after the cluster's own settings.
	Env []string
	// Dir receives the logs and haproxy.cfg; the database goes in a temporary directory
	// the postgres user can reach.
	Dir       string
	Instances int
	// RateLimit is every instance's PROMPTOPS_RATE_LIMIT (requests a minute per key).
	RateLimit int
}

// Cluster is a running PostgreSQL, its instances and the load balancer before them.
type Cluster struct {
	o         Options
	dbDir     string
	db        *pgserver.Server
	secretKey string
	instances []*instance
	lb        *exec.Cmd
	// Base is the load balancer's URL, where clients send every request.
	Base string
}

// instance is one PromptOps process; it keeps its address across restarts.
type instance struct {
	name, addr string
	cmd        *exec.Cmd
	exited     chan struct{}
	up         atomic.Bool
}

// Start starts PostgreSQL, the instances and HAProxy, and returns once the load balancer
// answers. Stop ends them, however far Start got.
func Start(ctx context.Context, o Options) (*Cluster, error) {
	haproxy, err := findHAProxy()
	if err != nil {
		return nil, err
	}
	c := &Cluster{o: o, secretKey: secrets.GenerateKey()}
	// Not under o.Dir: a checkout's parents may keep the postgres user out.
	if c.dbDir, err = os.MkdirTemp("", "promptops-cluster-db-"); err != nil {
		return nil, err
	}
	if c.db, err = pgserver.Start(ctx, pgserver.Options{Dir: c.dbDir, Logger: slog.New(slog.DiscardHandler)}); err != nil {
		return c, fmt.Errorf("start PostgreSQL: %w", err)
	}
	for i := range o.Instances {
		in := &instance{name: "instance-" + strconv.Itoa(i+1), addr: freeAddr()}
		c.instances = append(c.instances, in)
		// One at a time, each ready before the next: the first migrates the database.
		if err := c.startInstance(ctx, in); err != nil {
			return c, err
		}
	}
	return c, c.startBalancer(ctx, haproxy)
}

// findHAProxy is Debian's haproxy (make deps/test installs it).
func findHAProxy() (string, error) {
	for _, p := range []string{"haproxy", "/usr/sbin/haproxy"} {
		if path, err := exec.LookPath(p); err == nil {
			return path, nil
		}
	}
	return "", errors.New("haproxy not found: install Debian's haproxy (make deps/test does)")
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

// startInstance starts in and waits until it is ready (database, migrations, feed).
func (c *Cluster) startInstance(ctx context.Context, in *instance) error {
	log, err := os.OpenFile(filepath.Join(c.o.Dir, in.name+".log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	argv := append(append([]string{}, c.o.Command...), "serve", "--addr", in.addr)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(),
		"DATABASE_URL="+c.db.URL("postgres"),
		"PROMPTOPS_SECRET_KEY="+c.secretKey,
		"PROMPTOPS_RATE_LIMIT="+strconv.Itoa(c.o.RateLimit),
		// Every client of the load is 127.0.0.1, and HAProxy's address is each instance's client.
		"PROMPTOPS_SIGNUP_RATE_LIMIT=1000",
		"PROMPTOPS_AUTH_FAILURE_LIMIT=100000",
		"PROMPTOPS_QUOTA_VERSIONS=100000",
	)
	cmd.Env = append(cmd.Env, c.o.Env...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		log.Close()
		return fmt.Errorf("start %s: %w", in.name, err)
	}
	in.cmd, in.exited = cmd, make(chan struct{})
	go func() {
		_ = cmd.Wait()
		log.Close()
		in.up.Store(false)
		close(in.exited)
	}()
	if err := waitFor(ctx, "http://"+in.addr+"/health/ready", in.exited); err != nil {
		return fmt.Errorf("%s did not become ready (see %s.log): %w", in.name, in.name, err)
	}
	in.up.Store(true)
	return nil
}

// waitFor polls url until it answers 200, for at most a minute, or until exited closes.
func waitFor(ctx context.Context, url string, exited <-chan struct{}) error {
	poll := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if resp, err := poll.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-exited:
			return errors.New("it exited")
		case <-time.After(50 * time.Millisecond):
		}
	}
	return errors.New("no 200 within a minute")
}

// haproxyConfig sends each request to the next instance up. Health checks read
// /health/live every 200 ms: a killed instance is out after two failed checks, and a GET
// that met it first is retried on another (a POST only when it never reached one, as it
// may have been done). Readiness is not the check: with PostgreSQL down every instance is
// unready, yet each still answers what it has cached.
var haproxyConfig = template.Must(template.New("haproxy.cfg").Parse(`global
	maxconn 4096

defaults
	mode http
	timeout connect 1s
	timeout client 30s
	timeout server 30s
	timeout tunnel 1h
	retries 3
	option redispatch 1
	retry-on conn-failure empty-response response-timeout

frontend api
	bind {{.Bind}}
	default_backend promptops

backend promptops
	balance roundrobin
	option httpchk GET /health/live
	http-request disable-l7-retry unless METH_GET
	default-server check inter 200ms fall 2 rise 2
{{- range .Servers}}
	server {{.name}} {{.addr}}
{{- end}}
`))

// startBalancer writes haproxy.cfg and runs HAProxy in the foreground.
func (c *Cluster) startBalancer(ctx context.Context, haproxy string) error {
	bind := freeAddr()
	servers := make([]map[string]string, len(c.instances))
	for i, in := range c.instances {
		servers[i] = map[string]string{"name": in.name, "addr": in.addr}
	}
	var cfg strings.Builder
	if err := haproxyConfig.Execute(&cfg, map[string]any{"Bind": bind, "Servers": servers}); err != nil {
		return err
	}
	path := filepath.Join(c.o.Dir, "haproxy.cfg")
	if err := os.WriteFile(path, []byte(cfg.String()), 0o644); err != nil {
		return err
	}
	log, err := os.Create(filepath.Join(c.o.Dir, "haproxy.log"))
	if err != nil {
		return err
	}
	c.lb = exec.Command(haproxy, "-f", path, "-db")
	c.lb.Stdout, c.lb.Stderr = log, log
	c.lb.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := c.lb.Start(); err != nil {
		return fmt.Errorf("start haproxy: %w", err)
	}
	exited := make(chan struct{})
	go func() { _ = c.lb.Wait(); log.Close(); close(exited) }()
	c.Base = "http://" + bind
	if err := waitFor(ctx, c.Base+"/health/ready", exited); err != nil {
		return fmt.Errorf("haproxy did not answer (see haproxy.log): %w", err)
	}
	return nil
}

// InstanceBase is the URL of instance i itself, past the load balancer.
func (c *Cluster) InstanceBase(i int) string { return "http://" + c.instances[i].addr }

// Up reports whether instance i is running.
func (c *Cluster) Up(i int) bool { return c.instances[i].up.Load() }

// Kill sends instance i SIGKILL and waits for it to exit.
func (c *Cluster) Kill(i int) {
	in := c.instances[i]
	in.up.Store(false)
	_ = in.cmd.Process.Signal(syscall.SIGKILL)
	<-in.exited
}

// Restart starts instance i again on its address and waits until it is ready.
func (c *Cluster) Restart(ctx context.Context, i int) error {
	return c.startInstance(ctx, c.instances[i])
}

// RestartPostgres stops PostgreSQL (fast shutdown: sessions end, committed data stays),
// keeps it down for down, and starts it again on the same data.
func (c *Cluster) RestartPostgres(ctx context.Context, down time.Duration) error {
	if err := c.db.Stop(ctx); err != nil {
		return err
	}
	time.Sleep(down)
	db, err := pgserver.Start(ctx, pgserver.Options{Dir: c.dbDir, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return fmt.Errorf("start PostgreSQL again: %w", err)
	}
	c.db = db
	return nil
}

// Stop ends the load balancer, the instances and PostgreSQL, and removes the database.
func (c *Cluster) Stop() {
	if c.lb != nil && c.lb.Process != nil {
		_ = c.lb.Process.Kill()
	}
	for _, in := range c.instances {
		if in.cmd != nil && in.up.Load() {
			_ = in.cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-in.exited:
			case <-time.After(10 * time.Second):
				_ = in.cmd.Process.Kill()
			}
		}
	}
	if c.db != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = c.db.Stop(ctx)
	}
	if c.dbDir != "" {
		_ = os.RemoveAll(c.dbDir)
	}
}
