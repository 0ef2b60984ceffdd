// Package missed keeps every job's inferred schedule and silence bound
// fresh, records a missed run when an expected slot passes its grace with
// no run, and one missed run per silent period when a job goes without any
// run past its silence bound. It runs as one scheduled task; every part is
// idempotent, so running it twice, after a restart or a restored backup,
// records nothing twice.
package missed

import (
	"errors"
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/schedule"
	"github.com/backupchecks/backupchecks/app/silence"
)

const (
	// History is how far back inference looks.
	History = 60 * 24 * time.Hour
	// LookBack bounds how many past days one pass checks, so an appliance
	// that was off for months does not flood the queue.
	LookBack = 14
	// Refresh is how old an inferred schedule may get before it is redone.
	Refresh = 6 * time.Hour
	// LastRuns is how many of a job's last runs its gaps are measured on
	// when its recent history is thin.
	LastRuns = 100
)

// Calendar is what the settings say about days: the UI time zone and day
// start, and the daily-jobs start date (zero: none).
type Calendar struct {
	Clock schedule.Clock
	Start schedule.Day
}

// Service runs the pass.
type Service struct {
	Jobs     *jobs.Service
	Runs     *runs.Service
	Calendar func() (Calendar, error)
	Now      func() time.Time
}

// Result counts what one pass did.
type Result struct {
	Inferred, Missed int
	Silent           int // missed runs raised for silent periods (also counted in Missed)
}

// Pass re-infers schedules of jobs with new runs, then raises missed runs.
func (s *Service) Pass() (Result, error) {
	var res Result
	cal, err := s.Calendar()
	if err != nil {
		return res, fmt.Errorf("read settings: %w", err)
	}
	all, err := s.Jobs.All()
	if err != nil {
		return res, fmt.Errorf("read jobs: %w", err)
	}
	defaults := s.Jobs.Thresholds().Defaults
	now := s.Now()
	var errs []error
	for _, j := range all {
		if j.Archived {
			continue
		}
		st, changed := j.State, false
		// Reports arrive after the run they describe, so "a run newer than the
		// last inference" alone would miss most; a few hours' age catches them.
		if st.InferredAt.IsZero() || j.LastRun.After(st.InferredAt) || now.Sub(st.InferredAt) > Refresh {
			if st.Inferred, st.History, err = s.infer(j, cal.Clock, now); err != nil {
				errs = append(errs, err)
				continue
			}
			st.InferredAt, changed = now, true
			res.Inferred++
		}
		j.State = st
		b := j.Bound(defaults)
		n, through := 0, cal.Clock.DayOf(now).Add(-1).String() // were slots to apply again, they start from today
		var slotErr error
		if b.Slots() {
			if n, through, slotErr = s.detect(j, cal, now); slotErr != nil {
				errs = append(errs, slotErr)
			}
		}
		res.Missed += n
		if n == 0 && slotErr == nil { // a missed slot already tells this silence
			raised, err := s.silent(j, b, cal, now)
			if err != nil {
				errs = append(errs, err)
			}
			res.Missed += raised
			res.Silent += raised
		}
		if through != st.MissedThrough {
			st.MissedThrough, changed = through, true
		}
		if changed {
			if err := s.Jobs.SaveState(j.ID, st); err != nil && !errors.Is(err, jobs.ErrNotFound) {
				errs = append(errs, fmt.Errorf("job %d: %w", j.ID, err))
			}
		}
	}
	return res, errors.Join(errs...)
}

// infer reads the job's recent history for its schedule and the gaps
// between its runs. A job with few runs in the window is measured on its
// last runs instead, so one silent for months keeps the bound it had.
func (s *Service) infer(j jobs.Job, c schedule.Clock, now time.Time) (schedule.Schedule, silence.History, error) {
	rs, err := s.Runs.OfJobBetween(j.ID, now.Add(-History), now.Add(time.Hour))
	if err != nil {
		return schedule.Schedule{}, silence.History{}, fmt.Errorf("job %d history: %w", j.ID, err)
	}
	times := reported(rs)
	sc, gaps := schedule.Infer(times, c), times
	if len(times) < LastRuns/4 && !j.LastSeen.IsZero() {
		p, err := s.Runs.OfJob(j.ID, "", LastRuns)
		if err != nil {
			return schedule.Schedule{}, silence.History{}, fmt.Errorf("job %d last runs: %w", j.ID, err)
		}
		gaps = reported(p.Runs)
	}
	return sc, silence.Measure(gaps), nil
}

// reported is the times of the runs that are not missed ones.
func reported(rs []runs.Run) []time.Time {
	times := make([]time.Time, 0, len(rs))
	for _, r := range rs {
		if r.Status != runs.Missed {
			times = append(times, r.Time)
		}
	}
	return times
}

// detect checks the job's days since it last looked and records a missed
// run for each expected day whose deadline passed without a run. It
// returns the last day it has finished with.
func (s *Service) detect(j jobs.Job, cal Calendar, now time.Time) (int, string, error) {
	c := cal.Clock
	sc := j.Schedule()
	today := c.DayOf(now)
	from := c.DayOf(j.Created)
	if !cal.Start.IsZero() && from.Before(cal.Start) {
		from = cal.Start
	}
	if d, err := schedule.ParseDay(j.MissedThrough); err == nil && from.Before(d.Add(1)) {
		from = d.Add(1)
	}
	if from.Before(today.Add(-LookBack)) {
		from = today.Add(-LookBack)
	}
	through := j.MissedThrough
	if sc.Kind == schedule.None || sc.Kind == "" {
		// Nothing is expected; once a schedule appears it applies from today on.
		if y := today.Add(-1); !y.Before(from) {
			through = y.String()
		}
		return 0, through, nil
	}
	n := 0
	for d := from; !today.Before(d); d = d.Add(1) {
		deadline, expected := sc.Deadline(c, d)
		if expected && deadline.After(now) {
			break // not due yet: look again next pass
		}
		if expected {
			lo, hi := c.Bounds(d)
			rs, err := s.Runs.OfJobBetween(j.ID, lo, hi)
			if err != nil {
				return n, through, fmt.Errorf("job %d runs of %s: %w", j.ID, d, err)
			}
			if len(rs) == 0 {
				slot, _ := sc.Slot(c, d)
				_, created, err := s.Runs.Record(runs.NewRun{JobID: j.ID, Source: runs.FromSchedule, ExternalID: runs.MissedID(d.String()),
					Time: slot, Status: runs.Missed,
					Message: fmt.Sprintf("No run arrived by %s (expected %s around %s, grace %s).",
						deadline.In(c.Loc).Format("Mon 2 Jan 15:04"), sc.DaysText(), sc.ClockText(), graceText(sc.Grace))})
				if err != nil {
					return n, through, fmt.Errorf("job %d missed run of %s: %w", j.ID, d, err)
				}
				if created {
					n++
				}
			}
		}
		through = d.String()
	}
	return n, through, nil
}

func graceText(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%d h", d/time.Hour)
	}
	return fmt.Sprintf("%d min", d/time.Minute)
}

// Infer infers one job's schedule now, for a job that just got its history
// (a Cove account approved with its colour bar) and should not wait for
// the next pass to show its expected days.
func (s *Service) Infer(jobID uint64) error {
	cal, err := s.Calendar()
	if err != nil {
		return fmt.Errorf("read settings: %w", err)
	}
	j, err := s.Jobs.Get(jobID)
	if err != nil {
		return err
	}
	now := s.Now()
	st := j.State
	if st.Inferred, st.History, err = s.infer(j, cal.Clock, now); err != nil {
		return err
	}
	st.InferredAt = now
	if st.MissedThrough == "" {
		// The history is new to this job: do not look for missed days in it.
		st.MissedThrough = cal.Clock.DayOf(now).Add(-1).String()
	}
	return s.Jobs.SaveState(j.ID, st)
}
