package psa

import (
	"fmt"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// AutoStreak is where a job's automatic ticket stands: the failure streak
// it was made for, so that later failures of the streak add nothing and
// the success that ends it resolves exactly that ticket.
type AutoStreak struct {
	JobID uint64 `json:"job_id"`
	// RunID is the run that holds the streak's ticket, written (with the
	// audit of the rule that fired) before Autotask is called: a second
	// pass, or the pass after a crash, goes on with that run, whose own
	// reservation and marker make its ticket exactly once. Zero between
	// streaks.
	RunID   uint64    `json:"run_id,omitempty"`
	RunTime time.Time `json:"run_time,omitzero"`
	// Rule is the rule that fired, in words (also the ticket's creator).
	Rule  string    `json:"rule,omitempty"`
	Fired time.Time `json:"fired,omitzero"`
	// Created: Autotask confirmed the ticket (or it was found by marker).
	Created  bool      `json:"created,omitempty"`
	LastNote time.Time `json:"last_note,omitzero"`
	// LastError is the last failure of an automatic action; RetryAfter
	// holds the next try back so a refusal is not repeated every minute.
	LastError  string    `json:"last_error,omitempty"`
	RetryAfter time.Time `json:"retry_after,omitzero"`
	// The previous streak, for the job page.
	PrevRunID uint64    `json:"prev_run_id,omitempty"`
	Ended     time.Time `json:"ended,omitzero"`
	EndedHow  string    `json:"ended_how,omitempty"`
}

// Active reports whether a streak holds (or is getting) a ticket.
func (st AutoStreak) Active() bool { return st.RunID != 0 }

// applianceIP is the audit "address" of what the appliance does by itself.
const applianceIP = "appliance"

// autoPrefix starts the name of the automatic-ticket actor, so notes and
// pages can tell a rule's action from an operator's.
const autoPrefix = "automatic ticket rule"

// autoActor is who a rule's actions are audited as: the appliance, named
// with the rule that fired (also shown as the ticket's creator).
func autoActor(scope, name string, r AutoRule) audit.Actor {
	return audit.Actor{Name: fmt.Sprintf("%s of %s %s: %s", autoPrefix, scope, name, r.Describe()), IP: applianceIP}
}

// IsAutomatic reports whether a ticket link's creator (or resolver) is an
// automatic-ticket rule rather than a person.
func IsAutomatic(by string) bool { return strings.HasPrefix(by, autoPrefix) }

// noteText is a fixed resolve note of the design; a rule's resolve says
// that it was automatic and which rule did it.
func noteText(fixed string, by audit.Actor) string {
	if by.IP != applianceIP || !IsAutomatic(by.Name) {
		return fixed
	}
	return fixed + " Done automatically by Backupchecks when the job succeeded again (" + by.Name + ")."
}

// AutoStreakOf returns a job's automatic-ticket record (zero when none),
// for the job page. One storage read.
func (s *Service) AutoStreakOf(jobID uint64) (AutoStreak, error) { return s.store.AutoStreak(jobID) }

// explainOr is Autotask's explanation of err, else fallback.
func explainOr(err error, fallback string) string {
	if e := autotask.Explain(err); e != "" {
		return e
	}
	return fallback
}
