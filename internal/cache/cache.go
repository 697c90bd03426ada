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
	projects sync.Map // uuid.UUID → *atomic.Uint64
}

func (g *generations) counter(project uuid.UUID) *atomic.Uint64 {
	if c, ok := g.projects.Load(project); ok {
		return c.(*atomic.Uint64)
	}
	c, _ := g.projects.LoadOrStore(project, new(atomic.Uint64))
	return c.(*atomic.Uint64)
}

// stamp is the current generation of project.
func (g *generations) stamp(project uuid.UUID) Stamp {
	return Stamp{epoch: g.epoch.Load(), gen: g.counter(project).Load()}
}

func (g *generations) valid(project uuid.UUID, s Stamp) bool {
	return g.stamp(project) == s
}

func (g *generations) invalidate(project uuid.UUID) { g.counter(project).Add(1) }

func (g *generations) flush() { g.epoch.Add(1) }
