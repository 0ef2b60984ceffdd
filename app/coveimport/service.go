// Package coveimport turns what Cove Data Protection's API reports into
// jobs and runs: every account seen waits for approval like unknown mail,
// an approved account's new finished sessions become runs, and approval
// fills the job's recent days from Cove's 28-day colour bar.
package coveimport

import (
	"context"
	"errors"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/integrations/cove"
)

// ErrNotFound means no Cove account has that ID.
var ErrNotFound = errors.New("Cove account not found")

// Store persists Cove accounts and the poll status.
type Store interface {
	CoveAccount(id int64) (Account, error) // ErrNotFound
	CoveAccounts(ids []int64) (map[int64]Account, error)
	CoveAccountsOfJob(jobID uint64) ([]Account, error)
	CoveAccountsIn(state State) ([]Account, error) // by customer, then name
	CountCoveAccounts(state State) (int, error)
	// CoveAccountPage is a page of CoveAccountsIn grouped by customer
	// (see Service.PageIn); a page past the last is the last.
	CoveAccountPage(state State, page, groups, rows int) (AccountPage, error)
	CoveAccountIDs() ([]int64, error) // every stored account
	// SaveCoveAccounts writes accounts as they are, with ev if set.
	SaveCoveAccounts(list []Account, ev *audit.Event) error
	// MergeCoveAccounts writes what a poll saw: a new account as it is, a
	// stored one through merge, read and written in one transaction.
	MergeCoveAccounts(polled []Account, merge func(stored *Account, polled Account)) error
	CovePollStatus() (PollStatus, error)
	SaveCovePollStatus(st PollStatus) error
}

// Source is the Cove API as a poll uses it: every account of the partner,
// a page at a time, with the given columns.
type Source interface {
	Accounts(ctx context.Context, columns []string, each func([]cove.Account) error) error
}

// Service holds the Cove use cases.
type Service struct {
	store     Store
	jobs      *jobs.Service
	runs      *runs.Service
	customers *customers.Service
	Now       func() time.Time
	// Approved, when set, is told of each job an approval created or
	// joined, once its history is recorded (the schedule is inferred
	// from it at once).
	Approved func(jobID uint64) error
}

// NewService wires the Cove use cases.
func NewService(s Store, j *jobs.Service, r *runs.Service, c *customers.Service) *Service {
	return &Service{store: s, jobs: j, runs: r, customers: c, Now: time.Now}
}

// Get returns one account.
func (s *Service) Get(id int64) (Account, error) { return s.store.CoveAccount(id) }

// OfJob returns the accounts behind a Cove job: one, or more after jobs
// were merged.
func (s *Service) OfJob(jobID uint64) ([]Account, error) { return s.store.CoveAccountsOfJob(jobID) }

// In lists the accounts in a state, by Cove customer and name.
func (s *Service) In(state State) ([]Account, error) { return s.store.CoveAccountsIn(state) }

// Waiting counts the accounts waiting for approval.
func (s *Service) Waiting() (int, error) { return s.store.CountCoveAccounts(Pending) }

// Count counts the accounts in a state.
func (s *Service) Count(state State) (int, error) { return s.store.CountCoveAccounts(state) }

// Status returns the last poll's outcome.
func (s *Service) Status() (PollStatus, error) { return s.store.CovePollStatus() }

// SaveStatus records a poll's outcome.
func (s *Service) SaveStatus(st PollStatus) error { return s.store.SaveCovePollStatus(st) }
