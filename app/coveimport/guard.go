package coveimport

import (
	"fmt"
	"time"
)

// Held is an account list a poll did not apply because it looked wrong:
// empty, or more than a tenth shorter than the last list applied. Cove
// has answered like that during incidents on its side; applying it would
// mark every missing account gone and record nothing for them.
type Held struct {
	Seen     int       `json:"seen"`     // accounts the held list had
	Baseline int       `json:"baseline"` // accounts the last applied list had
	Since    time.Time `json:"since"`    // first poll that answered like this
}

// Reason is the sentence the Cove page and the dashboard show.
func (h Held) Reason() string {
	if h.Seen == 0 {
		return fmt.Sprintf("Cove listed no accounts at all (the last list applied had %d). No account was changed; "+
			"the next poll applies the list if Cove answers the same again. Check in the Cove console whether the devices are still there.", h.Baseline)
	}
	return fmt.Sprintf("Cove listed %d accounts, %d fewer than the %d of the last list applied (more than a tenth). No account was changed; "+
		"the next poll applies the list if Cove answers about the same again. Check in the Cove console whether devices were removed or moved.",
		h.Seen, h.Baseline-h.Seen, h.Baseline)
}

// Memory is what a poll keeps for the next one, beside its outcome.
type Memory struct {
	// Baseline is how many accounts the last applied list had; 0 = none yet.
	Baseline int `json:"baseline,omitempty"`
	// Held is a suspicious list waiting for a second poll to agree.
	Held *Held `json:"held,omitempty"`
	// Refused says Cove refused the full set of columns, so polls ask for
	// fewer without a refused call (and its extra login) each time.
	Refused *Refusal `json:"refused,omitempty"`
}

// suspect reports whether a list of seen accounts is empty or lost more
// than a tenth of baseline.
func suspect(seen, baseline int) bool {
	return baseline > 0 && (seen == 0 || (baseline-seen)*10 > baseline)
}

// agrees reports whether a second list confirms a held one: both empty,
// or within a tenth of each other.
func agrees(seen int, h *Held) bool {
	if h == nil {
		return false
	}
	if h.Seen == 0 || seen == 0 {
		return h.Seen == seen
	}
	d := seen - h.Seen
	return d*10 <= h.Seen && -d*10 <= h.Seen
}

// judge decides whether a list of seen accounts is applied, and updates
// the memory: a suspect list is held until the next poll agrees.
func (m *Memory) judge(seen int, now time.Time) (apply bool) {
	if suspect(seen, m.Baseline) && !agrees(seen, m.Held) {
		since := now
		if m.Held != nil {
			since = m.Held.Since
		}
		m.Held = &Held{Seen: seen, Baseline: m.Baseline, Since: since}
		return false
	}
	m.Held, m.Baseline = nil, seen
	return true
}
