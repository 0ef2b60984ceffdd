package psa

import (
	"errors"
	"time"

	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// Health is how the last calls to Autotask went: the dashboard and
// Settings → Autotask show it like the mail and Cove import's status.
type Health struct {
	LastOK       time.Time `json:"last_ok,omitempty"`
	FailingSince time.Time `json:"failing_since,omitempty"` // zero while healthy
	LastError    string    `json:"last_error,omitempty"`    // Autotask's own words
	Explain      string    `json:"explain,omitempty"`       // what it means, what to do
	Operation    string    `json:"operation,omitempty"`     // what was being done
}

// Failing reports whether the last call failed.
func (h Health) Failing() bool { return !h.FailingSince.IsZero() }

// HealthStore persists the connection's health.
type HealthStore interface {
	AutotaskHealth() (Health, error)
	SaveAutotaskHealth(h Health) error
}

// Health returns how the last calls to Autotask went.
func (s *Service) Health() (Health, error) { return s.store.AutotaskHealth() }

// healthOKEvery limits how often a success is written: one a minute is
// enough to show "last worked".
const healthOKEvery = time.Minute

// noteHealth records the outcome of a call to Autotask. Failures an
// operator caused (a ticket that is gone, a validation message about one
// ticket) say nothing about the connection and are not recorded.
func (s *Service) noteHealth(op string, err error) {
	if errors.Is(err, ErrDisabled) || errors.Is(err, autotask.ErrNotFound) {
		return
	}
	if err != nil {
		// One line per failed call, in Autotask's own words, whether a
		// click or the background made it.
		s.logger().Warn("autotask call failed", "call", op, "error", err.Error())
	}
	h, rerr := s.store.AutotaskHealth()
	if rerr != nil {
		return
	}
	now := s.Now().UTC()
	if err == nil {
		if !h.Failing() && now.Sub(h.LastOK) < healthOKEvery {
			return
		}
		h = Health{LastOK: now}
	} else {
		var apiErr *autotask.APIError
		if errors.As(err, &apiErr) && apiErr.Status == 500 && !errors.Is(err, autotask.ErrRateLimited) && !errors.Is(err, autotask.ErrUnavailable) && len(apiErr.Messages) > 0 {
			return // a refusal of this request (validation), not an outage
		}
		if !h.Failing() {
			h.FailingSince = now
		}
		h.LastError, h.Explain, h.Operation = err.Error(), autotask.Explain(err), op
	}
	_ = s.store.SaveAutotaskHealth(h) // health is advisory; the caller reports err itself
}
