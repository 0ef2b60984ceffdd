package memo

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

func TestViewsAreSharedUntilTheGenerationMoves(t *testing.T) {
	var c Cache[string, int]
	calls := 0
	compute := func() (int, error) { calls++; return calls, nil }
	if v, _ := c.Get(1, "q", compute); v != 1 {
		t.Fatal(v)
	}
	if v, _ := c.Get(1, "q", compute); v != 1 || calls != 1 {
		t.Fatalf("same generation recomputed: %d calls", calls)
	}
	if v, _ := c.Get(2, "q", compute); v != 2 {
		t.Fatal("a newer generation served the old view")
	}
	if v, _ := c.Get(2, "other", compute); v != 3 {
		t.Fatal("keys share views")
	}
	if _, err := c.Get(3, "q", func() (int, error) { return 0, errors.New("down") }); err == nil {
		t.Fatal("error lost")
	}
	if v, _ := c.Get(3, "q", compute); v != 4 {
		t.Fatal("an error was cached")
	}
}

func TestABurstComputesOnce(t *testing.T) {
	var c Cache[int, int]
	var calls atomic.Int32
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Get(7, 0, func() (int, error) { calls.Add(1); return 42, nil })
		}()
	}
	wg.Wait()
	if calls.Load() != 1 {
		t.Fatalf("50 concurrent requests computed %d times", calls.Load())
	}
}
