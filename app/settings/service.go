package settings

import (
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/secret"
)

// Store reads and writes settings sections; a write carries its audit event.
type Store interface {
	General() (General, error)
	SaveGeneral(g General, ev audit.Event) error
	MailImport() (MailImport, error)
	SaveMailImport(m MailImport, ev audit.Event) error
	Cove() (Cove, error)
	SaveCove(c Cove, ev audit.Event) error
	Retention() (Retention, error)
	SaveRetention(r Retention, ev audit.Event) error
	Logo() (Logo, error)
	SaveLogo(l Logo, ev audit.Event) error
	Watch() (Watch, error)
	SaveWatch(w Watch, ev audit.Event) error
	SignIn() (SignIn, error)
	SaveSignIn(c SignIn, ev audit.Event) error
	SMTP() (SMTP, error)
	SaveSMTP(m SMTP, ev audit.Event) error
	Autotask() (Autotask, error)
	SaveAutotask(a Autotask, ev audit.Event) error
	AutotaskPicklists() (Picklists, error)
	SaveAutotaskPicklists(p Picklists, ev *audit.Event) error
	// UpdateAutotaskReference writes p, and in the same transaction the
	// settings edit changed and the event it returns (see SaveAutotaskReference).
	UpdateAutotaskReference(p Picklists, edit func(a *Autotask, old Picklists) (changed bool, ev audit.Event)) error
}

// Service holds the settings use cases.
type Service struct {
	store  Store
	Cipher *secret.Cipher // seals integration passwords; nil refuses to store one
}

// NewService wires the settings use cases.
func NewService(store Store) *Service { return &Service{store: store} }

// General returns Settings → General.
func (s *Service) General() (General, error) { return s.store.General() }

// SaveGeneral validates and stores Settings → General, auditing what changed.
func (s *Service) SaveGeneral(g General, by audit.Actor) (General, error) {
	if err := g.Normalize(); err != nil {
		return g, err
	}
	old, err := s.store.General()
	if err != nil {
		return g, err
	}
	var ch changes
	ch.diff("company name", old.MSPName, g.MSPName)
	ch.diff("time zone", old.TimeZone, g.TimeZone)
	ch.diff("base URL", old.BaseURL, g.BaseURL)
	ch.diff("daily jobs start", old.DailyJobsStart, g.DailyJobsStart)
	ch.diff("business day starts at", old.DayStart, g.DayStart)
	ch.diff("successful runs need review", old.SuccessNeedsReview, g.SuccessNeedsReview)
	ch.diff("admins need two-factor codes", old.RequireTOTPAdmins, g.RequireTOTPAdmins)
	ch.diff("silent after (servers and mail jobs, days)", old.Silence.Server, g.Silence.Server)
	ch.diff("silent after (Microsoft 365, days)", old.Silence.M365, g.Silence.M365)
	ch.diff("silent after (workstations, days)", old.Silence.Workstation, g.Silence.Workstation)
	ch.diff("no success within (times the bound)", old.NoSuccessTimes, g.NoSuccessTimes)
	ch.diff("review runs once their job succeeds again", old.ReviewWhenRecovered, g.ReviewWhenRecovered)
	g.Saved = time.Now().UTC()
	return g, s.store.SaveGeneral(g, audit.New(by, audit.SettingsGeneral, "general", ch.String()))
}
