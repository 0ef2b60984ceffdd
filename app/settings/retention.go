package settings

import (
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
)

// Retention is Settings → Maintenance → Retention: how long the original
// of each report mail is kept. Runs, and the mail records that say where
// a run came from, are kept for good; only the stored message goes.
type Retention struct {
	RawMailMonths int       `json:"raw_mail_months"` // 0 keeps every original
	Saved         time.Time `json:"saved,omitzero"`
}

// MaxRetentionMonths bounds the setting (ten years).
const MaxRetentionMonths = 120

// DefaultRetention keeps two years of original mail.
func DefaultRetention() Retention { return Retention{RawMailMonths: 24} }

// Normalize validates the setting.
func (r *Retention) Normalize() error {
	if r.RawMailMonths < 0 || r.RawMailMonths > MaxRetentionMonths {
		return FieldErrors{"raw_mail_months": fmt.Sprintf("Enter a number of months from 1 to %d, or 0 to keep every original.", MaxRetentionMonths)}
	}
	return nil
}

// Cutoff is the receipt time before which originals go, at now; zero when
// every original is kept.
func (r Retention) Cutoff(now time.Time) time.Time {
	if r.RawMailMonths == 0 {
		return time.Time{}
	}
	return now.AddDate(0, -r.RawMailMonths, 0)
}

// Retention returns Settings → Maintenance → Retention.
func (s *Service) Retention() (Retention, error) { return s.store.Retention() }

// SaveRetention validates and stores the retention setting, audited.
func (s *Service) SaveRetention(r Retention, by audit.Actor) (Retention, error) {
	if err := r.Normalize(); err != nil {
		return r, err
	}
	old, err := s.store.Retention()
	if err != nil {
		return r, err
	}
	var ch changes
	ch.diff("original mail kept for (months, 0 = always)", old.RawMailMonths, r.RawMailMonths)
	r.Saved = time.Now().UTC()
	return r, s.store.SaveRetention(r, audit.New(by, audit.SettingsRetention, "retention", ch.String()))
}
