package psa

import (
	"context"

	"github.com/backupchecks/backupchecks/app/audit"
)

// OpenTicket returns where a run's ticket opens: its stored URL, without
// waiting on Autotask (a stale state is read again in the background).
// Only a link that never learnt its URL reads the ticket first; a ticket
// found deleted then is marked so and not opened.
func (s *Service) OpenTicket(ctx context.Context, runID uint64, by audit.Actor) (Link, error) {
	api, _, err := s.api()
	if err != nil {
		return Link{}, err
	}
	unlock := s.runLocks.lock(runID)
	defer unlock()
	rt, l, err := s.currentLink(runID)
	if err != nil {
		return l, err
	}
	switch l.State {
	case Deleted:
		return l, ErrTicketDeleted
	case Pending:
		return l, &Refused{"This run's ticket is still being created; try again in a minute."}
	}
	if l.URL != "" {
		s.refreshStale(map[uint64]RunTickets{runID: rt})
		return l, nil
	}
	if _, err := s.readTicket(ctx, api, &rt, by); err != nil {
		return l, err
	}
	l, _ = rt.Current()
	return l, s.store.SaveRunTickets(rt, nil)
}
