package psa

import (
	"context"
	"errors"
	"fmt"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// The fixed internal notes of the design (§6.2, §6.3).
const (
	NoteResolved    = "Ticket resolved via Backupchecks after verification that the backup issue is no longer present."
	NoteTimeEntries = "Ticket marked as resolved in Backupchecks, but not closed automatically because time entries are present."
)

// ResolveOutcome is what "Resolve ticket" did.
type ResolveOutcome string

const (
	// AlreadyComplete: Autotask had closed the ticket; only recorded here.
	AlreadyComplete ResolveOutcome = "already complete"
	// Closed: no time entries; the note was added and the ticket completed.
	Closed ResolveOutcome = "closed"
	// LeftOpen: time entries exist; the note was added and the ticket left
	// open for its owner.
	LeftOpen ResolveOutcome = "left open: time entries present"
)

// ErrTicketDeleted: Autotask no longer has the ticket; the link is kept as
// history and marked so.
var ErrTicketDeleted = errors.New("the ticket was deleted in Autotask; its link is kept as history. Create a new ticket or link another one")

// ResolveTicket resolves a run's ticket under the time-entry rule: a
// ticket someone booked time on is never closed from Backupchecks.
func (s *Service) ResolveTicket(ctx context.Context, runID uint64, by audit.Actor) (ResolveOutcome, Link, error) {
	api, cfg, err := s.api()
	if err != nil {
		return "", Link{}, err
	}
	if !cfg.AllowResolve {
		return "", Link{}, &Refused{"Resolving tickets from Backupchecks is switched off in Settings → Autotask."}
	}
	unlock := s.runLocks.lock(runID)
	defer unlock()
	rt, l, err := s.currentLink(runID)
	if err != nil {
		return "", l, err
	}
	switch l.State {
	case Resolved:
		return AlreadyComplete, l, nil
	case Deleted:
		return "", l, ErrTicketDeleted
	case Pending:
		return "", l, &Refused{"This run's ticket is still being created; try again in a minute."}
	}
	t, err := s.readTicket(ctx, api, &rt, by)
	if err != nil {
		return "", l, err
	}
	l, _ = rt.Current()
	if t.Status == autotask.StatusComplete {
		return s.recordResolved(rt, l, by, AlreadyComplete)
	}
	n, err := api.TimeEntryCount(ctx, t.ID)
	s.noteHealth("count a ticket's time entries", err)
	if err != nil {
		return "", l, fmt.Errorf("count the time entries of %s (nothing was changed): %w", linkName(l), err)
	}
	if n > 0 {
		did := "note added"
		if l.TimeEntries {
			did = "already noted, no second note" // Autotask holds the one note of the first resolve
		} else if err := s.addNote(ctx, api, cfg.NoteType.ID, cfg.NotePublish.ID, t.ID, "Marked as resolved in Backupchecks", noteText(NoteTimeEntries, by)); err != nil {
			return "", l, err
		}
		l.TimeEntries = true
		rt.setCurrent(l)
		ev := audit.New(by, audit.TicketResolve, runTarget(runID), fmt.Sprintf("%s %s (%d time entries); %s", linkName(l), LeftOpen, n, did))
		return LeftOpen, l, s.store.SaveRunTickets(rt, &ev)
	}
	if l.ResolveNote.IsZero() {
		if err := s.addNote(ctx, api, cfg.NoteType.ID, cfg.NotePublish.ID, t.ID, "Resolved via Backupchecks", noteText(NoteResolved, by)); err != nil {
			return "", l, err
		}
		// Remember the note before completing, so a retry after a failed
		// completion does not add it twice.
		l.ResolveNote = s.Now().UTC()
		rt.setCurrent(l)
		if err := s.store.SaveRunTickets(rt, nil); err != nil {
			return "", l, err
		}
	}
	err = api.CompleteTicket(ctx, t.ID)
	s.noteHealth("complete a ticket", err)
	if err != nil {
		return "", l, fmt.Errorf("the note was added to %s but completing it failed; try again: %w", linkName(l), err)
	}
	l.StatusID, l.Status = autotask.StatusComplete, s.statusLabel(autotask.StatusComplete)
	return s.recordResolved(rt, l, by, Closed)
}

func (s *Service) recordResolved(rt RunTickets, l Link, by audit.Actor, out ResolveOutcome) (ResolveOutcome, Link, error) {
	l.State, l.Resolved, l.ResolvedBy = Resolved, s.Now().UTC(), by.Name
	rt.setCurrent(l)
	ev := audit.New(by, audit.TicketResolve, runTarget(rt.RunID), fmt.Sprintf("%s %s", linkName(l), out))
	return out, l, s.store.SaveRunTickets(rt, &ev)
}

func (s *Service) addNote(ctx context.Context, api API, noteType, publish, ticketID int64, title, text string) error {
	_, err := api.AddNote(ctx, ticketID, autotask.NewNote{Title: title, Description: text, NoteType: int(noteType), Publish: int(publish)})
	s.noteHealth("add a ticket note", err)
	if err != nil {
		return fmt.Errorf("add the note to the ticket (the ticket was not changed): %w", err)
	}
	return nil
}

// currentLink returns a run's links and its current one, or a refusal
// when it has none.
func (s *Service) currentLink(runID uint64) (RunTickets, Link, error) {
	rt, err := s.store.RunTickets(runID)
	if err != nil {
		return rt, Link{}, err
	}
	l, ok := rt.Current()
	if !ok {
		return rt, l, &Refused{"This run has no Autotask ticket."}
	}
	return rt, l, nil
}

// readTicket reads the current link's ticket from Autotask and updates
// the link; a ticket Autotask no longer has marks the link deleted and
// returns ErrTicketDeleted.
func (s *Service) readTicket(ctx context.Context, api API, rt *RunTickets, by audit.Actor) (autotask.Ticket, error) {
	l, _ := rt.Current()
	t, err := api.Ticket(ctx, l.TicketID)
	s.noteHealth("read a ticket", err)
	if errors.Is(err, autotask.ErrNotFound) {
		if merr := s.markDeleted(rt, by); merr != nil {
			return t, merr
		}
		return t, ErrTicketDeleted
	}
	if err != nil {
		return t, fmt.Errorf("read %s from Autotask: %w", linkName(l), err)
	}
	s.applyTicket(ctx, api, &l, t)
	rt.setCurrent(l)
	return t, nil
}

// markDeleted keeps the current link as history, marked deleted in Autotask.
func (s *Service) markDeleted(rt *RunTickets, by audit.Actor) error {
	l, _ := rt.Current()
	l.State, l.DeletedSeen = Deleted, s.Now().UTC()
	rt.setCurrent(l)
	ev := audit.New(by, audit.TicketDeleted, runTarget(rt.RunID), linkName(l)+" is gone from Autotask; link kept as history")
	return s.store.SaveRunTickets(*rt, &ev)
}
