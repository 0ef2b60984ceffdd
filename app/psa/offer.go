package psa

import (
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/remarks"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/settings"
)

// Offer is what a run's ticket cell shows and which actions it offers an
// operator (reporters see the links, never an action).
type Offer struct {
	RunID   uint64
	Enabled bool  // the integration is on
	Current *Link // the run's current ticket, if any
	History []Link

	Create     bool   // "Create Autotask ticket"
	CreateNote string // why it cannot be created (shown instead), "" when it can or does not apply
	Open       bool   // "Open ticket" (validated against Autotask first)
	Resolve    bool
	Link       bool // "Link existing ticket"
	// LinkManual are manual ticket numbers on the run that look like
	// Autotask's; each offers "Link to Autotask" once.
	LinkManual []string
	// Manual: manual ticket numbers may be entered (integration off, or
	// the compatibility mode on).
	Manual bool
}

// OfferFor decides a run's ticket cell.
func OfferFor(cfg settings.Autotask, r runs.Run, c customers.Customer, rt RunTickets, rems []remarks.Remark) Offer {
	o := Offer{RunID: r.ID, Enabled: cfg.Enabled, History: rt.History(), Manual: !cfg.Enabled || cfg.ManualTickets}
	cur, has := rt.Current()
	if has {
		o.Current = &cur
	}
	if !cfg.Enabled {
		return o // every stored link stays visible; no action calls Autotask
	}
	usable := has && (cur.Usable() || cur.State == Pending)
	switch {
	case usable:
		o.Open = cur.Usable()
		o.Resolve = cfg.AllowResolve && cur.State == Open && cur.TicketID != 0
	case r.Status == runs.Success:
		// nothing to create; a success can still be linked to a ticket
	default:
		o.CreateNote = TicketBlocker(c)
		o.Create = o.CreateNote == ""
	}
	if has && cur.State == Pending {
		o.Create = true // finishing an attempt whose outcome is unknown
	}
	o.Link = !usable
	if o.Link {
		for _, rem := range rems {
			if rem.Kind == remarks.Ticket && ticketNumberPattern.MatchString(rem.Text) {
				o.LinkManual = append(o.LinkManual, rem.Text)
			}
		}
	}
	return o
}

// Offers decides the ticket cells of a page of runs: one settings read and
// one storage read for the page.
func (s *Service) Offers(list []runs.Run, customerOf func(jobID uint64) customers.Customer, remarksOf func(runID uint64) []remarks.Remark) (map[uint64]Offer, error) {
	cfg, err := s.settings.Autotask()
	if err != nil {
		return nil, err
	}
	ids := make([]uint64, len(list))
	for i, r := range list {
		ids[i] = r.ID
	}
	links, err := s.store.RunTicketsOf(ids)
	if err != nil {
		return nil, err
	}
	if cfg.Enabled {
		s.refreshStale(links)
	}
	out := make(map[uint64]Offer, len(list))
	for _, r := range list {
		out[r.ID] = OfferFor(cfg, r, customerOf(r.JobID), links[r.ID], remarksOf(r.ID))
	}
	return out, nil
}
