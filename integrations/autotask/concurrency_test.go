package autotask_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// Ten calls at once on a slow Autotask: the client's own slots keep it at
// 3 in flight, so it never meets the 429 (Retries 1 would surface one).
func TestConcurrentCallsStayUnderTheThreadLimit(t *testing.T) {
	w := newWorld(t)
	w.srv.SetDelay(20 * time.Millisecond)
	one := func(cfg *autotask.Config) { cfg.Retries = 1 }
	a, b := w.client(one), w.client(one) // two clients, one integration code: one set of slots
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for i := range 10 {
		c := a
		if i%2 == 1 {
			c = b
		}
		wg.Go(func() {
			_, err := c.Company(ctx, 0)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := w.srv.MaxInFlight(); n < 1 || n > 3 {
		t.Fatalf("%d requests in flight at once", n)
	}
}

// Waiting for a slot ends with the caller's context; the request is
// never sent.
func TestWaitingForASlotRespectsTheContext(t *testing.T) {
	w := newWorld(t)
	c := w.ready(t)
	w.srv.SetDelay(time.Hour)
	hold, release := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() { _, _ = c.Company(hold, 0) })
	}
	for w.srv.Calls() < 4 { // the zone lookup and the three held calls
		time.Sleep(time.Millisecond)
	}
	short, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	defer cancel()
	_, err := c.Company(short, 0)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want the deadline, got %v", err)
	}
	if n := w.srv.Calls(); n != 4 {
		t.Fatalf("%d requests; the fourth call must not be sent", n)
	}
	release()
	wg.Wait()
}
