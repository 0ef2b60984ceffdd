package psa

import (
	"context"
	"sync"
	"time"
)

// staleAfter is how old a shown ticket state may be before a page asks
// for it to be read again, in the background: no page waits on Autotask.
const staleAfter = 10 * time.Minute

// refreshBatch is how many runs one background read takes.
const refreshBatch = 500

// refreshTimeout bounds one background read.
const refreshTimeout = time.Minute

// refresher runs at most one background read of ticket states at a time;
// runs asked for meanwhile wait for the next.
type refresher struct {
	mu      sync.Mutex
	pending map[uint64]bool
	running bool
	stopped bool
	stop    context.CancelFunc // ends the read under way at shutdown
	wg      sync.WaitGroup
}

// refreshStale asks for the open links among links last read more than
// staleAfter ago to be read again in the background.
func (s *Service) refreshStale(links map[uint64]RunTickets) {
	now := s.Now()
	var stale []uint64
	for id, rt := range links {
		if l, ok := rt.Current(); ok && l.State == Open && now.Sub(l.Checked) > staleAfter {
			stale = append(stale, id)
		}
	}
	if len(stale) == 0 {
		return
	}
	r := &s.refresh
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped {
		return
	}
	if r.pending == nil {
		r.pending = map[uint64]bool{}
	}
	for _, id := range stale {
		r.pending[id] = true
	}
	if !r.running {
		r.running = true
		r.wg.Add(1)
		go s.refreshLoop()
	}
}

func (s *Service) refreshLoop() {
	r := &s.refresh
	defer r.wg.Done()
	for {
		r.mu.Lock()
		ids := make([]uint64, 0, min(len(r.pending), refreshBatch))
		for id := range r.pending {
			if len(ids) == refreshBatch {
				break
			}
			ids = append(ids, id)
			delete(r.pending, id)
		}
		if len(ids) == 0 || r.stopped {
			r.running = false
			r.mu.Unlock()
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), refreshTimeout)
		r.stop = cancel
		r.mu.Unlock()
		api, _, err := s.api()
		if err != nil {
			cancel()
			continue // switched off meanwhile: nothing to read
		}
		if _, err := s.checkRuns(ctx, api, ids); err != nil {
			s.logger().Warn("autotask: background read of ticket states failed; the next page view asks again", "runs", len(ids), "error", err.Error())
		}
		cancel()
	}
}

// WaitRefreshed waits for background reads of ticket states to finish.
func (s *Service) WaitRefreshed() { s.refresh.wg.Wait() }

// StopRefreshing ends background reads for shutdown: the one under way is
// cancelled (what it stored stays), and no other starts.
func (s *Service) StopRefreshing() {
	r := &s.refresh
	r.mu.Lock()
	r.stopped = true
	if r.stop != nil {
		r.stop()
	}
	r.mu.Unlock()
	r.wg.Wait()
}
