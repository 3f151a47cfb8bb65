package simulator

import "sync"

// matchCache keeps recent match results so that the pages of a chain do not
// each re-render and re-filter the whole snapshot. It evicts the oldest
// entries once it holds more than limit indices in total. (A FIFO over a map
// is all this needs; an LRU library would be one more dependency for no gain.)
type matchCache struct {
	limit int

	mu      sync.Mutex
	entries map[string][]int32
	order   []string
	size    int
}

const defaultMatchCacheLimit = 8 << 20 // indices: 32 MiB

func newMatchCache(limit int) *matchCache {
	return &matchCache{limit: limit, entries: map[string][]int32{}}
}

func (c *matchCache) get(key string) ([]int32, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m, ok := c.entries[key]
	return m, ok
}

func (c *matchCache) put(key string, m []int32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[key]; ok || len(m) > c.limit {
		return
	}
	for c.size+len(m) > c.limit && len(c.order) > 0 {
		oldest := c.order[0]
		c.order = c.order[1:]
		c.size -= len(c.entries[oldest])
		delete(c.entries, oldest)
	}
	c.entries[key] = m
	c.order = append(c.order, key)
	c.size += len(m)
}
