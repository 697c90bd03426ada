package cache

import (
	"github.com/google/uuid"
	lru "github.com/hashicorp/golang-lru/v2"
)

// Resolved is a resolve response ready to send.
type Resolved struct {
	Body []byte
	ETag string
}

type resolveKey struct {
	project uuid.UUID
	env     string
	slug    string
}

type resolveEntry struct {
	stamp    Stamp
	resolved *Resolved
}

// Resolves caches resolve responses by project, environment and slug.
type Resolves struct {
	gens    generations
	entries *lru.Cache[resolveKey, resolveEntry]
}

// NewResolves returns a cache of at most size responses.
func NewResolves(size int) *Resolves {
	entries, _ := lru.New[resolveKey, resolveEntry](max(size, 1)) // errors only on size < 1
	return &Resolves{entries: entries}
}

// Get returns the cached response, if there is a current one.
func (c *Resolves) Get(project uuid.UUID, env, slug string) (*Resolved, bool) {
	e, ok := c.entries.Get(resolveKey{project, env, slug})
	if !ok || !c.gens.valid(project, e.stamp) {
		return nil, false
	}
	return e.resolved, true
}

// Begin stamps a database read about to start; pass the stamp to Put.
func (c *Resolves) Begin(project uuid.UUID) Stamp { return c.gens.stamp(project) }

// Put stores a response read under stamp, unless the project changed since.
func (c *Resolves) Put(project uuid.UUID, env, slug string, stamp Stamp, r *Resolved) {
	if c.gens.valid(project, stamp) {
		c.entries.Add(resolveKey{project, env, slug}, resolveEntry{stamp: stamp, resolved: r})
	}
}

// Invalidate makes every response of project a miss.
func (c *Resolves) Invalidate(project uuid.UUID) { c.gens.invalidate(project) }

// Flush makes every response a miss.
func (c *Resolves) Flush() { c.gens.flush() }

// Len is the number of entries held, current or not.
func (c *Resolves) Len() int { return c.entries.Len() }
