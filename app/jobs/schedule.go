package jobs

import (
	"errors"
	"sort"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/schedule"
)

// ErrBadSchedule explains what is wrong with a schedule an operator set.
type ErrBadSchedule struct{ Reason string }

func (e *ErrBadSchedule) Error() string { return e.Reason }

// SetSchedule sets the operator's schedule, or with nil returns the job to
// its inferred schedule.
func (s *Service) SetSchedule(id uint64, sc *schedule.Schedule, by audit.Actor) (Job, error) {
	if sc != nil {
		if err := checkSchedule(sc); err != nil {
			return Job{}, err
		}
		sc.SetBy, sc.Basis, sc.Since, sc.Reason, sc.Spread = by.Name, 0, "", "", 0
		if sc.SetBy == "" {
			sc.SetBy = "an operator"
		}
	}
	j, err := s.store.Job(id)
	if err != nil {
		return Job{}, err
	}
	j.Override = sc
	detail := "reset to inferred"
	if sc != nil {
		detail = sc.Explain()
	}
	return j, s.store.SaveJob(j, audit.New(by, audit.JobSchedule, j.Name, detail))
}

// SaveState stores what the scheduler inferred and checked.
func (s *Service) SaveState(id uint64, st State) error { return s.store.SaveJobState(id, st) }

func checkSchedule(sc *schedule.Schedule) error {
	bad := func(r string) error { return &ErrBadSchedule{r} }
	switch sc.Kind {
	case schedule.Daily, schedule.Weekdays, schedule.None:
		sc.Days, sc.MonthDay = nil, 0
	case schedule.Weekly:
		if len(sc.Days) == 0 {
			return bad("Choose at least one weekday for a weekly schedule.")
		}
		seen := map[time.Weekday]bool{}
		var days []time.Weekday
		for _, w := range sc.Days {
			if !seen[w] && w >= time.Sunday && w <= time.Saturday {
				seen[w] = true
				days = append(days, w)
			}
		}
		sort.Slice(days, func(a, b int) bool { return (days[a]+6)%7 < (days[b]+6)%7 }) // Monday first
		sc.Days = days
		sc.MonthDay = 0
	case schedule.Monthly:
		if sc.MonthDay < 1 || sc.MonthDay > 31 {
			return bad("Enter the day of the month as 1 to 31 (31 means the last day).")
		}
		sc.Days = nil
	default:
		return bad("Choose how often the job runs.")
	}
	if sc.Kind == schedule.None {
		sc.Minute, sc.Grace = 0, 0
		return nil
	}
	if sc.Minute < 0 || sc.Minute >= 24*60 {
		return bad("Enter the expected time as HH:MM.")
	}
	if sc.Grace < 15*time.Minute || sc.Grace > 48*time.Hour {
		return bad("Enter a grace period between 15 minutes and 48 hours.")
	}
	return nil
}

// IsBadSchedule reports whether err is a schedule the operator must correct.
func IsBadSchedule(err error) bool {
	var e *ErrBadSchedule
	return errors.As(err, &e)
}
