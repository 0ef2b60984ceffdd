package settings

import (
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
)

// Watch is Settings → Notifications → When the appliance is unwell: the
// limits past which the dashboard, /healthz and notifications say so.
type Watch struct {
	// QueueRuns and QueueHours: more than QueueRuns runs waiting for
	// review longer than QueueHours is a backlog nobody works.
	QueueRuns  int `json:"queue_runs"`
	QueueHours int `json:"queue_hours"`
	// BackupDays: no successful backup of the appliance for that long.
	BackupDays int       `json:"backup_days"`
	Saved      time.Time `json:"saved,omitzero"`
}

// DefaultWatch is what a new appliance watches for.
func DefaultWatch() Watch { return Watch{QueueRuns: 100, QueueHours: 24, BackupDays: 7} }

// Normalize validates the limits.
func (w *Watch) Normalize() error {
	errs := FieldErrors{}
	if w.QueueRuns < 1 || w.QueueRuns > 1_000_000 {
		errs["queue_runs"] = "Enter how many waiting runs make a backlog, from 1 to 1,000,000."
	}
	if w.QueueHours < 1 || w.QueueHours > 24*30 {
		errs["queue_hours"] = fmt.Sprintf("Enter how many hours a run may wait, from 1 to %d.", 24*30)
	}
	if w.BackupDays < 1 || w.BackupDays > 365 {
		errs["backup_days"] = "Enter after how many days without a backup to warn, from 1 to 365."
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// Watch returns the limits.
func (s *Service) Watch() (Watch, error) { return s.store.Watch() }

// SaveWatch validates and stores the limits, audited.
func (s *Service) SaveWatch(w Watch, by audit.Actor) (Watch, error) {
	if err := w.Normalize(); err != nil {
		return w, err
	}
	old, err := s.store.Watch()
	if err != nil {
		return w, err
	}
	var ch changes
	ch.diff("backlog: waiting runs", old.QueueRuns, w.QueueRuns)
	ch.diff("backlog: hours waiting", old.QueueHours, w.QueueHours)
	ch.diff("days without a backup", old.BackupDays, w.BackupDays)
	w.Saved = time.Now().UTC()
	return w, s.store.SaveWatch(w, audit.New(by, audit.SettingsNotify, "notifications", ch.String()))
}
