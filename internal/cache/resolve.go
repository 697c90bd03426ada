package cache

import (
	"github.com/google/uuid"
	lru "github.com/hashicorp/golang-lru/v2"
)

type resolveKey struct {
	project uuid.UUID
	env     string
	slug    string
}

type resolveEntry[V any] struct {
	stamp Stamp
	value V
}

// Resolves caches what a slug resolves to in a project's environment (for the API, the
// live version ready to send and to render), by project, environment and slug.
type Resolves[V any] struct {
	gens    generations
	entries *lru.Cache[resolveKey, resolveEntry[V]]
}

// NewResolves returns a cache of at most size entries.
func NewResolves[V any](size int) *Resolves[V] {
	entries, _ := lru.New[resolveKey, resolveEntry[V]](max(size, 1)) // errors only on size < 1
	return &Resolves[V]{entries: entries}
}

// Get returns the cached value, if there is a current one.
func (c *Resolves[V]) Get(project uuid.UUID, env, slug string) (V, bool) {
	e, ok := c.entries.Get(resolveKey{project, env, slug})
	if !ok || !c.gens.valid(project, e.stamp) {
		var zero V
		return zero, false
	}
	return e.value, true
}

// Begin stamps a database read about to start; pass the stamp to Put.
func (c *Resolves[V]) Begin(project uuid.UUID) Stamp { return c.gens.stamp(project) }

// Put stores a value read under stamp at the project's revision, unless the project
// changed since. A revision newer than any read before makes the project's older entries
// misses first: once a value of a revision is stored, no older one is served.
func (c *Resolves[V]) Put(project uuid.UUID, env, slug string, stamp Stamp, revision int64, v V) {
	stamp, ok := c.gens.observe(project, stamp, revision)
	if ok && c.gens.valid(project, stamp) {
		c.entries.Add(resolveKey{project, env, slug}, resolveEntry[V]{stamp: stamp, value: v})
	}
}

// Invalidate makes every entry of project a miss.
func (c *Resolves[V]) Invalidate(project uuid.UUID) { c.gens.invalidate(project) }

// Flush makes every entry a miss.
func (c *Resolves[V]) Flush() { c.gens.flush() }

// Len is the number of entries held, current or not.
func (c *Resolves[V]) Len() int { return c.entries.Len() }
