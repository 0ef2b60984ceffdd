package psa

import (
	"fmt"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
)

// AutoRule is an admin's switch for automatic tickets (beyond the seed's
// phase 1, which makes every ticket a click): off unless switched on.
type AutoRule struct {
	On bool `json:"on"`
	// After is how many consecutive failed or missed runs make a ticket
	// (at least 1). A warning is not counted and ends the count; only a
	// success ends the streak.
	After int `json:"after"`
	// Resolve: when the job succeeds again, resolve the streak's ticket by
	// the button's rule (time entries ⇒ note only, left open).
	Resolve bool `json:"resolve"`
	// DailyNote: while the streak lasts, at most one internal note a day
	// on its ticket; otherwise later failures add nothing.
	DailyNote bool `json:"daily_note"`
}

// Describe says the rule in words, as audits, notes and pages show it.
func (r AutoRule) Describe() string {
	if !r.On {
		return "automatic tickets off"
	}
	s := fmt.Sprintf("ticket after %s", plural(r.After, "failed or missed run", "consecutive failed or missed runs"))
	if r.Resolve {
		s += ", resolved when the job succeeds again"
	}
	if r.DailyNote {
		s += ", one note a day while it keeps failing"
	}
	return s
}

// Valid says what is wrong with the rule, or "".
func (r AutoRule) Valid() string {
	if r.On && (r.After < 1 || r.After > 100) {
		return "The number of consecutive failed or missed runs must be between 1 and 100."
	}
	return ""
}

// AutoRules are every customer's and job's automatic-ticket rule, kept in
// one record so that a pass with nothing switched on reads one key.
// A job's rule, when it has one, replaces its customer's (also to switch
// one job off).
type AutoRules struct {
	Customers map[uint64]AutoRule `json:"customers,omitempty"`
	Jobs      map[uint64]AutoRule `json:"jobs,omitempty"`
}

// Any reports whether any rule is switched on.
func (r AutoRules) Any() bool {
	for _, m := range []map[uint64]AutoRule{r.Customers, r.Jobs} {
		for _, x := range m {
			if x.On {
				return true
			}
		}
	}
	return false
}

// For returns the rule in force for a job and where it comes from
// ("job" or "customer"; "" when none applies).
func (r AutoRules) For(j jobs.Job) (AutoRule, string) {
	if x, ok := r.Jobs[j.ID]; ok {
		return x, "job"
	}
	if x, ok := r.Customers[j.CustomerID]; ok {
		return x, "customer"
	}
	return AutoRule{}, ""
}

// AutoStore persists the rules and each job's streak.
type AutoStore interface {
	AutoRules() (AutoRules, error)
	SaveAutoRules(r AutoRules, ev audit.Event) error
	// AutoStreak returns a job's streak record; zero when none.
	AutoStreak(jobID uint64) (AutoStreak, error)
	// ReserveAutoStreak stores st as the job's streak unless the stored
	// one already names a run: then it returns the stored one and false.
	ReserveAutoStreak(st AutoStreak, ev audit.Event) (AutoStreak, bool, error)
	SaveAutoStreak(st AutoStreak, ev *audit.Event) error
}

// AutoRules returns every automatic-ticket rule.
func (s *Service) AutoRules() (AutoRules, error) { return s.store.AutoRules() }

// SetCustomerAutoRule switches automatic tickets for a customer's jobs.
func (s *Service) SetCustomerAutoRule(customerID uint64, r AutoRule, by audit.Actor) error {
	c, err := s.customers.Get(customerID)
	if err != nil {
		return err
	}
	return s.setAutoRule(func(all *AutoRules) { all.Customers = setRule(all.Customers, customerID, &r) },
		r, by, "customer "+c.Name)
}

// SetJobAutoRule gives a job its own rule; nil gives it its customer's again.
func (s *Service) SetJobAutoRule(jobID uint64, r *AutoRule, by audit.Actor) error {
	j, err := s.jobs.Get(jobID)
	if err != nil {
		return err
	}
	shown := AutoRule{}
	if r != nil {
		shown = *r
	}
	what := "job " + j.Name
	return s.setAutoRule(func(all *AutoRules) { all.Jobs = setRule(all.Jobs, jobID, r) }, shown, by, what)
}

func (s *Service) setAutoRule(edit func(*AutoRules), r AutoRule, by audit.Actor, what string) error {
	if r.On && r.After == 0 {
		r.After = 1
	}
	if why := r.Valid(); why != "" {
		return &Refused{why}
	}
	all, err := s.store.AutoRules()
	if err != nil {
		return err
	}
	edit(&all)
	ev := audit.New(by, audit.SettingsAutotask, "autotask", fmt.Sprintf("automatic tickets for %s: %s", what, r.Describe()))
	return s.store.SaveAutoRules(all, ev)
}

func setRule(m map[uint64]AutoRule, id uint64, r *AutoRule) map[uint64]AutoRule {
	if m == nil {
		m = map[uint64]AutoRule{}
	}
	if r == nil {
		delete(m, id)
		return m
	}
	if r.On && r.After == 0 {
		r.After = 1
	}
	m[id] = *r
	return m
}
