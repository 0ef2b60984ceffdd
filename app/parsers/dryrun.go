package parsers

import (
	"errors"
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/reports"
	"github.com/backupchecks/backupchecks/app/reports/report"
	"github.com/backupchecks/backupchecks/app/reports/rules"
)

// Limits of a dry run: it reads stored messages, so it stays within what
// answers in about a second on a small appliance.
const (
	TryWindow = 30 * 24 * time.Hour
	TryMails  = 2000 // most recent mails read
	TryShown  = 200  // claimed mails listed
)

// Claim is one stored mail a rule would claim: what it is now and what the
// rule makes of it.
type Claim struct {
	Mail mailimport.Mail
	Now  report.Result // the current parse result (without this rule)
	With report.Result // the result with this rule
}

// DryRun is what a rule would do to the recent stored mails.
type DryRun struct {
	Read    int     // mails read
	Claims  []Claim // up to TryShown, newest first
	Claimed int     // all mails the rule would claim
	Pending int     // of which waiting in the Inbox
	// Kept counts mails the rule matches but a built-in parser (or an
	// earlier rule) recognises: rules never take those.
	Kept int
	// Window and Capped say what was read: the last Window, or only the
	// last TryMails mails of it when Capped.
	Window time.Duration
	Capped bool
}

// Try runs a rule, saved or not, over the recent stored mails.
func (s *Service) Try(r rules.Rule) (DryRun, error) {
	candidate, err := r.Parser()
	if err != nil {
		return DryRun{}, err
	}
	others, with, err := s.lineups(r, candidate)
	if err != nil {
		return DryRun{}, err
	}
	run := DryRun{Window: TryWindow}
	var mails []mailimport.Mail
	err = s.store.RecentMails(s.Now().Add(-TryWindow), func(m mailimport.Mail) bool {
		if len(mails) == TryMails {
			run.Capped = true
			return false
		}
		if m.Outcome != mailimport.TooLarge && m.Outcome != mailimport.Unreadable && m.RawRemoved.IsZero() {
			mails = append(mails, m)
		}
		return true
	})
	if err != nil {
		return run, err
	}
	for _, m := range mails {
		raw, err := s.store.RawMail(m.ID)
		if err != nil {
			return run, fmt.Errorf("mail %d: %w", m.ID, err)
		}
		msg, err := report.Decode(raw)
		if err != nil {
			continue // stored as unreadable before: nothing to claim
		}
		run.Read++
		after := reports.ParseMessageWith(msg, with)
		if after.Parser != candidate.Name {
			if matchesAlone(msg, candidate) {
				run.Kept++
			}
			continue
		}
		run.Claimed++
		if m.State == mailimport.Pending {
			run.Pending++
		}
		if len(run.Claims) < TryShown {
			run.Claims = append(run.Claims, Claim{Mail: m, Now: reports.ParseMessageWith(msg, others), With: after})
		}
	}
	return run, nil
}

// lineups returns the stored rules without r, and with r in its place
// (or last, for a new rule).
func (s *Service) lineups(r rules.Rule, candidate report.Parser) (others, with []report.Parser, err error) {
	list, err := s.Rules()
	if err != nil {
		return nil, nil, err
	}
	placed := false
	for _, o := range list {
		if o.ID == r.ID && r.ID != 0 {
			with, placed = append(with, candidate), true
			continue
		}
		p, err := o.Parser()
		if err != nil {
			continue // a broken stored rule is skipped by the import too
		}
		others, with = append(others, p), append(with, p)
	}
	if !placed {
		with = append(with, candidate)
	}
	return others, with, nil
}

func matchesAlone(m *report.Message, p report.Parser) bool {
	for _, c := range m.Candidates() {
		if _, ok := p.Parse(c); ok {
			return true
		}
	}
	return false
}

// ReparseClaimed parses again the Inbox mails a saved rule now claims
// (after an edit, too), so they become runs of known jobs or wait with the
// rule's result; it
// returns how many were parsed again and how many of those became runs.
func (s *Service) ReparseClaimed(id uint64) (reparsed, newRuns int, err error) {
	r, err := s.Rule(id)
	if err != nil {
		return 0, 0, err
	}
	name, lineup := "rule: "+r.Name, s.Compiled()
	var claimed []uint64
	for before := ""; ; {
		page, err := s.mail.Inbox(mailimport.Pending, "", before, 200)
		if err != nil {
			return 0, 0, err
		}
		for _, m := range page.Mails {
			if raw, err := s.store.RawMail(m.ID); err == nil {
				if msg, err := report.Decode(raw); err == nil && reports.ParseMessageWith(msg, lineup).Parser == name {
					claimed = append(claimed, m.ID)
				}
			}
		}
		if before = page.Next; before == "" {
			break
		}
	}
	for _, id := range claimed {
		res, err := s.mail.Reparse(id)
		if errors.Is(err, mailimport.ErrNotPending) {
			continue // approved or ignored meanwhile
		}
		if err != nil {
			return reparsed, newRuns, fmt.Errorf("mail %d: %w", id, err)
		}
		reparsed++
		if res.NewRun {
			newRuns++
		}
	}
	return reparsed, newRuns, nil
}
