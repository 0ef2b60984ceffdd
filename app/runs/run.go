// Package runs holds runs: one execution of a job as a source reported it
// (or a missed expectation), and the use case every source records them
// through.
package runs

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Status is one of the four outcomes every source maps onto.
type Status string

const (
	Success Status = "success"
	Warning Status = "warning"
	Failed  Status = "failed"
	Missed  Status = "missed"
)

// Valid reports whether s is one of the four statuses.
func (s Status) Valid() bool { return s == Success || s == Warning || s == Failed || s == Missed }

// Severity orders statuses worst first (0 = failed).
func (s Status) Severity() int {
	switch s {
	case Failed:
		return 0
	case Missed:
		return 1
	case Warning:
		return 2
	}
	return 3
}

// StatusOfSeverity is the status of a severity (indexes store the byte).
func StatusOfSeverity(sev int) Status {
	for _, st := range []Status{Failed, Missed, Warning, Success} {
		if st.Severity() == sev {
			return st
		}
	}
	return Warning // an unknown outcome is not a success
}

// Source is how a run reached Backupchecks.
type Source string

const (
	FromEmail    Source = "email"
	FromAPI      Source = "api"
	FromSchedule Source = "schedule" // a missed run raised by the schedule
)

// Object is one item a run backed up (a VM, a share, a data source).
type Object struct {
	Name    string `json:"name"`
	Kind    string `json:"kind,omitempty"`
	Status  Status `json:"status"`
	Message string `json:"message,omitempty"`
}

// Run is one execution of a job.
type Run struct {
	ID           uint64    `json:"id"`
	JobID        uint64    `json:"job_id"`
	Source       Source    `json:"source"`
	ExternalID   string    `json:"external_id"` // mail ID, or Cove account + session time; unique per job
	Time         time.Time `json:"time"`        // UTC, from the report
	Status       Status    `json:"status"`
	SourceStatus string    `json:"source_status,omitempty"` // the product's own word, e.g. "Completed with errors"
	Message      string    `json:"message,omitempty"`
	Objects      []Object  `json:"objects,omitempty"`
	Override     *Applied  `json:"override,omitempty"` // set when an override turned it into a success
	Reviewed     time.Time `json:"reviewed,omitempty"`
	ReviewedBy   string    `json:"reviewed_by,omitempty"` // username, or "auto" for successes that need no review
	Created      time.Time `json:"created"`
}

// Applied records the override that turned a run into a success.
type Applied struct {
	ID       uint64 `json:"id"`
	Reason   string `json:"reason"`
	Original Status `json:"original"` // what the report said
}

// Failing returns the objects that did not succeed, worst first.
func (r Run) Failing() []Object {
	var out []Object
	for _, sev := range []Status{Failed, Warning} {
		for _, o := range r.Objects {
			if o.Status == sev {
				out = append(out, o)
			}
		}
	}
	return out
}

var (
	ErrNotFound = errors.New("run not found")
	ErrInvalid  = errors.New("invalid run")
)

// Page is a page of runs, newest first, and the cursor of the next (older) page.
type Page struct {
	Runs []Run
	Next string
}

// Store persists runs.
type Store interface {
	// RecordRun stores r unless the job already has a run with its
	// external ID; then it returns that run and created=false. The job's
	// last-run summary is updated in the same transaction.
	// When supersede is set and the job has a missed run with that
	// external ID, it is removed in the same transaction: a late run
	// replaces the missed one it answers.
	RecordRun(r Run, supersede string) (stored Run, created bool, err error)
	// RecordRuns is RecordRun for many runs, in batched transactions.
	RecordRuns(list []Run, supersede []string) (stored []Run, created []bool, err error)
	Run(id uint64) (Run, error) // ErrNotFound
	RunsOfJob(jobID uint64, before string, limit int) (Page, error)
	RunsOfJobBetween(jobID uint64, from, to time.Time) ([]Run, error) // oldest first
}

// Service holds the run use cases.
type Service struct {
	store  Store
	review ReviewStore
	now    func() time.Time
	// SuccessNeedsReview reports the setting; false reviews successes automatically.
	SuccessNeedsReview func() bool
	// Adjust may change a run before it is stored (overrides apply here).
	Adjust func(*Run) error
	// DayOf names the business day a run time belongs to ("2006-01-02"),
	// which is also what a missed run of that day is keyed on.
	DayOf func(time.Time) string
	// Generation, when set, is the store's commit count: the review queue
	// read at one count is reused until it changes (see Unreviewed).
	Generation func() uint64

	queueMu  sync.Mutex
	queueGen uint64
	queue    []QueueEntry
}

// MissedID is the external ID of the missed run of a business day: one per
// job and day, so raising it twice records it once.
func MissedID(day string) string { return "missed:" + day }

// NewService wires the run use cases.
func NewService(s interface {
	Store
	ReviewStore
}) *Service {
	return &Service{store: s, review: s, now: time.Now, SuccessNeedsReview: func() bool { return false },
		DayOf: func(t time.Time) string { return t.UTC().Format(time.DateOnly) }}
}

// NewRun is what a source reports.
type NewRun struct {
	JobID        uint64
	Source       Source
	ExternalID   string
	Time         time.Time
	Status       Status
	SourceStatus string
	Message      string
	Objects      []Object
	// ReviewedBy, when set, records the run as already reviewed by that
	// name: history a source hands over on approval needs no review.
	ReviewedBy string
}

// Record stores a run reported by a source. It is idempotent on (job,
// external ID): a report seen again (a re-polled mailbox, a restored
// backup, a crash between store and acknowledge) returns the stored run
// with created=false and changes nothing.
func (s *Service) Record(n NewRun) (Run, bool, error) {
	r, supersede, err := s.prepare(n)
	if err != nil {
		return Run{}, false, err
	}
	return s.store.RecordRun(r, supersede)
}

// RecordAll records many runs as Record would, in few transactions (a
// poll's new sessions). An invalid run fails the call before anything is
// written; a storage failure leaves the runs of earlier batches recorded.
func (s *Service) RecordAll(list []NewRun) ([]Run, []bool, error) {
	prepared, supersede := make([]Run, len(list)), make([]string, len(list))
	for i, n := range list {
		var err error
		if prepared[i], supersede[i], err = s.prepare(n); err != nil {
			return nil, nil, err
		}
	}
	return s.store.RecordRuns(prepared, supersede)
}

// Prepared is a reported run made ready to store: validated, with the
// overrides and automatic review applied, and the ID of the missed run it
// supersedes (a store removes that one in the same transaction).
type Prepared struct {
	Run        Run
	Supersedes string
}

// Prepare readies a run for a store that records it inside a transaction
// of its own (a mail and the run it reports, together).
func (s *Service) Prepare(n NewRun) (Prepared, error) {
	r, supersede, err := s.prepare(n)
	return Prepared{Run: r, Supersedes: supersede}, err
}

// prepare validates a reported run, applies the overrides and automatic
// review, and names the missed run it supersedes.
func (s *Service) prepare(n NewRun) (Run, string, error) {
	n.ExternalID = strings.TrimSpace(n.ExternalID)
	switch {
	case n.JobID == 0, n.ExternalID == "", n.Time.IsZero(), !n.Status.Valid():
		return Run{}, "", fmt.Errorf("%w: job %d, external ID %q, time %v, status %q", ErrInvalid, n.JobID, n.ExternalID, n.Time, n.Status)
	}
	for i, o := range n.Objects {
		if !o.Status.Valid() {
			n.Objects[i].Status = Warning // an object of unknown outcome is not a success
		}
	}
	r := Run{JobID: n.JobID, Source: n.Source, ExternalID: n.ExternalID, Time: n.Time.UTC(), Status: n.Status,
		SourceStatus: n.SourceStatus, Message: n.Message, Objects: n.Objects, Created: s.now().UTC()}
	if s.Adjust != nil {
		if err := s.Adjust(&r); err != nil {
			return Run{}, "", fmt.Errorf("apply overrides: %w", err)
		}
	}
	switch {
	case n.ReviewedBy != "":
		r.Reviewed, r.ReviewedBy = r.Created, n.ReviewedBy
	case r.Status == Success && !s.SuccessNeedsReview():
		r.Reviewed, r.ReviewedBy = r.Created, "auto"
	}
	supersede := ""
	if r.Status != Missed {
		supersede = MissedID(s.DayOf(r.Time))
	}
	return r, supersede, nil
}

// Get returns one run.
func (s *Service) Get(id uint64) (Run, error) { return s.store.Run(id) }

// OfJobBetween returns a job's runs whose time is in [from, to), oldest first.
func (s *Service) OfJobBetween(jobID uint64, from, to time.Time) ([]Run, error) {
	return s.store.RunsOfJobBetween(jobID, from, to)
}

// OfJob returns a page of a job's runs, newest first.
func (s *Service) OfJob(jobID uint64, before string, limit int) (Page, error) {
	return s.store.RunsOfJob(jobID, before, limit)
}
