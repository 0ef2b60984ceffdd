// Package silentjobs says which customers' jobs have gone quiet, in the
// words the dashboard, the API and the watch show: jobs silent past their
// silence bound (longest first) and jobs without a success within N × the
// bound, each with its customer and the sentence that explains it. It
// reads jobs, runs and customers and changes nothing.
package silentjobs

import (
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/silence"
)

// Entry is one job of a list, with what a reader needs beside it.
type Entry struct {
	jobs.Judged
	Customer string
	// Reason is the sentence of the job's newest missed run when the
	// missed pass has told this silent period, else its bound explained:
	// the same words Run Checks shows.
	Reason string
}

// Service builds the lists.
type Service struct {
	Jobs      *jobs.Service
	Runs      *runs.Service
	Customers *customers.Service
	Now       func() time.Time
	// Location is the UI time zone dates are written in; nil: UTC.
	Location func() *time.Location
}

// Silent lists the active jobs silent past their bound, longest first.
func (s *Service) Silent() ([]Entry, error) {
	list, _, err := s.SilentFirst(-1)
	return list, err
}

// SilentFirst is the first n of Silent (all when n < 0) in words, and
// every silent job judged: the dashboard and the watch name a few and
// count the rest, and each entry in words costs a read of the job's
// newest run.
func (s *Service) SilentFirst(n int) ([]Entry, []jobs.Judged, error) {
	list, err := s.Jobs.Silent(s.now())
	if err != nil {
		return nil, nil, fmt.Errorf("list the silent jobs: %w", err)
	}
	out, err := s.entries(first(list, n), s.missedReason)
	return out, list, err
}

// WithoutSuccess lists the active jobs with no success within N × their
// bound, longest without one first.
func (s *Service) WithoutSuccess() ([]Entry, error) {
	list, _, err := s.WithoutSuccessFirst(-1)
	return list, err
}

// WithoutSuccessFirst is the first n of WithoutSuccess (all when n < 0)
// in words, and every such job judged.
func (s *Service) WithoutSuccessFirst(n int) ([]Entry, []jobs.Judged, error) {
	list, err := s.Jobs.WithoutSuccess(s.now())
	if err != nil {
		return nil, nil, fmt.Errorf("list the jobs without a recent success: %w", err)
	}
	times, loc := s.Times(), s.location()
	out, err := s.entries(first(list, n), func(j jobs.Judged) (string, error) { return NoSuccessReason(j, times, loc), nil })
	return out, list, err
}

func first(list []jobs.Judged, n int) []jobs.Judged {
	if n < 0 || n > len(list) {
		return list
	}
	return list[:n]
}

// Clock is the moment the lists are judged at: now, or a test's clock.
func (s *Service) Clock() time.Time { return s.now() }

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func (s *Service) location() *time.Location {
	if s.Location == nil {
		return time.UTC
	}
	return s.Location()
}

func (s *Service) entries(list []jobs.Judged, reason func(jobs.Judged) (string, error)) ([]Entry, error) {
	if len(list) == 0 {
		return nil, nil
	}
	names, err := s.customerNames()
	if err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(list))
	for _, j := range list {
		e := Entry{Judged: j, Customer: names[j.CustomerID], Reason: j.Liveness.Bound.Explain()}
		if m, err := reason(j); err != nil {
			return nil, err
		} else if m != "" {
			e.Reason = m
		}
		out = append(out, e)
	}
	return out, nil
}

// missedReason is the message of the job's newest run when that run is a
// missed one after its last report: the missed pass's sentence for the
// current silent period ("No run since Thu 20 Aug, 107 days; …").
func (s *Service) missedReason(jd jobs.Judged) (string, error) {
	j := jd.Job
	if j.LastStatus != string(runs.Missed) || !j.LastRun.After(j.LastSeen) || s.Runs == nil {
		return "", nil
	}
	page, err := s.Runs.OfJob(j.ID, "", 1)
	if err != nil {
		return "", fmt.Errorf("read the newest run of job %d: %w", j.ID, err)
	}
	if len(page.Runs) == 0 || page.Runs[0].Status != runs.Missed {
		return "", nil
	}
	return page.Runs[0].Message, nil
}

func (s *Service) customerNames() (map[uint64]string, error) {
	list, err := s.Customers.List("")
	if err != nil {
		return nil, fmt.Errorf("read the customers: %w", err)
	}
	names := make(map[uint64]string, len(list))
	for _, c := range list {
		names[c.ID] = c.Name
	}
	return names, nil
}

// NoSuccessReason says why a job is listed without a recent success:
// "Its last success was on Sun 1 Mar, 278 days ago; 2 × its bound of 3
// days is 6 days."
func NoSuccessReason(j jobs.Judged, n int, loc *time.Location) string {
	b := j.Liveness.Bound
	limit := fmt.Sprintf("%d × its bound of %s is %s", n, silence.Span(b.Span), silence.Span(time.Duration(n)*b.Span))
	if j.LastSuccess.IsZero() {
		return fmt.Sprintf("It has not succeeded since it was approved on %s, %s ago; %s.", date(j.Created, loc), silence.Rough(j.SinceSuccess), limit)
	}
	return fmt.Sprintf("Its last success was on %s, %s ago; %s.", date(j.LastSuccess, loc), silence.Rough(j.SinceSuccess), limit)
}

func date(t time.Time, loc *time.Location) string { return t.In(loc).Format("Mon 2 Jan 2006") }

// Times is N of "no success within N × the bound", as the settings say.
func (s *Service) Times() int { return max(s.Jobs.Thresholds().NoSuccessTimes, 1) }
