package jobs

import (
	"cmp"
	"slices"
	"time"

	"github.com/backupchecks/backupchecks/app/silence"
)

// Thresholds are the settings the silence checks read.
type Thresholds struct {
	Defaults       silence.Defaults
	NoSuccessTimes int // N of "no success within N × the bound"
}

// DefaultThresholds is what applies when the settings cannot be read.
func DefaultThresholds() Thresholds {
	return Thresholds{Defaults: silence.DefaultDefaults(), NoSuccessTimes: silence.DefaultNoSuccessTimes}
}

// Liveness is what a job's silence bound says of it at a moment.
type Liveness struct {
	Bound  silence.Bound
	Period silence.Period
	Silent bool          // past its bound without any run
	For    time.Duration // how long since its last run (or its approval)
	// NoSuccess: its last success (or its approval, when it never
	// succeeded) is older than NoSuccessTimes × its bound.
	NoSuccess    bool
	SinceSuccess time.Duration
}

// Liveness judges the job at now.
func (j Job) Liveness(t Thresholds, now time.Time) Liveness {
	b := j.Bound(t.Defaults)
	l := Liveness{Bound: b, Period: j.Period(b)}
	l.Silent, l.For = l.Period.Silent(b, now), l.Period.For(now)
	since := j.LastSuccess
	if since.IsZero() {
		since = j.Created
	}
	l.SinceSuccess = now.Sub(since)
	l.NoSuccess = !b.Never() && !j.Archived && l.SinceSuccess > time.Duration(max(t.NoSuccessTimes, 1))*b.Span
	return l
}

// Judged is a job with its liveness.
type Judged struct {
	Job
	Liveness
}

// Thresholds reads the settings, or the defaults when they cannot be read.
func (s *Service) Thresholds() Thresholds {
	if s.Settings == nil {
		return DefaultThresholds()
	}
	t, err := s.Settings()
	if err != nil {
		return DefaultThresholds()
	}
	return t
}

// Silent lists the active jobs silent past their bound at now, longest
// silence first.
func (s *Service) Silent(now time.Time) ([]Judged, error) {
	return s.judged(now, func(l Liveness) bool { return l.Silent }, func(a, b Judged) int { return cmp.Compare(b.For, a.For) })
}

// WithoutSuccess lists the active jobs with no success within N × their
// bound at now, longest without one first.
func (s *Service) WithoutSuccess(now time.Time) ([]Judged, error) {
	return s.judged(now, func(l Liveness) bool { return l.NoSuccess }, func(a, b Judged) int { return cmp.Compare(b.SinceSuccess, a.SinceSuccess) })
}

func (s *Service) judged(now time.Time, keep func(Liveness) bool, order func(a, b Judged) int) ([]Judged, error) {
	all, err := s.store.Jobs()
	if err != nil {
		return nil, err
	}
	t := s.Thresholds()
	var out []Judged
	for _, j := range all {
		if j.Archived {
			continue
		}
		if l := j.Liveness(t, now); keep(l) {
			out = append(out, Judged{j, l})
		}
	}
	slices.SortStableFunc(out, order)
	return out, nil
}
