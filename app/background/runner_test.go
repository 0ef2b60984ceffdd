package background

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/jonboulle/clockwork"
)

func TestTasksRunOnScheduleAndReportFailures(t *testing.T) {
	clk := clockwork.NewFakeClock()
	r, err := New(slog.New(slog.DiscardHandler), gocron.WithClock(clk))
	if err != nil {
		t.Fatal(err)
	}
	ran := make(chan struct{}, 10)
	fail := true
	if err := r.Every("cleanup", 10*time.Minute, func(context.Context) error {
		defer func() { ran <- struct{}{} }()
		if fail {
			return errors.New("disk full")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	r.Start()
	defer r.Shutdown()

	if st := r.Statuses(); len(st) != 1 || !st[0].LastRun.IsZero() {
		t.Fatalf("before the first interval: %+v", st)
	}
	advance := func() {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := clk.BlockUntilContext(ctx, 1); err != nil {
			t.Fatal(err)
		}
		clk.Advance(10 * time.Minute)
		select {
		case <-ran:
		case <-time.After(5 * time.Second):
			t.Fatal("task did not run after its interval")
		}
	}
	advance()
	waitFor(t, func() bool {
		st := r.Statuses()[0]
		return st.Failures == 1 && st.LastErr == "disk full" && !st.Running
	})
	fail = false
	advance()
	waitFor(t, func() bool {
		st := r.Statuses()[0]
		return st.Failures == 0 && st.LastErr == "" && !st.LastRun.IsZero()
	})
	if err := r.RunNow("nope"); err == nil {
		t.Fatal("RunNow of an unknown task succeeded")
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestEveryFromStartRunsAtOnce(t *testing.T) {
	clk := clockwork.NewFakeClock()
	r, err := New(slog.New(slog.DiscardHandler), gocron.WithClock(clk))
	if err != nil {
		t.Fatal(err)
	}
	ran := make(chan struct{}, 1)
	if err := r.EveryFromStart("schedules", time.Hour, func(context.Context) error { ran <- struct{}{}; return nil }); err != nil {
		t.Fatal(err)
	}
	r.Start()
	defer r.Shutdown()
	select {
	case <-ran:
	case <-time.After(5 * time.Second):
		t.Fatal("the task did not run when the runner started")
	}
}
