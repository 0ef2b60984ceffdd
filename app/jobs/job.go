// Package jobs holds backup jobs: what a customer's backup product runs
// and reports on, matched to incoming reports by a match key.
package jobs

import (
	"errors"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/schedule"
	"github.com/backupchecks/backupchecks/app/silence"
)

// Source is where a job's runs come from.
type Source string

const (
	Email Source = "email" // report mail read over IMAP
	Cove  Source = "cove"  // polled from the Cove Data Protection API
)

// Job is one backup job of one customer.
type Job struct {
	ID         uint64    `json:"id"`
	CustomerID uint64    `json:"customer_id"`
	Source     Source    `json:"source"`
	Software   string    `json:"software"` // canonical product name, e.g. "Veeam Backup & Replication"
	Type       string    `json:"type"`     // e.g. "Backup Job"
	Name       string    `json:"name"`
	MatchKey   string    `json:"match_key"`         // how incoming reports find this job; unique
	Aliases    []string  `json:"aliases,omitempty"` // match keys of jobs merged into this one
	Archived   bool      `json:"archived"`
	Created    time.Time `json:"created"`
	LastRun    time.Time `json:"last_run"`    // time of the newest run, zero when none
	LastStatus string    `json:"last_status"` // status of that run
	// LastSeen is the newest run that is not a missed one: the job last
	// reported then. LastSuccess is its newest successful run.
	LastSeen    time.Time `json:"last_seen,omitzero"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	// Override is the schedule an operator set; nil means the inferred one applies.
	Override *schedule.Schedule `json:"override,omitempty"`
	// Silence is the silence bound an operator set; nil means it is inferred.
	Silence *silence.Setting `json:"silence,omitempty"`
	State
}

// State is what the scheduler keeps on a job. Operator edits never touch
// it and the scheduler touches nothing else, so neither can undo the other.
type State struct {
	Inferred      schedule.Schedule `json:"inferred"`
	InferredAt    time.Time         `json:"inferred_at"`      // zero: never inferred yet
	MissedThrough string            `json:"missed_through"`   // last business day checked for a missed run
	History       silence.History   `json:"history,omitzero"` // the gaps between its runs, for the silence bound
}

// KeepRunSummary copies what only recording runs and the scheduler move
// (the last-run summary and State) from the stored record cur, so an edit
// racing either cannot roll it back.
func (j *Job) KeepRunSummary(cur Job) {
	j.LastRun, j.LastStatus, j.LastSeen, j.LastSuccess, j.State = cur.LastRun, cur.LastStatus, cur.LastSeen, cur.LastSuccess, cur.State
}

// NoteRun moves the last-run summary for a run recorded (or re-judged) at
// time at with status; it reports whether anything changed.
func (j *Job) NoteRun(at time.Time, status string) bool {
	changed := false
	if !at.Before(j.LastRun) && (!at.Equal(j.LastRun) || status != j.LastStatus) {
		j.LastRun, j.LastStatus, changed = at, status, true
	}
	if status != "missed" && at.After(j.LastSeen) {
		j.LastSeen, changed = at, true
	}
	if status == "success" && at.After(j.LastSuccess) {
		j.LastSuccess, changed = at, true
	}
	return changed
}

// Schedule is the schedule in force: the operator's, else the inferred one.
func (j Job) Schedule() schedule.Schedule {
	if j.Override != nil {
		return *j.Override
	}
	return j.Inferred
}

var (
	ErrNotFound   = errors.New("job not found")
	ErrKeyTaken   = errors.New("a job with the same match key already exists")
	ErrInvalid    = errors.New("invalid job")
	ErrNoCustomer = errors.New("choose an existing customer")
)

// EmailKey is the match key of a mail-reported job: the normalised sender,
// software, type and job name (DESIGN §3).
func EmailKey(sender, software, typ, name string) string {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	return "email\x1f" + norm(sender) + "\x1f" + norm(software) + "\x1f" + norm(typ) + "\x1f" + norm(name)
}

// CoveKey is the match key of a Cove account.
func CoveKey(accountID string) string { return "cove\x1f" + strings.TrimSpace(accountID) }

// Store persists jobs; writes carry their audit event.
type Store interface {
	Job(id uint64) (Job, error)            // ErrNotFound
	JobByKey(matchKey string) (Job, error) // ErrNotFound
	Jobs() ([]Job, error)
	JobsOfCustomer(customerID uint64) ([]Job, error)
	CreateJob(j Job, ev audit.Event) (Job, error) // ErrKeyTaken
	SaveJob(j Job, ev audit.Event) error          // keeps the stored last run and State
	SaveJobState(id uint64, st State) error
	// MergeJobs moves every run of from into into (a report both hold is
	// kept once), points from's remarks and overrides at into, and removes
	// from, keeping its match keys as aliases of into.
	MergeJobs(from, into uint64, ev audit.Event) (moved int, err error)
	// DeleteJob removes a job with its runs, remarks and overrides.
	DeleteJob(id uint64, ev audit.Event) (runs int, err error)
}

// CustomerExists is what jobs need to know about customers.
type CustomerExists func(id uint64) error

// Service holds the job use cases.
type Service struct {
	store    Store
	customer CustomerExists
	Now      func() time.Time // the clock jobs are created by; tests replace it
	// Settings reads the silence thresholds; nil: the defaults.
	Settings func() (Thresholds, error)
}

// NewService wires the job use cases.
func NewService(s Store, customer CustomerExists) *Service {
	return &Service{store: s, customer: customer, Now: time.Now}
}

// NewJob is what a source (mail approval, Cove approval, demo) knows of a job.
type NewJob struct {
	CustomerID                     uint64
	Source                         Source
	Software, Type, Name, MatchKey string
}

// Create adds a job; a second job with the same match key is refused.
func (s *Service) Create(n NewJob, by audit.Actor) (Job, error) {
	n.Name = strings.TrimSpace(n.Name)
	if n.Name == "" || n.MatchKey == "" || (n.Source != Email && n.Source != Cove) {
		return Job{}, ErrInvalid
	}
	if err := s.customer(n.CustomerID); err != nil {
		return Job{}, ErrNoCustomer
	}
	j := Job{CustomerID: n.CustomerID, Source: n.Source, Software: strings.TrimSpace(n.Software), Type: strings.TrimSpace(n.Type),
		Name: n.Name, MatchKey: n.MatchKey, Created: s.Now().UTC()}
	return s.store.CreateJob(j, audit.New(by, audit.JobCreate, j.Name, j.Software+" · "+j.Type))
}

// Get returns one job.
func (s *Service) Get(id uint64) (Job, error) { return s.store.Job(id) }

// All returns every job, archived ones too, in no particular order.
func (s *Service) All() ([]Job, error) { return s.store.Jobs() }

// ByKey finds the job an incoming report belongs to.
func (s *Service) ByKey(key string) (Job, error) { return s.store.JobByKey(key) }

// Rename changes a job's display name (its match key stays, so reports keep matching).
func (s *Service) Rename(id uint64, name string, by audit.Actor) (Job, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 300 {
		return Job{}, ErrInvalid
	}
	j, err := s.store.Job(id)
	if err != nil {
		return Job{}, err
	}
	old := j.Name
	j.Name = name
	return j, s.store.SaveJob(j, audit.New(by, audit.JobRename, name, "was "+old))
}

// Move gives a job to another customer.
func (s *Service) Move(id, customerID uint64, by audit.Actor, customerName string) (Job, error) {
	if err := s.customer(customerID); err != nil {
		return Job{}, ErrNoCustomer
	}
	j, err := s.store.Job(id)
	if err != nil {
		return Job{}, err
	}
	j.CustomerID = customerID
	return j, s.store.SaveJob(j, audit.New(by, audit.JobMove, j.Name, "to "+customerName))
}

// SetArchived archives (out of the review queue and Daily Jobs) or restores a job.
func (s *Service) SetArchived(id uint64, archived bool, by audit.Actor) (Job, error) {
	j, err := s.store.Job(id)
	if err != nil {
		return Job{}, err
	}
	j.Archived = archived
	action := audit.JobUnarchive
	if archived {
		action = audit.JobArchive
	}
	return j, s.store.SaveJob(j, audit.New(by, action, j.Name, ""))
}
