package coveimport

import (
	"slices"
	"time"

	"github.com/backupchecks/backupchecks/integrations/cove"
)

// Kind is what a Cove account backs up; it decides the job type and how
// a missing session is judged.
type Kind string

const (
	Server      Kind = "server"
	Workstation Kind = "workstation"
	M365        Kind = "m365"
)

// Label is the kind as the UI and the job type show it.
func (k Kind) Label() string {
	switch k {
	case Workstation:
		return "Workstation"
	case M365:
		return "Microsoft 365"
	}
	return "Server"
}

// State is where an account is in the approval flow.
type State string

const (
	Pending  State = "pending"  // seen, waiting for an operator
	Approved State = "approved" // has a job; its sessions become runs
	Ignored  State = "ignored"  // not monitored
)

// Session is one data source's (or the whole account's) last session.
type Session struct {
	Source      int       `json:"source"` // Cove data source number; 9 is the total
	Status      int       `json:"status"` // Cove session status; -1 when Cove gave none
	Time        time.Time `json:"time"`   // last session; zero when none
	LastSuccess time.Time `json:"last_success,omitzero"`
	Errors      int       `json:"errors,omitempty"`
}

func (s Session) same(o Session) bool {
	return s.Source == o.Source && s.Status == o.Status && s.Time.Equal(o.Time) && s.LastSuccess.Equal(o.LastSuccess) && s.Errors == o.Errors
}

// Name is the data source's name.
func (s Session) Name() string { return cove.SourceName(s.Source) }

// NoStatusOfItsOwn is how a data source reads when Cove gave no status for
// it (a column Cove refuses, or one it left out): not a warning, since
// nothing is known to be wrong.
const NoStatusOfItsOwn = "no status of its own"

// StatusName is Cove's own word for the status.
func (s Session) StatusName() string {
	if s.Status < 0 {
		return NoStatusOfItsOwn
	}
	return cove.Status(s.Status).String()
}

// Account is one Cove account (a device or a Microsoft 365 tenant) as the
// last poll saw it, and where it is in the approval flow.
type Account struct {
	ID           int64  `json:"id"` // Cove AccountId (I0)
	PartnerID    int64  `json:"partner_id"`
	DeviceName   string `json:"device_name"`   // I1, unique in Cove
	ComputerName string `json:"computer_name"` // I18; empty for Microsoft 365
	Customer     string `json:"customer"`      // I8, the Cove customer
	OS           string `json:"os,omitempty"`  // I16
	Kind         Kind   `json:"kind"`
	// KindNote says why Kind is a guess, when Cove did not tell.
	KindNote  string    `json:"kind_note,omitempty"`
	Total     Session   `json:"total"`   // D09: all data sources together
	Sources   []Session `json:"sources"` // active data sources (I78), in Cove's order
	ColourBar string    `json:"colour_bar,omitempty"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	State     State     `json:"state"`
	JobID     uint64    `json:"job_id,omitempty"`
	// Recorded is the last session recorded as a run, so a poll skips
	// accounts with nothing new without a write. Runs are keyed on the
	// session too, so losing this (a restored backup) records nothing twice.
	Recorded time.Time `json:"recorded,omitzero"`
	// Gone is since when Cove no longer lists the account (removed from
	// Cove, or moved out of the partner's tree); zero while it is listed.
	Gone time.Time `json:"gone,omitzero"`

	// detached is the job a poll found gone (set only in the poll's copy).
	detached uint64
}

// Name is how the account is called in lists: its computer name, else
// its device name.
func (a Account) Name() string {
	if a.ComputerName != "" {
		return a.ComputerName
	}
	return a.DeviceName
}

// polled copies what a poll reports into a stored account, keeping its
// approval state; it reports whether anything changed.
func (a *Account) polled(fresh Account) bool {
	changed := a.DeviceName != fresh.DeviceName || a.ComputerName != fresh.ComputerName || a.Customer != fresh.Customer ||
		a.OS != fresh.OS || a.Kind != fresh.Kind || a.KindNote != fresh.KindNote || !a.Total.same(fresh.Total) || !slices.EqualFunc(a.Sources, fresh.Sources, Session.same) ||
		a.ColourBar != fresh.ColourBar || a.PartnerID != fresh.PartnerID
	a.DeviceName, a.ComputerName, a.Customer, a.OS, a.Kind, a.KindNote = fresh.DeviceName, fresh.ComputerName, fresh.Customer, fresh.OS, fresh.Kind, fresh.KindNote
	a.Total, a.Sources, a.ColourBar, a.PartnerID = fresh.Total, fresh.Sources, fresh.ColourBar, fresh.PartnerID
	if !a.Gone.IsZero() { // listed again
		a.Gone, changed = time.Time{}, true
	}
	return changed
}

// mergePolled applies what a poll saw to the stored account: the device
// facts and statistics, and the poll's own decisions (a session recorded,
// a vanished job) only where the stored account still agrees with what the
// poll read, so an approval or ignore made meanwhile stands.
func mergePolled(stored *Account, p Account) {
	stored.polled(p)
	stored.LastSeen = p.LastSeen
	if stored.State != Approved {
		return
	}
	switch {
	case p.detached != 0 && stored.JobID == p.detached:
		stored.State, stored.JobID = Pending, 0
	case p.State == Approved:
		if p.JobID != 0 {
			stored.JobID = p.JobID // its job was merged into another
		}
		if p.Recorded.After(stored.Recorded) {
			stored.Recorded = p.Recorded
		}
	}
}
