package psa

import (
	"context"
	"fmt"
	"strings"

	"github.com/backupchecks/backupchecks/app/audit"
)

// SyncReport is what "Sync now" found, for the operator who asked.
type SyncReport struct {
	Companies SyncResult
	Tickets   CheckResult
}

// Sentence says what a sync read and what it changed.
func (r SyncReport) Sentence() string {
	c, t := r.Companies, r.Tickets
	var b strings.Builder
	switch {
	case c.Checked == 0:
		b.WriteString("No customer is mapped to an Autotask company.")
	default:
		fmt.Fprintf(&b, "Read the companies of %s", plural(c.Checked, "mapped customer", "mapped customers"))
		var found []string
		if c.Renamed > 0 {
			found = append(found, fmt.Sprintf("%d renamed in Autotask", c.Renamed))
		}
		if c.Invalid > 0 {
			found = append(found, fmt.Sprintf("%d inactive (tickets blocked)", c.Invalid))
		}
		if c.Missing > 0 {
			found = append(found, fmt.Sprintf("%d no longer in Autotask (tickets blocked)", c.Missing))
		}
		switch {
		case len(found) == 0 && c.Changed == 0:
			b.WriteString(": all in order, nothing changed.")
		case len(found) == 0:
			fmt.Fprintf(&b, ": all in order again; %s changed.", plural(c.Changed, "mapping", "mappings"))
		case c.Changed == 0:
			fmt.Fprintf(&b, ": %s; nothing changed since the last sync.", strings.Join(found, ", "))
		default:
			fmt.Fprintf(&b, ": %s; %s changed.", strings.Join(found, ", "), plural(c.Changed, "mapping", "mappings"))
		}
	}
	b.WriteString(" ")
	switch {
	case t.Checked == 0:
		b.WriteString("No linked ticket is open.")
	case t.Deleted == 0 && t.Completed == 0:
		fmt.Fprintf(&b, "Read %s: all still open.", plural(t.Checked, "open linked ticket", "open linked tickets"))
	default:
		fmt.Fprintf(&b, "Read %s: %d deleted in Autotask, %d completed in Autotask.", plural(t.Checked, "open linked ticket", "open linked tickets"), t.Deleted, t.Completed)
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// SyncNow is the periodic sync on an operator's demand: every mapped
// company, then every open linked ticket, read now. It is audited as the
// operator's, with what it found; a failure leaves what was already
// stored as it was.
func (s *Service) SyncNow(ctx context.Context, by audit.Actor) (SyncReport, error) {
	var r SyncReport
	var err error
	if r.Companies, err = s.SyncCompanies(ctx); err != nil {
		return r, err
	}
	if r.Tickets, err = s.CheckOpenTickets(ctx); err != nil {
		return r, &CallError{Op: "read the open linked tickets from Autotask", Err: err}
	}
	_ = s.store.AuditTicket(audit.New(by, audit.AutotaskSync, "autotask", "sync now: "+r.Sentence()))
	return r, nil
}
