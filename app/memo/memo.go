// Package memo shares derived views (the review queue, a day's board)
// between requests until the data under them changes. The store counts its
// commits; a view computed at one count is reused while the count stays,
// so fifty operators opening Run Checks cost one computation, and a single
// new run or review makes the next request compute afresh.
package memo

import "sync"

// Cache holds at most Max views, each tagged with the commit count it was
// computed at. Computations run one at a time, so a burst of identical
// requests computes once and the rest wait for its result.
type Cache[K comparable, V any] struct {
	Max int // entries kept; 0 means 32

	compute sync.Mutex
	mu      sync.Mutex
	entries map[K]entry[V]
}

type entry[V any] struct {
	gen uint64
	val V
}

// Get returns the view for key at generation gen, computing it if the
// cached one is older or missing. Errors are returned and not cached.
func (c *Cache[K, V]) Get(gen uint64, key K, compute func() (V, error)) (V, error) {
	if v, ok := c.lookup(gen, key); ok {
		return v, nil
	}
	c.compute.Lock()
	defer c.compute.Unlock()
	if v, ok := c.lookup(gen, key); ok { // computed while we waited
		return v, nil
	}
	v, err := compute()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	limit := c.Max
	if limit == 0 {
		limit = 32
	}
	if c.entries == nil || len(c.entries) >= limit {
		c.entries = map[K]entry[V]{} // simplest eviction: views are cheap to rebuild
	}
	c.entries[key] = entry[V]{gen: gen, val: v}
	return v, nil
}

func (c *Cache[K, V]) lookup(gen uint64, key K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || e.gen != gen {
		var zero V
		return zero, false
	}
	return e.val, true
}
