// Package watch says when the appliance itself is unwell: imports failing
// or stalled, Autotask failing, a review backlog nobody works, no recent
// backup of the appliance; and when customers' jobs have gone quiet
// (silent past their bound, or no success within N × it). The dashboard,
// /healthz and notifications all read the same conditions from here.
package watch

import (
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/backupchecks/backupchecks/app/coveimport"
	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/app/silentjobs"
)

// Condition is one way the appliance is unwell.
type Condition struct {
	Key    string    `json:"key"`    // stable: mail, cove, autotask, backlog, backup, silent, nosuccess
	Title  string    `json:"title"`  // "Mail import failing"
	Reason string    `json:"reason"` // a sentence: what is wrong and what to do
	Since  time.Time `json:"since,omitzero"`
	// Backups marks a condition about customers' backups, not the
	// appliance: /healthz does not report it as "degraded".
	Backups bool `json:"backups,omitempty"`
}

// Sources are where the conditions are read from; a nil one is not
// watched (its integration is not part of this appliance).
type Sources struct {
	Settings *settings.Service
	Mail     func() (mailimport.PollStatus, error)
	Cove     func() (coveimport.PollStatus, error)
	// Autotask is nil, or returns whether the integration is on and its health.
	Autotask func() (bool, psa.Health, error)
	Queue    func() ([]runs.QueueEntry, error)
	// LastBackup is the last successful backup of the appliance (zero: never).
	LastBackup func() (time.Time, error)
	// Created is when the data directory was made: a new appliance has had
	// no time for a backup yet.
	Created time.Time
	// Quiet lists the silent jobs and those without a recent success;
	// nil: not watched.
	Quiet *silentjobs.Service
	Now   func() time.Time
}

// Service evaluates the conditions.
type Service struct {
	Sources

	mu     sync.Mutex
	latest []Condition
	at     time.Time // of latest; zero: never evaluated
}

// MaxAge is how old the conditions Latest returns may be. The background
// task refreshes them every half minute; reading the review queue on a
// large appliance takes a tenth of a second, too much for every
// dashboard view and health probe.
const MaxAge = 2 * time.Minute

// New wires the watch.
func New(s Sources) *Service {
	if s.Now == nil {
		s.Now = time.Now
	}
	return &Service{Sources: s}
}

// Refresh evaluates the conditions now and keeps them for Latest.
func (s *Service) Refresh() ([]Condition, error) {
	conds, err := s.Conditions()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.latest, s.at = conds, s.Now()
	s.mu.Unlock()
	return conds, nil
}

// Latest is the last refresh's conditions while younger than MaxAge,
// else a new evaluation.
func (s *Service) Latest() ([]Condition, error) {
	s.mu.Lock()
	conds, at := s.latest, s.at
	s.mu.Unlock()
	if !at.IsZero() && s.Now().Sub(at) < MaxAge {
		return conds, nil
	}
	return s.Refresh()
}

// Conditions lists what is wrong now, by key; none means healthy. A
// source that cannot be read is itself a condition.
func (s *Service) Conditions() ([]Condition, error) {
	limits, err := s.Settings.Watch()
	if err != nil {
		return nil, fmt.Errorf("read the watch settings: %w", err)
	}
	now := s.Now()
	var out []Condition
	for _, check := range []func(settings.Watch, time.Time) (*Condition, error){s.mail, s.cove, s.autotask, s.backlog, s.backup, s.silent, s.noSuccess} {
		c, err := check(limits, now)
		if err != nil {
			return nil, err
		}
		if c != nil {
			out = append(out, *c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

func (s *Service) mail(_ settings.Watch, now time.Time) (*Condition, error) {
	if s.Mail == nil {
		return nil, nil
	}
	cfg, err := s.Settings.MailImport()
	if err != nil || !cfg.Enabled {
		return nil, err
	}
	st, err := s.Mail()
	switch {
	case err != nil:
		return &Condition{Key: "mail", Title: "Mail import status unreadable", Reason: err.Error()}, nil
	case st.Result.Err != "":
		return &Condition{Key: "mail", Title: "Mail import failing", Since: sinceOK(st.LastSuccess, st.Started),
			Reason: fmt.Sprintf("The last import failed: %s. Check Settings → Mail import.", st.Result.Err)}, nil
	case st.Stalled(now, cfg.IntervalDuration()):
		return &Condition{Key: "mail", Title: "Mail import stalled", Since: sinceOK(st.LastSuccess, st.Started),
			Reason: "No import has succeeded for three polling intervals: is the appliance's scheduler running?"}, nil
	}
	return nil, nil
}

func (s *Service) cove(_ settings.Watch, now time.Time) (*Condition, error) {
	if s.Cove == nil {
		return nil, nil
	}
	cfg, err := s.Settings.Cove()
	if err != nil || !cfg.Enabled {
		return nil, err
	}
	st, err := s.Cove()
	switch {
	case err != nil:
		return &Condition{Key: "cove", Title: "Cove status unreadable", Reason: err.Error()}, nil
	case st.Error != "":
		return &Condition{Key: "cove", Title: "Cove poll failing", Since: sinceOK(st.LastSuccess, st.Started),
			Reason: "The last poll failed: " + st.Explain}, nil
	case st.Stalled(now, cfg.IntervalDuration()):
		return &Condition{Key: "cove", Title: "Cove poll stalled", Since: sinceOK(st.LastSuccess, st.Started),
			Reason: "No Cove poll has succeeded for three polling intervals."}, nil
	case st.Memory.Held != nil:
		return &Condition{Key: "cove", Title: "Cove account list held", Since: st.Memory.Held.Since, Reason: st.Memory.Held.Reason()}, nil
	}
	return nil, nil
}

func (s *Service) autotask(settings.Watch, time.Time) (*Condition, error) {
	if s.Autotask == nil {
		return nil, nil
	}
	on, h, err := s.Autotask()
	switch {
	case !on:
		return nil, nil
	case err != nil:
		return &Condition{Key: "autotask", Title: "Autotask status unreadable", Reason: err.Error()}, nil
	case h.Failing():
		reason := "Calls to Autotask fail"
		if h.Operation != "" {
			reason += " while trying to " + h.Operation
		}
		return &Condition{Key: "autotask", Title: "Autotask failing", Since: h.FailingSince, Reason: reason + ": " + h.Explain}, nil
	}
	return nil, nil
}

// backlog: more than QueueRuns runs have waited longer than QueueHours.
func (s *Service) backlog(w settings.Watch, now time.Time) (*Condition, error) {
	if s.Queue == nil {
		return nil, nil
	}
	q, err := s.Queue()
	if err != nil {
		return nil, fmt.Errorf("read the review queue: %w", err)
	}
	cut := now.Add(-time.Duration(w.QueueHours) * time.Hour)
	old, oldest := 0, time.Time{}
	for _, e := range q {
		if e.Time.Before(cut) {
			old++
			if oldest.IsZero() || e.Time.Before(oldest) {
				oldest = e.Time
			}
		}
	}
	if old <= w.QueueRuns {
		return nil, nil
	}
	return &Condition{Key: "backlog", Title: "Review backlog", Since: oldest,
		Reason: fmt.Sprintf("%d runs have waited for review longer than %s (more than %d): Run Checks needs attention.", old, plural(w.QueueHours, "hour"), w.QueueRuns)}, nil
}

// backup: the appliance's own data has not been backed up for BackupDays.
func (s *Service) backup(w settings.Watch, now time.Time) (*Condition, error) {
	if s.LastBackup == nil {
		return nil, nil
	}
	last, err := s.LastBackup()
	if err != nil {
		return nil, fmt.Errorf("read the last backup: %w", err)
	}
	limit := time.Duration(w.BackupDays) * 24 * time.Hour
	ref := last
	if ref.IsZero() {
		ref = s.Created
	}
	if ref.IsZero() || now.Sub(ref) <= limit {
		return nil, nil
	}
	reason := fmt.Sprintf("The appliance has not been backed up for more than %s. Download a backup in Settings → Maintenance, or schedule 'backupchecks backup'.", plural(w.BackupDays, "day"))
	if last.IsZero() {
		reason = "The appliance has never been backed up. Download a backup in Settings → Maintenance, or schedule 'backupchecks backup'."
	}
	return &Condition{Key: "backup", Title: "No recent backup", Since: last, Reason: reason}, nil
}

func sinceOK(lastOK, started time.Time) time.Time {
	if !lastOK.IsZero() {
		return lastOK
	}
	return started
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
