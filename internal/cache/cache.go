// Package cache keeps the hot path's answers in memory: ready-to-send resolve responses and
// authenticated keys, bounded in size (least recently used go first).
//
// Invalidation is by generation, not by search: every entry carries the generation of its
// project (and a global epoch) from the moment its database read began; invalidating a
// project bumps its generation, which turns all its entries into misses at once, and a read
// that raced with the change cannot store what it read. Flush bumps the epoch, for when
// invalidations may have been missed (the notification listener lost its connection).
package cache

import (
	"sync"
	"sync/atomic"

	"github.com/google/uuid"
)

// Stamp is the generation an entry was read under.
type Stamp struct {
	epoch, gen uint64
}

// generations tracks a generation per project and a global epoch.
type generations struct {
	epoch    atomic.Uint64
	projects sync.Map // uuid.UUID → *project
}

// project is a project's generation, and the newest revision of it a read has seen.
type project struct {
	gen atomic.Uint64
	mu  sync.Mutex
	// revision is guarded by mu.
	revision int64
}

func (g *generations) counter(id uuid.UUID) *project {
	if c, ok := g.projects.Load(id); ok {
		return c.(*project)
	}
	c, _ := g.projects.LoadOrStore(id, new(project))
	return c.(*project)
}

// stamp is the current generation of project.
func (g *generations) stamp(project uuid.UUID) Stamp {
	return Stamp{epoch: g.epoch.Load(), gen: g.counter(project).gen.Load()}
}

func (g *generations) valid(project uuid.UUID, s Stamp) bool {
	return g.stamp(project) == s
}

func (g *generations) invalidate(project uuid.UUID) { g.counter(project).gen.Add(1) }

// observe records that a read of project begun under s saw revision. A revision newer
// than any seen makes every entry of the project stale, and the read's stamp the new
// generation (unless something else invalidated the project since s); a revision older
// than one seen makes the read stale (ok false).
func (g *generations) observe(id uuid.UUID, s Stamp, revision int64) (Stamp, bool) {
	p := g.counter(id)
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case revision < p.revision:
		return s, false
	case revision > p.revision:
		p.revision = revision
		if p.gen.CompareAndSwap(s.gen, s.gen+1) {
			return Stamp{epoch: s.epoch, gen: s.gen + 1}, true
		}
		p.gen.Add(1)
		return s, false
	}
	return s, true
}

func (g *generations) flush() { g.epoch.Add(1) }
