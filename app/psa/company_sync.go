package psa

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// syncBatch is how many company IDs one Companies call asks for: one
// query page (Autotask pages at 500).
const syncBatch = 500

// SyncResult counts what a company sync found.
type SyncResult struct {
	Checked int // mapped customers whose company was read
	OK      int
	Renamed int // the company has a new name; the cached one was updated
	Missing int // Autotask returned no such company
	Invalid int // the company is inactive
	Changed int // mappings whose status or name changed
}

// syncActor is who the audit log names for the periodic sync.
var syncActor = audit.Actor{Name: "", IP: "autotask sync"}

// Sync is the periodic Autotask work: the company sync, then the check of
// open linked tickets (deleted or completed in Autotask). With the
// integration off it does nothing and calls nothing.
func (s *Service) Sync(ctx context.Context) error {
	_, err := s.SyncCompanies(ctx)
	if errors.Is(err, ErrDisabled) {
		return nil
	}
	_, terr := s.CheckOpenTickets(ctx)
	return errors.Join(err, terr)
}

// SyncCompanies reads every mapped company from Autotask, 500 per request,
// and records what it found on each mapping: a new name is cached
// (renamed), an inactive company makes the mapping invalid, one Autotask
// no longer returns makes it missing, and one back to normal turns ok.
// The customers' own names are never touched. A failed read changes
// nothing.
func (s *Service) SyncCompanies(ctx context.Context) (SyncResult, error) {
	var res SyncResult
	api, _, err := s.api()
	if err != nil {
		return res, err
	}
	all, err := s.customers.List("")
	if err != nil {
		return res, err
	}
	var mapped []customers.Customer
	var ids []int64
	seen := map[int64]bool{}
	for _, c := range all {
		if c.Autotask == nil {
			continue
		}
		mapped = append(mapped, c)
		if id := c.Autotask.CompanyID; !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if len(mapped) == 0 {
		return res, nil
	}
	found := make(map[int64]autotask.Company, len(ids))
	for start := 0; start < len(ids); start += syncBatch {
		list, err := api.Companies(ctx, ids[start:min(start+syncBatch, len(ids))])
		s.noteHealth("sync companies", err)
		if err != nil {
			return SyncResult{}, &CallError{Op: "read the mapped companies from Autotask", Err: err}
		}
		for _, comp := range list {
			found[comp.ID] = comp
		}
	}
	now := s.Now().UTC()
	changes := make([]LinkChange, 0, len(mapped))
	for _, c := range mapped {
		comp, ok := found[c.Autotask.CompanyID]
		next, what := syncedLink(*c.Autotask, comp, ok, now)
		res.Checked++
		switch next.Status {
		case customers.MappingOK:
			res.OK++
		case customers.MappingRenamed:
			res.Renamed++
		case customers.MappingMissing:
			res.Missing++
		case customers.MappingInvalid:
			res.Invalid++
		}
		ch := LinkChange{CustomerID: c.ID, Link: &next, Only: WhileSameCompany}
		if what != "" {
			res.Changed++
			ev := audit.New(syncActor, audit.AutotaskSync, c.Name, what)
			ch.Event = &ev
		}
		changes = append(changes, ch)
	}
	_, err = s.store.SaveCompanyLinks(changes)
	return res, err
}

// syncedLink is mapping l after Autotask answered comp (found) or nothing
// (!found), with what changed for the audit log ("" when nothing did but
// the sync time, or a rename was merely seen to last).
func syncedLink(l customers.CompanyLink, comp autotask.Company, found bool, now time.Time) (customers.CompanyLink, string) {
	prev := l
	l.Synced = now
	switch {
	case !found:
		l.Status, l.PreviousName = customers.MappingMissing, ""
		if prev.Status != customers.MappingMissing {
			return l, fmt.Sprintf("Autotask no longer returns %s: mapping missing, tickets blocked", CompanyLabel(prev.Name, prev.CompanyID))
		}
		return l, ""
	case comp.Name != prev.Name:
		l.Name = comp.Name
		l.PreviousName, l.Status = prev.Name, customers.MappingRenamed
		what := fmt.Sprintf("company #%d renamed in Autotask from %q to %q; the customer's name is unchanged", prev.CompanyID, prev.Name, comp.Name)
		if !comp.Active {
			l.PreviousName, l.Status = "", customers.MappingInvalid
			what += "; it is inactive: mapping invalid, tickets blocked"
		}
		return l, what
	case !comp.Active:
		l.Status, l.PreviousName = customers.MappingInvalid, ""
		if prev.Status != customers.MappingInvalid {
			return l, fmt.Sprintf("%s is inactive in Autotask: mapping invalid, tickets blocked", CompanyLabel(comp.Name, comp.ID))
		}
		return l, ""
	}
	l.Status, l.PreviousName = customers.MappingOK, ""
	if prev.Status == customers.MappingMissing || prev.Status == customers.MappingInvalid {
		return l, fmt.Sprintf("%s is usable in Autotask again: mapping ok", CompanyLabel(comp.Name, comp.ID))
	}
	return l, ""
}

// SyncRetryAfter is how soon a sync that failed is tried again, rather
// than a whole interval later.
const SyncRetryAfter = 5 * time.Minute

// syncTimeout bounds one scheduled sync.
const syncTimeout = 5 * time.Minute

// Syncer runs Sync on Settings → Autotask's interval. Its Tick is the
// scheduled task, run every minute, so a changed interval applies at
// once; while the integration is off it calls nothing.
type Syncer struct {
	svc       *Service
	mu        sync.Mutex
	last      time.Time // start of the last sync in this process
	retrySoon bool
}

// NewSyncer returns the scheduled sync of svc.
func NewSyncer(svc *Service) *Syncer { return &Syncer{svc: svc} }

// Tick syncs when the integration is on and the interval has passed.
func (y *Syncer) Tick(ctx context.Context) error {
	cfg, err := y.svc.settings.Autotask()
	if err != nil || !cfg.Enabled {
		return err
	}
	every := time.Duration(cfg.SyncInterval) * time.Minute
	if every <= 0 {
		every = 60 * time.Minute
	}
	now := y.svc.Now()
	y.mu.Lock()
	if y.retrySoon {
		every = min(every, SyncRetryAfter)
	}
	due := y.last.IsZero() || now.Sub(y.last) >= every
	if due {
		y.last = now
	}
	y.mu.Unlock()
	if !due {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, syncTimeout)
	defer cancel()
	err = y.svc.Sync(ctx)
	y.mu.Lock()
	y.retrySoon = err != nil
	y.mu.Unlock()
	return err
}
