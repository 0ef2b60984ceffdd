package psa

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// SearchLimit is how many companies the type-ahead shows.
const SearchLimit = 20

// CallError is a call to Autotask that failed (the mapping use cases
// return it), so that callers tell Autotask's failures from their own.
type CallError struct {
	Op  string // what was being done, "read company #174 from Autotask"
	Err error  // the client's error; autotask.Explain says what it means
}

func (e *CallError) Error() string { return e.Op + ": " + e.Err.Error() }
func (e *CallError) Unwrap() error { return e.Err }

// LinkCondition says when a LinkChange applies, judged on the mapping as
// stored at the moment of writing, so that work based on an earlier read
// never undoes an operator's click made meanwhile.
type LinkCondition int

const (
	// Always: an operator's explicit map or unmap.
	Always LinkCondition = iota
	// WhileUnmapped: a bulk mapping never replaces one made meanwhile.
	WhileUnmapped
	// WhileSameCompany: a sync updates only a mapping still to the
	// company it read.
	WhileSameCompany
)

// LinkChange sets one customer's Autotask mapping.
type LinkChange struct {
	CustomerID uint64
	Link       *customers.CompanyLink // nil: unmapped
	Only       LinkCondition
	Event      *audit.Event // recorded in the same transaction; nil for none
}

// Applies reports whether the change applies to the stored mapping cur.
func (ch LinkChange) Applies(cur *customers.CompanyLink) bool {
	switch ch.Only {
	case WhileUnmapped:
		return cur == nil
	case WhileSameCompany:
		return cur != nil && ch.Link != nil && cur.CompanyID == ch.Link.CompanyID
	}
	return true
}

// CompanyStore persists the customers' company mappings. Nothing else
// writes a customer's mapping, and these writes touch nothing else of the
// customer (its name above all).
type CompanyStore interface {
	// SaveCompanyLinks applies the changes whose condition holds, each
	// with its event; a change that would map a second customer to one
	// company is not applied (the mapping is 1-to-1, checked in the write,
	// so two operators cannot both win). applied[i] tells whether
	// changes[i] was written. A
	// customer that does not exist is customers.ErrNotFound for an Always
	// change and skipped for the others.
	SaveCompanyLinks(changes []LinkChange) (applied []bool, err error)
}

// TicketBlocker says why customer c cannot get Autotask tickets, or ""
// when it can. The company ID is leading, so a renamed company is fine;
// a missing or inactive one blocks until an operator maps the customer
// again.
func TicketBlocker(c customers.Customer) string {
	l := c.Autotask
	switch {
	case l == nil:
		return fmt.Sprintf("%s is not mapped to an Autotask company: map it under Customers first.", c.Name)
	case l.Status == customers.MappingMissing:
		return fmt.Sprintf("The Autotask company of %s (%s) no longer exists in Autotask, or the API user cannot see it: map the customer to another company under Customers.", c.Name, CompanyLabel(l.Name, l.CompanyID))
	case l.Status == customers.MappingInvalid:
		return fmt.Sprintf("The Autotask company of %s (%s) is inactive in Autotask: reactivate it there, or map the customer to another company under Customers.", c.Name, CompanyLabel(l.Name, l.CompanyID))
	}
	return ""
}

// MappingProblem is the sentence shown beside a missing or invalid
// mapping, "" for a usable one.
func MappingProblem(l *customers.CompanyLink) string {
	switch {
	case l == nil:
		return ""
	case l.Status == customers.MappingMissing:
		return "Autotask no longer has this company (deleted, merged, or hidden from the API user). Tickets are blocked until the customer is mapped again."
	case l.Status == customers.MappingInvalid:
		return "This company is inactive in Autotask. Tickets are blocked until it is reactivated or the customer is mapped to another company."
	}
	return ""
}

// CompanyLabel names a company in messages: "Acme B.V. (#174)".
func CompanyLabel(name string, id int64) string {
	if strings.TrimSpace(name) == "" {
		return fmt.Sprintf("company #%d", id)
	}
	return fmt.Sprintf("%s (#%d)", name, id)
}

// SearchCompanies is the mapping type-ahead: at most SearchLimit
// companies whose name contains text, active ones first. Fewer than two
// characters ask Autotask nothing.
func (s *Service) SearchCompanies(ctx context.Context, text string) ([]autotask.Company, error) {
	api, _, err := s.api()
	if err != nil {
		return nil, err
	}
	text = strings.Join(strings.Fields(text), " ")
	if len([]rune(text)) < 2 {
		return nil, nil
	}
	list, err := api.SearchCompanies(ctx, text, SearchLimit)
	s.noteHealth("search companies", err)
	if err != nil {
		return nil, &CallError{Op: "search Autotask companies", Err: err}
	}
	sort.SliceStable(list, func(a, b int) bool { return list[a].Active && !list[b].Active })
	if len(list) > SearchLimit {
		list = list[:SearchLimit]
	}
	return list, nil
}

// Map maps a customer to an Autotask company, after reading the company
// from Autotask: a missing or inactive one is refused, as is one mapped
// to another customer already (the mapping is 1-to-1). The customer's
// own name stays as it is.
func (s *Service) Map(ctx context.Context, customerID uint64, companyID int64, by audit.Actor) error {
	api, _, err := s.api()
	if err != nil {
		return err
	}
	c, err := s.customers.Get(customerID)
	if err != nil {
		return err
	}
	comp, err := api.Company(ctx, companyID)
	s.noteHealth("read a company", err)
	if errors.Is(err, autotask.ErrNotFound) {
		return &Refused{fmt.Sprintf("Autotask has no company #%d (or the API user cannot see it). Nothing was changed.", companyID)}
	}
	if err != nil {
		return &CallError{Op: fmt.Sprintf("read company #%d from Autotask", companyID), Err: err}
	}
	if !comp.Active {
		return &Refused{fmt.Sprintf("%s is inactive in Autotask: choose an active company. Nothing was changed.", CompanyLabel(comp.Name, comp.ID))}
	}
	all, err := s.customers.List("")
	if err != nil {
		return err
	}
	if other, ok := mappedTo(all, customerID)[comp.ID]; ok {
		return &Refused{fmt.Sprintf("%s is already mapped to customer %s: unmap it there first. Nothing was changed.", CompanyLabel(comp.Name, comp.ID), other.Name)}
	}
	details := "to Autotask company " + CompanyLabel(comp.Name, comp.ID)
	if old := c.Autotask; old != nil && old.CompanyID != comp.ID {
		details += ", was " + CompanyLabel(old.Name, old.CompanyID)
	}
	ev := audit.New(by, audit.AutotaskMap, c.Name, details)
	applied, err := s.store.SaveCompanyLinks([]LinkChange{{CustomerID: c.ID, Link: s.newLink(comp, by), Only: Always, Event: &ev}})
	if err == nil && !applied[0] { // another customer took the company meanwhile
		return &Refused{fmt.Sprintf("%s was just mapped to another customer: unmap it there first. Nothing was changed.", CompanyLabel(comp.Name, comp.ID))}
	}
	return err
}

// Unmap removes a customer's mapping. It calls nothing, so it works with
// the integration off too; an unmapped customer is left as it is.
func (s *Service) Unmap(customerID uint64, by audit.Actor) error {
	c, err := s.customers.Get(customerID)
	if err != nil || c.Autotask == nil {
		return err
	}
	ev := audit.New(by, audit.AutotaskUnmap, c.Name, "from Autotask company "+CompanyLabel(c.Autotask.Name, c.Autotask.CompanyID))
	_, err = s.store.SaveCompanyLinks([]LinkChange{{CustomerID: c.ID, Only: Always, Event: &ev}})
	return err
}

func (s *Service) newLink(comp autotask.Company, by audit.Actor) *customers.CompanyLink {
	now := s.Now().UTC()
	return &customers.CompanyLink{CompanyID: comp.ID, Name: comp.Name, Status: customers.MappingOK, Synced: now, Mapped: now, MappedBy: by.Name}
}

// mappedTo indexes the customers other than except by their company ID.
func mappedTo(all []customers.Customer, except uint64) map[int64]customers.Customer {
	out := map[int64]customers.Customer{}
	for _, c := range all {
		if c.Autotask != nil && c.ID != except {
			out[c.Autotask.CompanyID] = c
		}
	}
	return out
}
