package psa

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// markerSkew is how much earlier than the reservation Autotask's clock may
// date this run's own ticket. A ticket older than that was made by someone
// else: another appliance, or this one before a reinstall.
const markerSkew = 2 * time.Minute

// marker is the run's reference in Autotask (the ticket's externalID, at
// most 50 characters): this appliance, this run, this attempt.
func (s *Service) marker(runID uint64, attempt int) string {
	return fmt.Sprintf("backupchecks:%s:run:%d:%d", s.Instance, runID, attempt)
}

// nextAttempt numbers the run's next marker so that no marker the run ever
// had comes back, even after a slot was marked anew.
func nextAttempt(rt RunTickets) int {
	n := len(rt.Links)
	for _, l := range rt.Links {
		if i := strings.LastIndexByte(l.Marker, ':'); i >= 0 {
			if a, err := strconv.Atoi(l.Marker[i+1:]); err == nil && a > n {
				n = a
			}
		}
	}
	return n + 1
}

// findByMarker looks up the tickets an earlier attempt may have created,
// oldest first.
func (s *Service) findByMarker(ctx context.Context, api API, marker string) ([]autotask.Ticket, error) {
	found, err := api.TicketsByExternalID(ctx, marker)
	s.noteHealth("look up a ticket by its reference", err)
	if err != nil {
		return nil, fmt.Errorf("look up the ticket of an earlier attempt: %w", err)
	}
	sort.Slice(found, func(a, b int) bool { return found[a].ID < found[b].ID })
	return found, nil
}

// ownTicket is the oldest found ticket that can be this attempt's: for the
// company the run was mapped to when its slot was reserved, created after
// that. A marker alone proves nothing: another appliance, or this one
// before a reinstall, may have used the same one for another customer.
func ownTicket(found []autotask.Ticket, pending Link, companyID int64) *autotask.Ticket {
	companyID = reservedCompany(pending, companyID)
	for i, t := range found {
		if t.CompanyID != companyID {
			continue
		}
		if !t.CreateDate.IsZero() && t.CreateDate.Before(pending.Created.Add(-markerSkew)) {
			continue
		}
		return &found[i]
	}
	return nil
}

// refuseForeign answers an attempt that found only other tickets under its
// marker: nothing is linked or created, and the slot gets a marker of its
// own, so the operator's next click creates this run's ticket.
func (s *Service) refuseForeign(rt *RunTickets, tc ticketCtx, found []autotask.Ticket, by audit.Actor) error {
	cur, _ := rt.Current()
	why := foreignReason(found[0], cur, tc.companyID, tc.loc)
	cur.Marker = s.marker(rt.RunID, nextAttempt(*rt))
	if cur.CompanyID == 0 {
		cur.CompanyID = tc.companyID
	}
	rt.setCurrent(cur)
	ev := audit.New(by, audit.TicketCreate, runTarget(rt.RunID), "nothing linked or created: "+why)
	if err := s.store.SaveRunTickets(*rt, &ev); err != nil {
		return fmt.Errorf("mark the run's ticket anew: %w", err)
	}
	return &Refused{fmt.Sprintf("Autotask holds %s with this run's reference, but it is not this run's ticket: %s. Nothing was linked or created. Click Create again to create this run's own ticket.", ticketName(found[0]), why)}
}

// reservedCompany is the company a pending attempt was reserved for: the
// one stored with it, or (for a reservation older than that field) the
// customer's mapping now.
func reservedCompany(pending Link, mapped int64) int64 {
	if pending.CompanyID != 0 {
		return pending.CompanyID
	}
	return mapped
}

func foreignReason(t autotask.Ticket, pending Link, companyID int64, loc *time.Location) string {
	companyID = reservedCompany(pending, companyID)
	if t.CompanyID != companyID {
		return fmt.Sprintf("it belongs to another Autotask company (ID %d; this customer is mapped to %d)", t.CompanyID, companyID)
	}
	return fmt.Sprintf("it was created %s, before this run's ticket was first tried", t.CreateDate.In(loc).Format("Mon 2 Jan 2006 15:04"))
}

func ticketName(t autotask.Ticket) string {
	if t.Number != "" {
		return "ticket " + t.Number
	}
	return fmt.Sprintf("ticket #%d", t.ID)
}
