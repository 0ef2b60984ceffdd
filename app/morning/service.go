package morning

import (
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/memo"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/schedule"
)

// Service reads the morning view from the stores. Every page that shows
// one of its numbers asks it, never the stores directly.
type Service struct {
	Runs      *runs.Service
	Jobs      *jobs.Service
	Customers *customers.Service
	// Clock is the business day's clock (Settings → General's time zone
	// and day start).
	Clock func() (schedule.Clock, error)
	// WaitingMails and WaitingCove count what waits for approval now; nil
	// counts nothing.
	WaitingMails, WaitingCove func() (int, error)
	Now                       func() time.Time
	// Generation is the store's commit count: a view is shared between
	// requests while it and the minute stay the same. Nil: no sharing.
	Generation func() uint64

	views memo.Cache[int64, Morning]
}

// View is the morning view now.
func (s *Service) View() (Morning, error) {
	now := s.now()
	if s.Generation == nil {
		return s.build(now)
	}
	// The minute is in the key: "silent" and the business day move with
	// the clock even when nothing is written.
	return s.views.Get(s.Generation(), now.Unix()/60, func() (Morning, error) { return s.build(now) })
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func (s *Service) build(now time.Time) (Morning, error) {
	in := Input{Now: now}
	var err error
	if in.Clock, err = s.Clock(); err != nil {
		return Morning{}, fmt.Errorf("read the business day's settings: %w", err)
	}
	if in.Queue, err = s.Runs.Unreviewed(); err != nil {
		return Morning{}, fmt.Errorf("read the review queue: %w", err)
	}
	if in.Jobs, err = s.Jobs.All(); err != nil {
		return Morning{}, fmt.Errorf("read jobs: %w", err)
	}
	if in.Customers, err = s.Customers.List(""); err != nil {
		return Morning{}, fmt.Errorf("read customers: %w", err)
	}
	if in.Silent, err = s.Jobs.Silent(now); err != nil {
		return Morning{}, fmt.Errorf("list the silent jobs: %w", err)
	}
	if s.WaitingMails != nil {
		if in.Waiting.Mails, err = s.WaitingMails(); err != nil {
			return Morning{}, fmt.Errorf("count the mail waiting in the Inbox: %w", err)
		}
	}
	if s.WaitingCove != nil {
		if in.Waiting.Cove, err = s.WaitingCove(); err != nil {
			return Morning{}, fmt.Errorf("count the Cove accounts waiting for approval: %w", err)
		}
	}
	return Build(in), nil
}

// Queue is every unreviewed run of an active job: what Run Checks and
// the morning view count. The watch's backlog condition reads it, so runs
// of archived jobs, which no page shows, cannot make a backlog alone.
func (s *Service) Queue() ([]runs.QueueEntry, error) {
	q, err := s.Runs.Unreviewed()
	if err != nil {
		return nil, fmt.Errorf("read the review queue: %w", err)
	}
	all, err := s.Jobs.All()
	if err != nil {
		return nil, fmt.Errorf("read jobs: %w", err)
	}
	active := make(map[uint64]bool, len(all))
	for _, j := range all {
		active[j.ID] = !j.Archived
	}
	kept := make([]runs.QueueEntry, 0, len(q)) // q is shared: callers must not change it
	for _, e := range q {
		if active[e.JobID] {
			kept = append(kept, e)
		}
	}
	return kept, nil
}
