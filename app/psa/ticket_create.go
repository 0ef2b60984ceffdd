package psa

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// Refused explains why a ticket action is not possible; nothing was sent
// to Autotask and nothing changed.
type Refused struct{ Reason string }

func (e *Refused) Error() string { return e.Reason }

// ErrCreateUnconfirmed: Autotask may have created the ticket but its
// answer was lost. The run's slot stays reserved; the next attempt looks
// the ticket up by its marker before it ever creates another.
var ErrCreateUnconfirmed = errors.New("Autotask did not confirm the ticket: it may or may not exist. Nothing else was created; try again in a minute and Backupchecks will find it by its reference before creating another")

// CreateResult says what "Create Autotask ticket" did.
type CreateResult struct {
	Link Link
	// Existing: the run already had a ticket (another click, a retried
	// request); nothing was created.
	Existing bool
	// Recovered: an earlier attempt's ticket was found by its marker and
	// linked; nothing was created.
	Recovered bool
}

// CreateTicket creates the Autotask ticket of a failed, warning or missed
// run: exactly one per run. The slot is reserved in storage before
// Autotask is called, the ticket carries the run's marker as externalID,
// and an attempt that finds the slot reserved by an earlier one (a crash,
// a lost answer) looks the ticket up by that marker before creating.
func (s *Service) CreateTicket(ctx context.Context, runID uint64, by audit.Actor) (CreateResult, error) {
	api, cfg, err := s.api()
	if err != nil {
		return CreateResult{}, err
	}
	tc, err := s.ticketContext(runID)
	if err != nil {
		return CreateResult{}, err
	}
	if err := tc.ticketable(cfg); err != nil {
		return CreateResult{}, err
	}
	unlock := s.runLocks.lock(runID)
	defer unlock()

	rt, err := s.store.RunTickets(runID)
	if err != nil {
		return CreateResult{}, err
	}
	if cur, ok := rt.Current(); ok && cur.Usable() {
		return CreateResult{Link: cur, Existing: true}, nil
	}
	if cur, ok := rt.Current(); !ok || cur.State != Pending {
		pending := Link{State: Pending, Marker: s.marker(runID, nextAttempt(rt)), CompanyID: tc.companyID, Created: s.Now().UTC(), CreatedBy: by.Name}
		var reserved bool
		if rt, reserved, err = s.store.ReserveTicket(runID, tc.job.ID, pending); err != nil {
			return CreateResult{}, fmt.Errorf("reserve the run's ticket: %w", err)
		}
		if cur, _ := rt.Current(); !reserved && cur.Usable() {
			return CreateResult{Link: cur, Existing: true}, nil
		}
	} else if found, err := s.findByMarker(ctx, api, cur.Marker); err != nil {
		return CreateResult{}, err
	} else if own := ownTicket(found, cur, tc.companyID); own != nil {
		l, err := s.finishLink(ctx, api, &rt, *own, by, "recovered the ticket of an earlier attempt")
		return CreateResult{Link: l, Recovered: true}, err
	} else if len(found) > 0 {
		return CreateResult{}, s.refuseForeign(&rt, tc, found, by)
	}

	pending, _ := rt.Current()
	content := composeTicket(tc.customer, tc.job, tc.run, tc.runURL(cfg), pending.Marker, tc.loc)
	nt := autotask.NewTicket{
		CompanyID: tc.companyID, Title: content.Title, Description: content.Description,
		Status: int(cfg.Status.ID), Priority: int(priorityFor(cfg, tc.run.Status).ID),
		QueueID: cfg.Queue.ID, Source: int(cfg.Source.ID), ExternalID: pending.Marker,
		DueDateTime: s.Now().UTC().Add(time.Duration(cfg.DueHours) * time.Hour),
	}
	id, err := api.CreateTicket(ctx, nt)
	s.noteHealth("create a ticket", err)
	switch {
	case errors.Is(err, autotask.ErrOutcomeUnknown):
		// Only this run's own ticket is linked; another under the same
		// marker is left for the next attempt to explain.
		if found, ferr := s.findByMarker(ctx, api, pending.Marker); ferr == nil {
			if own := ownTicket(found, pending, tc.companyID); own != nil {
				l, err := s.finishLink(ctx, api, &rt, *own, by, "created (Autotask's answer was lost; found by its reference)")
				return CreateResult{Link: l}, err
			}
		}
		s.auditOnly(by, audit.TicketCreate, tc.run, "outcome unknown: "+err.Error())
		return CreateResult{}, fmt.Errorf("%w (%v)", ErrCreateUnconfirmed, err)
	case err != nil:
		// Autotask answered with a refusal: nothing exists, so the slot is
		// freed for the next attempt.
		rt.Links = rt.Links[:len(rt.Links)-1]
		if serr := s.store.SaveRunTickets(rt, nil); serr != nil {
			return CreateResult{}, errors.Join(err, serr)
		}
		s.auditOnly(by, audit.TicketCreate, tc.run, "refused by Autotask, nothing created: "+err.Error())
		if cause := s.companyRefusal(ctx, api, tc, err); cause != nil {
			return CreateResult{}, cause
		}
		return CreateResult{}, err
	}
	l, err := s.finishLink(ctx, api, &rt, autotask.Ticket{ID: id}, by, "created")
	return CreateResult{Link: l}, err
}

// finishLink turns the reserved slot into an open link to ticket t, and
// reads the ticket back for its number (POST answers only the ID). The ID
// is written even when that read fails: the link is never lost.
func (s *Service) finishLink(ctx context.Context, api API, rt *RunTickets, t autotask.Ticket, by audit.Actor, what string) (Link, error) {
	l, _ := rt.Current()
	l.TicketID, l.State = t.ID, Open
	full, rerr := api.Ticket(ctx, t.ID)
	s.noteHealth("read a ticket", rerr)
	if rerr == nil {
		t = full
	}
	s.applyTicket(ctx, api, &l, t)
	rt.setCurrent(l)
	ev := audit.New(by, audit.TicketCreate, runTarget(rt.RunID), fmt.Sprintf("%s %s", linkName(l), what))
	if err := s.store.SaveRunTickets(*rt, &ev); err != nil {
		return l, fmt.Errorf("store the link to %s: %w", linkName(l), err)
	}
	return l, nil
}

// applyTicket copies what Autotask says of a ticket into its link.
func (s *Service) applyTicket(ctx context.Context, api API, l *Link, t autotask.Ticket) {
	if t.Number != "" {
		l.Number = t.Number
	}
	if t.Title != "" {
		l.Title = t.Title
	}
	if t.Status != 0 {
		l.StatusID, l.Status = t.Status, s.statusLabel(t.Status)
		l.Checked = s.Now().UTC()
	}
	if l.URL == "" {
		if z, err := api.Zone(ctx); err == nil {
			l.URL = autotask.TicketURL(z, l.TicketID)
		}
	}
}

// statusLabel names a ticket status from the loaded picklist.
func (s *Service) statusLabel(id int) string {
	if p, err := s.settings.AutotaskPicklists(); err == nil {
		for _, c := range p.Statuses {
			if c.ID == int64(id) {
				return c.Label
			}
		}
	}
	if id == autotask.StatusComplete {
		return "Complete"
	}
	return fmt.Sprintf("status %d", id)
}

func priorityFor(cfg settings.Autotask, st runs.Status) settings.Choice {
	if st == runs.Warning {
		return cfg.PriorityWarning
	}
	return cfg.PriorityFailed
}

func runTarget(runID uint64) string { return fmt.Sprintf("run %d", runID) }

// linkName is how messages name a ticket: its number, else its ID.
func linkName(l Link) string {
	switch {
	case l.Number != "":
		return "ticket " + l.Number
	case l.TicketID != 0:
		return fmt.Sprintf("ticket #%d", l.TicketID)
	}
	return "the ticket"
}

// auditOnly records a ticket action that changed nothing stored.
func (s *Service) auditOnly(by audit.Actor, a audit.Action, r runs.Run, details string) {
	_ = s.store.AuditTicket(audit.New(by, a, runTarget(r.ID), details))
}

// ticketCtx is a run with what its ticket needs.
type ticketCtx struct {
	run       runs.Run
	job       jobs.Job
	customer  customers.Customer
	companyID int64
	loc       *time.Location
}

func (s *Service) ticketContext(runID uint64) (ticketCtx, error) {
	var tc ticketCtx
	var err error
	if tc.run, err = s.runs.Get(runID); err != nil {
		return tc, err
	}
	if tc.job, err = s.jobs.Get(tc.run.JobID); err != nil {
		return tc, err
	}
	if tc.customer, err = s.customers.Get(tc.job.CustomerID); err != nil {
		return tc, err
	}
	if tc.customer.Autotask != nil {
		tc.companyID = tc.customer.Autotask.CompanyID
	}
	tc.loc = time.UTC
	if g, err := s.settings.General(); err == nil {
		tc.loc = g.Location()
	}
	return tc, nil
}

// ticketable says why this run cannot get a ticket, or nil.
func (tc ticketCtx) ticketable(cfg settings.Autotask) error {
	if tc.run.Status == runs.Success {
		return &Refused{"Only failed, warning or missed runs get an Autotask ticket."}
	}
	if why := TicketBlocker(tc.customer); why != "" {
		return &Refused{why}
	}
	if strings.TrimSpace(cfg.BaseURL) == "" {
		return &Refused{"Set the Backupchecks base URL in Settings → Autotask first: every ticket links to its run."}
	}
	if cfg.Status.ID == 0 || cfg.PriorityWarning.ID == 0 || cfg.PriorityFailed.ID == 0 {
		return &Refused{"Choose the ticket defaults (status and priorities) in Settings → Autotask first."}
	}
	return nil
}

func (tc ticketCtx) runURL(cfg settings.Autotask) string {
	return fmt.Sprintf("%s/runs/%d", strings.TrimRight(cfg.BaseURL, "/"), tc.run.ID)
}
