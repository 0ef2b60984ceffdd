package psa

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// TicketPreview is an existing Autotask ticket shown before it is linked.
type TicketPreview struct {
	Ticket  autotask.Ticket
	Status  string // label
	Company string // the ticket's company name
	// OtherCompany: the ticket belongs to another company than the one the
	// run's customer is mapped to (shown as a warning; linking is allowed).
	OtherCompany bool
}

// ticketNumberPattern is Autotask's ticket number: T, the day, a sequence.
var ticketNumberPattern = regexp.MustCompile(`^T\d{8}\.\d{3,5}$`)

// PreviewTicket finds an existing ticket by its number, for the operator
// to confirm before linking it to a run.
func (s *Service) PreviewTicket(ctx context.Context, runID uint64, number string) (TicketPreview, error) {
	api, _, err := s.api()
	if err != nil {
		return TicketPreview{}, err
	}
	number = strings.ToUpper(strings.TrimSpace(number))
	if !ticketNumberPattern.MatchString(number) {
		return TicketPreview{}, &Refused{"Enter the Autotask ticket number, such as T20260102.0042."}
	}
	tc, err := s.ticketContext(runID)
	if err != nil {
		return TicketPreview{}, err
	}
	t, err := api.TicketByNumber(ctx, number)
	s.noteHealth("find a ticket", err)
	if errors.Is(err, autotask.ErrNotFound) {
		return TicketPreview{}, &Refused{"Autotask has no ticket " + number + " (or the API user may not see it)."}
	}
	if err != nil {
		return TicketPreview{}, fmt.Errorf("find ticket %s in Autotask: %w", number, err)
	}
	p := TicketPreview{Ticket: t, Status: s.statusLabel(t.Status), OtherCompany: tc.companyID != 0 && t.CompanyID != tc.companyID}
	if co, err := api.Company(ctx, t.CompanyID); err == nil {
		p.Company = co.Name
	}
	return p, nil
}

// LinkTicket links an existing Autotask ticket to a run that has no usable
// ticket: none yet, a manual number, or one Autotask deleted.
func (s *Service) LinkTicket(ctx context.Context, runID uint64, number string, by audit.Actor) (Link, error) {
	p, err := s.PreviewTicket(ctx, runID, number)
	if err != nil {
		return Link{}, err
	}
	api, _, err := s.api()
	if err != nil {
		return Link{}, err
	}
	r, err := s.runs.Get(runID)
	if err != nil {
		return Link{}, err
	}
	unlock := s.runLocks.lock(runID)
	defer unlock()
	rt, err := s.store.RunTickets(runID)
	if err != nil {
		return Link{}, err
	}
	if cur, ok := rt.Current(); ok && cur.State != Deleted {
		return cur, &Refused{"This run already has " + linkName(cur) + "."}
	}
	l := Link{TicketID: p.Ticket.ID, State: Open, Linked: true, Created: s.Now().UTC(), CreatedBy: by.Name}
	s.applyTicket(ctx, api, &l, p.Ticket)
	if p.Ticket.Status == autotask.StatusComplete {
		l.State, l.Resolved, l.ResolvedBy = Resolved, l.Created, "Autotask"
	}
	rt.RunID, rt.JobID = runID, r.JobID
	rt.Links = append(rt.Links, l)
	ev := audit.New(by, audit.TicketLink, runTarget(runID), fmt.Sprintf("%s linked (%s, %s)", linkName(l), p.Company, p.Status))
	return l, s.store.SaveRunTickets(rt, &ev)
}
