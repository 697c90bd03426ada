package apitest

import (
	"errors"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/promptops/promptops/internal/testkit/dbtest"
)

// Shared returns the instance the tests of the package share, for t: one instance on one
// database, started by the first test that asks and stopped after the last (dbtest.Run),
// in which each test works in projects of its own. It is for tests that need nothing of
// the instance to themselves: not its row counts (RowsOf counts a project's), metrics,
// limits per client address, or lifecycle. Its log goes to standard error, and a response
// that breaks the spec fails the test whose request it answers.
func Shared(t testing.TB) *Env {
	t.Helper()
	return SharedAs(t, "")
}

// SharedAs is Shared for tests that need options: the instance that the package's tests
// asking by name share, started with opts by the first of them.
func SharedAs(t testing.TB, name string, opts ...OptionFunc) *Env {
	t.Helper()
	env, err := sharedInstance(name, opts)
	if err != nil {
		t.Fatalf("apitest: the shared instance %q did not start: %v", name, err)
	}
	return env.For(t)
}

// Instance is the shared instance (Shared) when there are no opts, else a new one with
// them (New): for a setup whose subtests need options only now and then.
func Instance(t testing.TB, opts ...OptionFunc) *Env {
	t.Helper()
	if len(opts) > 0 {
		return New(t, opts...)
	}
	return Shared(t)
}

// shared are the package's shared instances by name, each started once (sharedInstance).
var shared = struct {
	sync.Mutex
	byName map[string]func() (*Env, error)
}{byName: map[string]func() (*Env, error){}}

// sharedInstance starts the shared instance name with opts, once, owned by the test
// binary.
func sharedInstance(name string, opts []OptionFunc) (*Env, error) {
	shared.Lock()
	get, ok := shared.byName[name]
	if !ok {
		get = sync.OnceValues(func() (env *Env, err error) {
			defer func() {
				if r := recover(); r != nil {
					fatal, ok := r.(dbtest.Fatal)
					if !ok {
						panic(r)
					}
					err = errors.New(fatal.Message)
				}
			}()
			binary := dbtest.Binary()
			return start(binary, dbtest.URL(binary), opts...), nil
		})
		shared.byName[name] = get
	}
	shared.Unlock()
	return get()
}

// testHeader carries, in every request of an Env's clients, the id of the test that sent
// it (register).
const testHeader = "Apitest-Test"

// tests are the tests that are running, by id (testHeader).
var (
	tests  sync.Map // string → reporter
	lastID atomic.Int64
)

// reporter is what a failure is reported to: a test, or an instance's owner.
type reporter interface {
	Errorf(format string, args ...any)
}

// register gives t an id for its requests, forgotten when t ends.
func register(t testing.TB) string {
	id := strconv.FormatInt(lastID.Add(1), 10)
	tests.Store(id, t)
	t.Cleanup(func() { tests.Delete(id) })
	return id
}

// reporterOf is whom a failure of the answer to r is reported to: the running test that
// sent r, or else o, who owns the instance.
func reporterOf(r *http.Request, o owner) reporter {
	if t, ok := tests.Load(r.Header.Get(testHeader)); ok {
		return t.(reporter)
	}
	return o
}
