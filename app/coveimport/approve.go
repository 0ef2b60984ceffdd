package coveimport

import (
	"errors"
	"fmt"
	"strings"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
)

// ErrNotPending means the account is no longer waiting for approval.
var ErrNotPending = errors.New("this Cove account is not waiting for approval any more")

// Software is the product name Cove jobs are filed under.
const Software = "Cove Data Protection"

// Approval says what one approval did.
type Approval struct {
	Job     jobs.Job
	Runs    int // the last session, when final
	History int // days filled from the colour bar
}

// Approve creates the job of a waiting account for a customer, records its
// last session and fills its recent days from the colour bar.
func (s *Service) Approve(id int64, customerID uint64, by audit.Actor) (Approval, error) {
	a, err := s.store.CoveAccount(id)
	if err != nil {
		return Approval{}, err
	}
	if a.State != Pending {
		return Approval{}, ErrNotPending
	}
	key := jobs.CoveKey(fmt.Sprint(a.ID))
	j, err := s.jobs.Create(jobs.NewJob{CustomerID: customerID, Source: jobs.Cove, Software: Software, Type: a.Kind.Label(),
		Name: a.Name(), MatchKey: key}, by)
	if errors.Is(err, jobs.ErrKeyTaken) {
		j, err = s.jobs.ByKey(key) // its job survived an earlier approval: keep it
	}
	if err != nil {
		return Approval{}, err
	}
	out := Approval{Job: j}
	if out.History, err = s.backfill(a, j.ID); err != nil {
		return out, err
	}
	a.State, a.JobID = Approved, j.ID
	if recorded, err := s.recordLast(&a); err != nil {
		return out, err
	} else if recorded {
		out.Runs = 1
	}
	ev := audit.New(by, audit.CoveApprove, a.Name(), fmt.Sprintf("Cove account %d (%s, %s) → job %s", a.ID, a.Customer, a.Kind.Label(), j.Name))
	if err := s.store.SaveCoveAccounts([]Account{a}, &ev); err != nil {
		return out, err
	}
	if s.Approved != nil {
		if err := s.Approved(j.ID); err != nil {
			return out, fmt.Errorf("schedule of %s: %w", j.Name, err)
		}
	}
	return out, nil
}

// ApproveCustomer approves every waiting account of one Cove customer for
// the same customer here.
func (s *Service) ApproveCustomer(coveCustomer string, customerID uint64, by audit.Actor) ([]Approval, error) {
	pending, err := s.store.CoveAccountsIn(Pending)
	if err != nil {
		return nil, err
	}
	var out []Approval
	for _, a := range pending {
		if a.Customer != coveCustomer {
			continue
		}
		done, err := s.Approve(a.ID, customerID, by)
		if errors.Is(err, ErrNotPending) {
			continue // approved by someone else meanwhile
		}
		if err != nil {
			return out, fmt.Errorf("%s: %w", a.Name(), err)
		}
		out = append(out, done)
	}
	return out, nil
}

// Suggest returns the customer whose name equals the Cove customer's,
// ignoring case, if there is one.
func (s *Service) Suggest(coveCustomer string) (customers.Customer, bool) {
	list, err := s.customers.List("")
	if err != nil {
		return customers.Customer{}, false
	}
	return SuggestFrom(list, coveCustomer)
}

// SuggestFrom is Suggest among customers already read (a page suggests
// one for each Cove customer it lists).
func SuggestFrom(list []customers.Customer, coveCustomer string) (customers.Customer, bool) {
	for _, c := range list {
		if strings.EqualFold(strings.TrimSpace(c.Name), strings.TrimSpace(coveCustomer)) {
			return c, true
		}
	}
	return customers.Customer{}, false
}

// Ignore stops offering an account for approval; Unignore offers it again.
func (s *Service) Ignore(id int64, by audit.Actor) (Account, error) {
	return s.setState(id, Pending, Ignored, audit.CoveIgnore, by)
}

// Unignore puts an ignored account back in the approval list.
func (s *Service) Unignore(id int64, by audit.Actor) (Account, error) {
	return s.setState(id, Ignored, Pending, audit.CoveUnignore, by)
}

func (s *Service) setState(id int64, from, to State, action audit.Action, by audit.Actor) (Account, error) {
	a, err := s.store.CoveAccount(id)
	if err != nil {
		return a, err
	}
	if a.State != from {
		return a, ErrNotPending
	}
	a.State = to
	ev := audit.New(by, action, a.Name(), fmt.Sprintf("Cove account %d of %s", a.ID, a.Customer))
	return a, s.store.SaveCoveAccounts([]Account{a}, &ev)
}
