package psa

import (
	"context"
	"fmt"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// CheckResult counts what the periodic check of open tickets found.
type CheckResult struct {
	Checked, Deleted, Completed int
}

// CheckOpenTickets reads every open linked ticket from Autotask (500 per
// request) and records its status: deleted ones are marked so, ones
// completed in Autotask are recorded as resolved there.
func (s *Service) CheckOpenTickets(ctx context.Context) (CheckResult, error) {
	var res CheckResult
	api, _, err := s.api()
	if err != nil {
		return res, err
	}
	runIDs, err := s.store.OpenTicketRuns()
	if err != nil || len(runIDs) == 0 {
		return res, err
	}
	return s.checkRuns(ctx, api, runIDs)
}

// checkRuns reads the current tickets of the given runs from Autotask in
// one batched call and records what it found.
func (s *Service) checkRuns(ctx context.Context, api API, runIDs []uint64) (CheckResult, error) {
	var res CheckResult
	all, err := s.store.RunTicketsOf(runIDs)
	if err != nil {
		return res, err
	}
	var ids []int64
	for _, rt := range all {
		if l, ok := rt.Current(); ok && l.TicketID != 0 {
			ids = append(ids, l.TicketID)
		}
	}
	tickets, err := api.Tickets(ctx, ids)
	s.noteHealth("check open tickets", err)
	if err != nil {
		return res, fmt.Errorf("check open tickets: %w", err)
	}
	byID := make(map[int64]autotask.Ticket, len(tickets))
	for _, t := range tickets {
		byID[t.ID] = t
	}
	for _, rt := range all {
		unlock := s.runLocks.lock(rt.RunID)
		err := s.checkOne(ctx, api, rt.RunID, byID, syncActor, &res)
		unlock()
		if err != nil {
			return res, err
		}
	}
	return res, nil
}

// checkOne updates one run's open link from what the batch read found; it
// reads the link again under the run's lock, since an operator may have
// acted meanwhile.
func (s *Service) checkOne(ctx context.Context, api API, runID uint64, byID map[int64]autotask.Ticket, by audit.Actor, res *CheckResult) error {
	rt, err := s.store.RunTickets(runID)
	if err != nil {
		return err
	}
	l, ok := rt.Current()
	if !ok || l.State != Open {
		return nil
	}
	res.Checked++
	t, found := byID[l.TicketID]
	if !found {
		res.Deleted++
		return s.markDeleted(&rt, by)
	}
	s.applyTicket(ctx, api, &l, t)
	if t.Status == autotask.StatusComplete {
		res.Completed++
		l.State, l.Resolved, l.ResolvedBy = Resolved, s.Now().UTC(), "Autotask"
	}
	rt.setCurrent(l)
	return s.store.SaveRunTickets(rt, nil)
}
