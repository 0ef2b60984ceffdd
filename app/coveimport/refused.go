package coveimport

import (
	"time"
)

// RecheckRefused is how often polls try the full set of columns again
// after Cove refused it: a role changed in Cove gives the sources back
// within a day, without a refused call on every poll.
const RecheckRefused = 24 * time.Hour

// Refusal is Cove refusing the full set of per-source columns (13501).
type Refusal struct {
	Since   time.Time `json:"since"`         // first refused
	Checked time.Time `json:"checked"`       // last time the full set was tried
	For     string    `json:"for,omitempty"` // the connection refused (ClientSource.Identity)
}

// columnsFor says which sources a poll over connection asks for: the full
// set, unless this connection's refusal was remembered recently (another
// API user may be allowed more).
func (m *Memory) columnsFor(now time.Time, connection string) (sources []int, full bool) {
	if r := m.Refused; r != nil && r.For == connection && now.Sub(r.Checked) < RecheckRefused {
		return reduced, false
	}
	return perSource, true
}

// refused remembers that connection refused the full set now.
func (m *Memory) refused(now time.Time, connection string) {
	if m.Refused == nil || m.Refused.For != connection {
		m.Refused = &Refusal{Since: now, For: connection}
	}
	m.Refused.Checked = now
}

// refusalNote is the poll's note while polls read fewer columns.
func refusalNote(r *Refusal, remembered bool) string {
	note := "Cove refuses some data-source columns for this API user (Cove error 13501, security reasons); polls read only " +
		sourceNames(reduced) + " per source, and other sources show “no status of its own”."
	if remembered {
		note += " This was found at " + r.Since.UTC().Format("2006-01-02 15:04 UTC") + "; polls try the full set again once a day."
	}
	return note
}
