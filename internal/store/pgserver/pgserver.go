// Package pgserver runs a private PostgreSQL from the machine's installed binaries, so that
// PromptOps works without a database server being set up first. The cluster lives in a data
// directory, listens only on a unix socket inside it, and keeps its data across restarts.
//
// PostgreSQL refuses to run as root; when this process is root, the database processes run
// as the unprivileged `postgres` user that Debian's packages create.
package pgserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// ErrNotInstalled is returned by Start when no PostgreSQL binaries can be found.
var ErrNotInstalled = errors.New("no PostgreSQL binaries found on PATH or in /usr/lib/postgresql/*/bin; " +
	"install them (Debian/Ubuntu: `sudo apt-get install postgresql`, or `make run`, which does it) " +
	"or set DATABASE_URL to a PostgreSQL server")

// port names the socket file; the socket directory is private, so the usual number never clashes.
const port = 5432

// Options configure Start.
type Options struct {
	// Dir holds the cluster (Dir/pgdata), its socket and its log (Dir/postgres.log).
	Dir string
	// BinDir holds postgres and initdb; empty searches PATH, then /usr/lib/postgresql/*/bin.
	BinDir string
	// Ephemeral turns durability off (fsync, synchronous commit, full-page writes), which
	// makes a throw-away cluster for tests several times faster. Never for real data.
	Ephemeral bool
	// Detached leaves the server running when this process ends, for other processes to
	// attach to (the one cluster of a whole test run, which the run stops); Stop still
	// stops it. By default it follows this process down.
	Detached bool
	Logger   *slog.Logger
}

// Server is a running private PostgreSQL.
type Server struct {
	dir    string
	logger *slog.Logger
	// cmd is nil when Start found a postmaster already running on the directory (another
	// `promptops` command started it); Stop then leaves it alone.
	cmd  *exec.Cmd
	done chan struct{}
}

// Start initialises Dir if needed and starts PostgreSQL on it, returning once it accepts
// connections. If a PostgreSQL is already running on Dir, Start attaches to it instead.
func Start(ctx context.Context, opts Options) (*Server, error) {
	bin, err := findBinaries(opts.BinDir)
	if err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	if n := len(filepath.Join(dir, ".s.PGSQL.5432")); n > 107 {
		return nil, fmt.Errorf("data directory %s is too deep for a unix socket path (%d > 107 characters); choose a shorter one", dir, n)
	}
	owner, err := processOwner()
	if err != nil {
		return nil, err
	}
	if err := prepareDir(dir, owner); err != nil {
		return nil, err
	}

	s := &Server{dir: dir, logger: opts.Logger, done: make(chan struct{})}
	if running(filepath.Join(dir, "pgdata")) {
		s.logger.InfoContext(ctx, "attaching to the private PostgreSQL already running", slog.String("dir", dir))
		close(s.done)
		return s, s.waitReady(ctx)
	}
	if err := initdb(ctx, bin, dir, owner, opts.Ephemeral); err != nil {
		return nil, err
	}
	if err := s.start(bin, owner, opts.Ephemeral, opts.Detached); err != nil {
		return nil, err
	}
	if err := s.waitReady(ctx); err != nil {
		_ = s.Stop(context.WithoutCancel(ctx))
		return nil, err
	}
	s.logger.InfoContext(ctx, "private PostgreSQL started", slog.String("dir", dir), slog.String("bin", bin))
	return s, nil
}

// URL is the connection string of database on this server.
func (s *Server) URL(database string) string {
	q := url.Values{"host": {s.dir}, "port": {strconv.Itoa(port)}, "sslmode": {"disable"}}
	return "postgres://postgres@/" + url.PathEscape(database) + "?" + q.Encode()
}

// Dir is the directory holding the cluster and its socket.
func (s *Server) Dir() string { return s.dir }

// Stop shuts the server down (fast mode: open sessions are ended, data is flushed). It waits
// until the process has exited or ctx ends, then kills it.
func (s *Server) Stop(ctx context.Context) error {
	if s.cmd == nil {
		return nil
	}
	_ = s.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-s.done:
		s.logger.InfoContext(ctx, "private PostgreSQL stopped")
		return nil
	case <-ctx.Done():
		_ = s.cmd.Process.Signal(syscall.SIGQUIT)
		<-s.done
		return fmt.Errorf("stop PostgreSQL: %w", ctx.Err())
	}
}

func (s *Server) start(bin string, owner *syscall.Credential, ephemeral, detached bool) error {
	logFile, err := os.OpenFile(filepath.Join(s.dir, "postgres.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer logFile.Close()

	args := []string{"-D", filepath.Join(s.dir, "pgdata"), "-k", s.dir, "-p", strconv.Itoa(port),
		"-c", "listen_addresses=", "-c", "max_connections=200"}
	if ephemeral {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	cmd := exec.Command(filepath.Join(bin, "postgres"), args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{
		// Its own process group keeps a terminal's Ctrl-C from reaching it before we have
		// drained requests; Pdeathsig stops it if we die without calling Stop.
		Setpgid:    true,
		Pdeathsig:  syscall.SIGINT,
		Credential: owner,
	}
	if detached {
		cmd.SysProcAttr.Pdeathsig = 0
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start postgres: %w", err)
	}
	s.cmd = cmd
	go func() {
		_ = cmd.Wait()
		close(s.done)
	}()
	return nil
}

// waitReady polls until the server accepts a connection, it exits, or 30 s pass.
func (s *Server) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for {
		conn, err := pgx.Connect(ctx, s.URL("postgres"))
		if err == nil {
			return conn.Close(ctx)
		}
		select {
		case <-s.done:
			if s.cmd != nil {
				return fmt.Errorf("postgres exited during start-up; see %s: %s", filepath.Join(s.dir, "postgres.log"), s.logTail())
			}
		case <-ctx.Done():
			return fmt.Errorf("postgres did not accept connections: %w (last error: %v)", ctx.Err(), err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (s *Server) logTail() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "postgres.log"))
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-5):], " | ")
}

// initdb creates the cluster unless Dir already holds one.
func initdb(ctx context.Context, bin, dir string, owner *syscall.Credential, ephemeral bool) error {
	data := filepath.Join(dir, "pgdata")
	if _, err := os.Stat(filepath.Join(data, "PG_VERSION")); err == nil {
		return nil
	}
	args := []string{"-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C"}
	if ephemeral {
		args = append(args, "--no-sync")
	}
	cmd := exec.CommandContext(ctx, filepath.Join(bin, "initdb"), args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: owner}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb %s: %w: %s", data, err, out)
	}
	return nil
}

// running reports whether a live postmaster holds the data directory.
func running(data string) bool {
	b, err := os.ReadFile(filepath.Join(data, "postmaster.pid"))
	if err != nil {
		return false
	}
	pid, err := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
	if err != nil || pid <= 0 {
		return false
	}
	return syscall.Kill(pid, 0) == nil
}

// findBinaries returns the directory holding postgres and initdb: binDir when given, else
// PATH first, then the newest /usr/lib/postgresql/<version>/bin.
func findBinaries(binDir string) (string, error) {
	if binDir != "" {
		for _, name := range []string{"postgres", "initdb"} {
			if _, err := os.Stat(filepath.Join(binDir, name)); err != nil {
				return "", fmt.Errorf("%s has no %s: %w", binDir, name, ErrNotInstalled)
			}
		}
		return binDir, nil
	}
	if p, err := exec.LookPath("postgres"); err == nil {
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir, nil
		}
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/postgres")
	best, bestVersion := "", -1
	for _, m := range matches {
		v, err := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(m))))
		if err == nil && v > bestVersion {
			best, bestVersion = filepath.Dir(m), v
		}
	}
	if best == "" {
		return "", ErrNotInstalled
	}
	return best, nil
}
