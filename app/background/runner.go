// Package background runs the appliance's periodic tasks (value-log
// cleanup now; mail and Cove polling later) on one gocron scheduler and
// remembers each task's last outcome for the dashboard.
package background

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"
)

// Status is what the UI shows about a task.
type Status struct {
	Name     string
	Every    time.Duration
	LastRun  time.Time
	LastErr  string
	NextRun  time.Time
	Running  bool
	Failures int // consecutive
}

// Runner owns the scheduler.
type Runner struct {
	sched gocron.Scheduler
	log   *slog.Logger

	mu    sync.Mutex
	tasks map[string]*Status
	jobs  map[string]gocron.Job
}

// New creates a stopped runner. Options are passed to gocron (tests inject a fake clock).
func New(log *slog.Logger, opts ...gocron.SchedulerOption) (*Runner, error) {
	opts = append([]gocron.SchedulerOption{gocron.WithLogger(log), gocron.WithStopTimeout(20 * time.Second)}, opts...)
	s, err := gocron.NewScheduler(opts...)
	if err != nil {
		return nil, fmt.Errorf("scheduler: %w", err)
	}
	return &Runner{sched: s, log: log, tasks: map[string]*Status{}, jobs: map[string]gocron.Job{}}, nil
}

// Every registers fn to run every interval, the first time after one
// interval. Runs never overlap: a run still going when the next is due
// makes that one skip.
func (r *Runner) Every(name string, every time.Duration, fn func(ctx context.Context) error) error {
	return r.every(name, every, fn)
}

// EveryFromStart is Every that also runs the task as soon as the runner
// starts, for work whose results the UI needs (schedules) rather than
// housekeeping that can wait.
func (r *Runner) EveryFromStart(name string, every time.Duration, fn func(ctx context.Context) error) error {
	return r.every(name, every, fn, gocron.WithStartAt(gocron.WithStartImmediately()))
}

func (r *Runner) every(name string, every time.Duration, fn func(ctx context.Context) error, opts ...gocron.JobOption) error {
	r.mu.Lock()
	r.tasks[name] = &Status{Name: name, Every: every}
	r.mu.Unlock()
	opts = append([]gocron.JobOption{gocron.WithName(name), gocron.WithSingletonMode(gocron.LimitModeReschedule),
		gocron.WithIntervalFromCompletion()}, opts...)
	j, err := r.sched.NewJob(gocron.DurationJob(every),
		gocron.NewTask(func(ctx context.Context) { r.run(ctx, name, fn) }), opts...)
	if err != nil {
		return fmt.Errorf("schedule %s: %w", name, err)
	}
	r.mu.Lock()
	r.jobs[name] = j
	r.mu.Unlock()
	return nil
}

func (r *Runner) run(ctx context.Context, name string, fn func(ctx context.Context) error) {
	r.mu.Lock()
	st := r.tasks[name]
	st.Running = true
	r.mu.Unlock()
	start := time.Now()
	err := fn(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	st.Running, st.LastRun = false, start
	if err != nil {
		st.LastErr = err.Error()
		st.Failures++
		r.log.Error("background task failed", "task", name, "error", err, "consecutive", st.Failures)
		return
	}
	st.LastErr, st.Failures = "", 0
	r.log.Debug("background task done", "task", name, "took", time.Since(start))
}

// RunNow starts a task at once (the "run now" buttons).
func (r *Runner) RunNow(name string) error {
	r.mu.Lock()
	j, ok := r.jobs[name]
	r.mu.Unlock()
	if !ok {
		return fmt.Errorf("no background task %q", name)
	}
	return j.RunNow()
}

// Start begins scheduling.
func (r *Runner) Start() { r.sched.Start() }

// Shutdown stops scheduling and waits for running tasks (their context is cancelled).
func (r *Runner) Shutdown() error { return r.sched.Shutdown() }

// Statuses lists every task by name.
func (r *Runner) Statuses() []Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Status, 0, len(r.tasks))
	for name, st := range r.tasks {
		s := *st
		if j, ok := r.jobs[name]; ok {
			s.NextRun, _ = j.NextRun()
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
