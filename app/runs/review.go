package runs

import (
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
)

// QueueEntry is an unreviewed run as the unreviewed index knows it: enough
// to sort and group the review queue without reading the runs.
type QueueEntry struct {
	RunID, JobID uint64
	Severity     int // Status.Severity of the run
	Time         time.Time
}

// ReviewStore is what reviewing needs from storage.
type ReviewStore interface {
	Unreviewed() ([]QueueEntry, error)
	Runs(ids []uint64) ([]Run, error) // unknown IDs are skipped
	// SetReviewed marks runs reviewed (at non-zero) or unreviewed (at zero)
	// with one audit event, returning how many changed.
	SetReviewed(ids []uint64, at time.Time, by string, ev audit.Event) (int, error)
	// VisitBriefs calls visit with each run of [from, to), oldest first.
	VisitBriefs(from, to time.Time, visit func(Brief) error) error
	SaveRuns(rs []Run) error // whole runs, re-indexed; the job's last status follows
	// Recoveries gives, for each of the ascending times, the job's first
	// successful run strictly after it (zero when there is none).
	Recoveries(jobID uint64, after []time.Time) ([]Recovery, error)
}

// Brief is what a day's overview shows of a run, read from the time
// index alone (no record, no objects).
type Brief struct {
	ID, JobID uint64
	Time      time.Time
	Status    Status
	Message   string // the start of it
	// Overridden: an override made this run a success.
	Overridden bool
}

// Unreviewed returns every unreviewed run's queue entry; callers must not
// change the slice. On a large appliance the queue's index is slow to read
// cold (a tenth of a second: years of reviews left deletions in its key
// range), so with Generation set one read serves until the next commit.
func (s *Service) Unreviewed() ([]QueueEntry, error) {
	if s.Generation == nil {
		return s.review.Unreviewed()
	}
	gen := s.Generation()
	s.queueMu.Lock()
	defer s.queueMu.Unlock()
	if s.queue != nil && s.queueGen == gen {
		return s.queue, nil
	}
	q, err := s.review.Unreviewed()
	if err != nil {
		return nil, err
	}
	if q == nil {
		q = []QueueEntry{}
	}
	s.queue, s.queueGen = q, gen
	return q, nil
}

// Load returns the runs with these IDs, in the same order, skipping unknown ones.
func (s *Service) Load(ids []uint64) ([]Run, error) { return s.review.Runs(ids) }

// Between returns the briefs of the runs whose time falls in [from, to), oldest first.
func (s *Service) Between(from, to time.Time) ([]Brief, error) {
	var out []Brief
	err := s.review.VisitBriefs(from, to, func(b Brief) error { out = append(out, b); return nil })
	return out, err
}

// EachBetween calls visit with each run of [from, to), oldest first,
// without holding them all: a report over months reads hundreds of
// thousands.
func (s *Service) EachBetween(from, to time.Time, visit func(Brief) error) error {
	return s.review.VisitBriefs(from, to, visit)
}

// Review marks runs reviewed by the actor.
func (s *Service) Review(ids []uint64, by audit.Actor) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	return s.review.SetReviewed(ids, s.now().UTC(), by.Name, audit.New(by, audit.RunReview, runTarget(ids), ""))
}

// Unreview puts runs back into the review queue.
func (s *Service) Unreview(ids []uint64, by audit.Actor) (int, error) {
	return s.review.SetReviewed(ids, time.Time{}, "", audit.New(by, audit.RunUnreview, runTarget(ids), ""))
}

// Restate stores runs an override changed, reviewing successes as Record
// does when they need no review.
func (s *Service) Restate(rs []Run) error {
	if len(rs) == 0 {
		return nil
	}
	now := s.now().UTC()
	for i := range rs {
		if rs[i].Status == Success && !s.SuccessNeedsReview() && rs[i].Reviewed.IsZero() {
			rs[i].Reviewed, rs[i].ReviewedBy = now, "auto"
		}
	}
	return s.review.SaveRuns(rs)
}

// ReviewWhere reviews every queued run the filter keeps (all of a job, all successes).
func (s *Service) ReviewWhere(keep func(QueueEntry) bool, by audit.Actor, what string) (int, error) {
	q, err := s.review.Unreviewed()
	if err != nil {
		return 0, err
	}
	var ids []uint64
	for _, e := range q {
		if keep(e) {
			ids = append(ids, e.RunID)
		}
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return s.review.SetReviewed(ids, s.now().UTC(), by.Name, audit.New(by, audit.RunReview, what, fmt.Sprintf("%d runs", len(ids))))
}

func runTarget(ids []uint64) string {
	if len(ids) == 1 {
		return fmt.Sprintf("run %d", ids[0])
	}
	return fmt.Sprintf("%d runs", len(ids))
}
