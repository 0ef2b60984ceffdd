// Package remarks holds what operators note about a customer, a job or one
// run: a free-text remark or the number of a ticket opened by hand in the
// PSA. While active, a remark shows as a badge on every run in its scope,
// so the next person reviewing knows the failure is already being handled.
package remarks

import (
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
)

// Kind is a remark or a manual ticket.
type Kind string

const (
	Note   Kind = "remark"
	Ticket Kind = "ticket"
)

// Remark is one note or ticket reference.
type Remark struct {
	ID   uint64 `json:"id"`
	Kind Kind   `json:"kind"`
	Text string `json:"text"` // the remark, or the ticket number
	// Scope: exactly one of customer, job or run; a run's remark also
	// records its job and customer so lookups stay simple.
	CustomerID uint64    `json:"customer_id,omitempty"`
	JobID      uint64    `json:"job_id,omitempty"`
	RunID      uint64    `json:"run_id,omitempty"`
	From       time.Time `json:"from"`               // runs from this time on show it
	Resolved   time.Time `json:"resolved,omitempty"` // zero while open
	By         string    `json:"by"`
	ResolvedBy string    `json:"resolved_by,omitempty"`
	Created    time.Time `json:"created"`
}

// Scope names what the remark is about.
func (r Remark) Scope() string {
	switch {
	case r.RunID != 0:
		return "run"
	case r.JobID != 0:
		return "job"
	}
	return "customer"
}

// Open reports whether the remark is unresolved.
func (r Remark) Open() bool { return r.Resolved.IsZero() }

// Label is the badge text: the ticket number, or "remark".
func (r Remark) Label() string {
	if r.Kind == Ticket {
		return "ticket " + r.Text
	}
	return "remark"
}

// Shows reports whether the remark shows on run runID of job jobID and
// customer customerID that ran at at: in scope, and the run happened while
// the remark was active.
func (r Remark) Shows(runID, jobID, customerID uint64, at time.Time) bool {
	switch r.Scope() {
	case "run":
		return r.RunID == runID
	case "job":
		if r.JobID != jobID {
			return false
		}
	default:
		if r.CustomerID != customerID {
			return false
		}
	}
	return !at.Before(r.From) && (r.Open() || at.Before(r.Resolved))
}

// ErrNotFound means no remark has that ID.
var ErrNotFound = errors.New("remark not found")

// ErrInvalid explains what is wrong with a remark being added.
type ErrInvalid struct{ Reason string }

func (e *ErrInvalid) Error() string { return e.Reason }

// Store persists remarks; writes carry their audit event.
type Store interface {
	Remarks() ([]Remark, error)
	Remark(id uint64) (Remark, error) // ErrNotFound
	CreateRemark(r Remark, ev audit.Event) (Remark, error)
	SaveRemark(r Remark, ev audit.Event) error
}

// Service holds the remark use cases.
type Service struct {
	store Store
	Now   func() time.Time
}

// NewService wires the remark use cases.
func NewService(s Store) *Service { return &Service{store: s, Now: time.Now} }

// Add saves a remark or ticket number. A zero From means "from now on"
// for customers and jobs; a run's remark always shows on that run.
func (s *Service) Add(r Remark, by audit.Actor, target string) (Remark, error) {
	r.Text = strings.TrimSpace(r.Text)
	switch {
	case r.Kind != Note && r.Kind != Ticket:
		return r, &ErrInvalid{"Choose a remark or a ticket number."}
	case r.Text == "" && r.Kind == Ticket:
		return r, &ErrInvalid{"Enter the ticket number."}
	case r.Text == "":
		return r, &ErrInvalid{"Enter the remark."}
	case len(r.Text) > 2000:
		return r, &ErrInvalid{"Keep the remark under 2,000 characters."}
	case r.CustomerID == 0 && r.JobID == 0 && r.RunID == 0:
		return r, &ErrInvalid{"Choose what the remark is about."}
	}
	now := s.Now().UTC()
	if r.From.IsZero() {
		r.From = now
		if r.RunID != 0 {
			r.From = time.Time{} // shows on its run whenever that ran
		}
	}
	r.ID, r.By, r.Created, r.Resolved, r.ResolvedBy = 0, by.Name, now, time.Time{}, ""
	return s.store.CreateRemark(r, audit.New(by, audit.RemarkAdd, target, r.Label()+": "+r.Text))
}

// Resolve closes a remark; Reopen opens it again.
func (s *Service) Resolve(id uint64, by audit.Actor) (Remark, error) {
	return s.setResolved(id, true, by)
}

// Reopen opens a resolved remark again.
func (s *Service) Reopen(id uint64, by audit.Actor) (Remark, error) {
	return s.setResolved(id, false, by)
}

func (s *Service) setResolved(id uint64, resolved bool, by audit.Actor) (Remark, error) {
	r, err := s.store.Remark(id)
	if err != nil || r.Open() == !resolved {
		return r, err
	}
	action := audit.RemarkReopen
	r.Resolved, r.ResolvedBy = time.Time{}, ""
	if resolved {
		action = audit.RemarkResolve
		r.Resolved, r.ResolvedBy = s.Now().UTC(), by.Name
	}
	return r, s.store.SaveRemark(r, audit.New(by, action, r.Label(), r.Text))
}

// Get returns one remark.
func (s *Service) Get(id uint64) (Remark, error) { return s.store.Remark(id) }

// List returns every remark, open ones first, newest first within.
func (s *Service) List() ([]Remark, error) {
	list, err := s.store.Remarks()
	if err != nil {
		return nil, err
	}
	sort.SliceStable(list, func(a, b int) bool {
		if list[a].Open() != list[b].Open() {
			return list[a].Open()
		}
		return list[a].ID > list[b].ID
	})
	return list, nil
}

// OnRun returns the remarks shown on one run.
func OnRun(list []Remark, runID, jobID, customerID uint64, at time.Time) []Remark {
	var out []Remark
	for _, r := range list {
		if r.Shows(runID, jobID, customerID, at) {
			out = append(out, r)
		}
	}
	return out
}

// OpenAbout returns the open remarks about a job or its customer (for a
// job that has no run to show them on).
func OpenAbout(list []Remark, jobID, customerID uint64) []Remark {
	var out []Remark
	for _, r := range list {
		if r.Open() && ((r.Scope() == "job" && r.JobID == jobID) || (r.Scope() == "customer" && r.CustomerID == customerID)) {
			out = append(out, r)
		}
	}
	return out
}

// About returns every remark, open or resolved, about a job: on the job,
// on one of its runs, or on its customer.
func About(list []Remark, jobID, customerID uint64) []Remark {
	var out []Remark
	for _, r := range list {
		if (r.Scope() != "customer" && r.JobID == jobID) || (r.Scope() == "customer" && r.CustomerID == customerID) {
			out = append(out, r)
		}
	}
	return out
}
