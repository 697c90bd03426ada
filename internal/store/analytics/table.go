package analytics

import "slices"

// table gathers Totals per key, in the order keys first came.
type table[K comparable] struct {
	keys   []K
	totals []Totals
	index  map[K]int
}

// at is the totals of k, new (zero) the first time.
func (t *table[K]) at(k K) *Totals {
	i, ok := t.find(k)
	if !ok {
		i = len(t.keys)
		t.keys = append(t.keys, k)
		t.totals = append(t.totals, Totals{})
		if t.index != nil {
			t.index[k] = i
		}
	}
	return &t.totals[i]
}

// find is the position of k. A batch usually fills one row or a few, which a scan finds
// faster than a map; past a handful, a map takes over so a batch of many rows stays linear.
func (t *table[K]) find(k K) (int, bool) {
	if t.index != nil {
		i, ok := t.index[k]
		return i, ok
	}
	for i := range t.keys {
		if t.keys[i] == k {
			return i, true
		}
	}
	if len(t.keys) >= 8 {
		t.index = make(map[K]int, 2*len(t.keys))
		for i, key := range t.keys {
			t.index[key] = i
		}
	}
	return 0, false
}

// sorted calls fn with every key and its totals in the order of compare.
func (t *table[K]) sorted(compare func(a, b *K) int, fn func(k K, t *Totals)) {
	order := make([]int, len(t.keys))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return compare(&t.keys[a], &t.keys[b]) })
	for _, i := range order {
		fn(t.keys[i], &t.totals[i])
	}
}
