package psa

import (
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
)

// LinkState is where a run's ticket link stands.
type LinkState string

const (
	// Pending: the run's ticket slot is reserved and a create is under way,
	// or its outcome is unknown (Autotask's answer was lost, or the process
	// died). The next attempt looks the ticket up by its marker first.
	Pending  LinkState = "pending"
	Open     LinkState = "open"
	Resolved LinkState = "resolved"
	// Deleted: Autotask says the ticket is gone. The link stays as history;
	// the run may get another ticket.
	Deleted LinkState = "deleted"
)

// Link is one Autotask ticket of a run.
type Link struct {
	TicketID int64     `json:"ticket_id,omitempty"` // zero while pending
	Number   string    `json:"number,omitempty"`    // "T20260102.0042"
	URL      string    `json:"url,omitempty"`       // opens the ticket in Autotask
	Title    string    `json:"title,omitempty"`
	State    LinkState `json:"state"`
	Status   string    `json:"status,omitempty"` // last known status label
	StatusID int       `json:"status_id,omitempty"`
	Marker   string    `json:"marker,omitempty"` // the ticket's externalID: this appliance, this run, this attempt
	// CompanyID is the Autotask company the run was mapped to when its
	// slot was reserved: a ticket found by marker must belong to it.
	CompanyID int64     `json:"company_id,omitempty"`
	Linked    bool      `json:"linked,omitempty"` // an existing ticket linked, not created here
	Created   time.Time `json:"created"`
	CreatedBy string    `json:"created_by"`
	Checked   time.Time `json:"checked,omitempty"` // last read from Autotask
	// ResolveNote is when the resolve note was added, so a resolve tried
	// again does not add it twice.
	ResolveNote time.Time `json:"resolve_note,omitempty"`
	// TimeEntries: a resolve found time booked on the ticket, added the
	// note and left it open.
	TimeEntries bool      `json:"time_entries,omitempty"`
	Resolved    time.Time `json:"resolved,omitempty"`
	ResolvedBy  string    `json:"resolved_by,omitempty"`
	DeletedSeen time.Time `json:"deleted_seen,omitempty"`
}

// Usable reports whether the link points at a ticket Autotask still has.
func (l Link) Usable() bool { return l.State == Open || l.State == Resolved }

// RunTickets is every ticket link a run has had, oldest first; the last
// is the current one. A run has more than one only after Autotask deleted
// a ticket and an operator created or linked another.
type RunTickets struct {
	RunID uint64 `json:"run_id"`
	JobID uint64 `json:"job_id"`
	Links []Link `json:"links"`
}

// Current returns the run's current link, if any.
func (rt RunTickets) Current() (Link, bool) {
	if len(rt.Links) == 0 {
		return Link{}, false
	}
	return rt.Links[len(rt.Links)-1], true
}

// History returns the links before the current one.
func (rt RunTickets) History() []Link {
	if len(rt.Links) < 2 {
		return nil
	}
	return rt.Links[:len(rt.Links)-1]
}

// setCurrent replaces the current link.
func (rt *RunTickets) setCurrent(l Link) { rt.Links[len(rt.Links)-1] = l }

// TicketStore persists the runs' ticket links.
type TicketStore interface {
	// RunTickets returns a run's links; a run without any has none (no error).
	RunTickets(runID uint64) (RunTickets, error)
	// RunTicketsOf returns the links of the runs that have any.
	RunTicketsOf(runIDs []uint64) (map[uint64]RunTickets, error)
	// ReserveTicket appends pending as the run's current link in one
	// transaction, unless the current link is usable or pending: then it
	// returns the stored links and reserved=false.
	ReserveTicket(runID, jobID uint64, pending Link) (rt RunTickets, reserved bool, err error)
	// SaveRunTickets writes a run's links, with ev when set.
	SaveRunTickets(rt RunTickets, ev *audit.Event) error
	// OpenTicketRuns lists the runs whose current link is open.
	OpenTicketRuns() ([]uint64, error)
	// AuditTicket records a ticket action that stored nothing (a refusal).
	AuditTicket(ev audit.Event) error
}
