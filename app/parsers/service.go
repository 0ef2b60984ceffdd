// Package parsers holds what an admin sees and does under Settings →
// Parsers: the ordered list of built-in parsers and the admin's own rules
// with what each recognised lately, editing the rules (tried on stored
// mail before they are saved), sharing them as JSON, and trying a mail.
package parsers

import (
	"errors"
	"sort"
	"sync"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/reports/report"
	"github.com/backupchecks/backupchecks/app/reports/rules"
)

// ErrNotFound means no rule has that ID.
var ErrNotFound = errors.New("rule not found")

// Store persists rules and reads the stored mails they are tried on.
type Store interface {
	Rules() ([]rules.Rule, error)
	// SaveRules creates the rules without an ID, replaces the others and
	// deletes those in remove, with ev, in one transaction.
	SaveRules(list []rules.Rule, remove []uint64, ev audit.Event) ([]rules.Rule, error)
	// RecentMails visits mails imported since the given time, newest
	// first, until visit returns false.
	RecentMails(since time.Time, visit func(mailimport.Mail) bool) error
	// RecognisedSince counts the mails each parser recognised, and those
	// none did, received since the given time.
	RecognisedSince(since time.Time) (counts map[string]int, unrecognised int, err error)
	RawMail(id uint64) ([]byte, error)
}

// Service holds the parser use cases.
type Service struct {
	store Store
	mail  *mailimport.Service
	Now   func() time.Time

	// compiled caches the rules as parsers for the mail import, which asks
	// for every mail; saveRules, the only way rules change, clears it.
	mu       sync.Mutex
	compiled []report.Parser
	loaded   bool
}

// NewService wires the parser use cases; mail re-parses Inbox mails a new
// rule claims.
func NewService(s Store, mail *mailimport.Service) *Service {
	return &Service{store: s, mail: mail, Now: time.Now}
}

// Rules returns the stored rules in their order.
func (s *Service) Rules() ([]rules.Rule, error) {
	list, err := s.store.Rules()
	if err != nil {
		return nil, err
	}
	sort.SliceStable(list, func(a, b int) bool {
		if list[a].Position != list[b].Position {
			return list[a].Position < list[b].Position
		}
		return list[a].ID < list[b].ID
	})
	return list, nil
}

// Rule returns one rule.
func (s *Service) Rule(id uint64) (rules.Rule, error) {
	list, err := s.store.Rules()
	if err != nil {
		return rules.Rule{}, err
	}
	if r, ok := find(list, id); ok {
		return r, nil
	}
	return rules.Rule{}, ErrNotFound
}

// Compiled returns the rules as parsers, in order, for the mail import.
// They are read and compiled once, and again after a rule changed. A
// stored rule that no longer validates is left out rather than stopping
// the import.
func (s *Service) Compiled() []report.Parser {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.loaded {
		return s.compiled
	}
	list, err := s.Rules()
	if err != nil {
		return s.compiled // keep the last good set through a read error; try again next time
	}
	out := make([]report.Parser, 0, len(list))
	for _, r := range list {
		if p, err := r.Parser(); err == nil {
			out = append(out, p)
		}
	}
	s.compiled, s.loaded = out, true
	return out
}

// saveRules writes rules through the store and makes the import compile
// them again.
func (s *Service) saveRules(list []rules.Rule, remove []uint64, ev audit.Event) ([]rules.Rule, error) {
	saved, err := s.store.SaveRules(list, remove, ev)
	s.mu.Lock()
	s.loaded = false // even after an error: part of it may have been written
	s.mu.Unlock()
	return saved, err
}
