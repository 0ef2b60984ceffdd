package parsers

import (
	"time"

	"github.com/backupchecks/backupchecks/app/reports"
	"github.com/backupchecks/backupchecks/app/reports/report"
	"github.com/backupchecks/backupchecks/app/reports/rules"
)

// CountWindow is how far back the list counts recognised mails.
const CountWindow = 30 * 24 * time.Hour

// Entry is one line of the list of parsers, in the order they are tried.
type Entry struct {
	Order      int
	Name       string
	Recognises string
	Recent     int         // mails it recognised within CountWindow
	Rule       *rules.Rule // nil for a built-in parser
	Broken     string      // why a stored rule is skipped, if it is
}

// Overview is the list of parsers and what the mail import saw lately.
type Overview struct {
	Entries      []Entry
	Unrecognised int // mails within CountWindow no parser recognised
}

// List returns the built-in parsers and then the rules, each with the
// mails it recognised within CountWindow.
func (s *Service) List() (Overview, error) {
	list, err := s.Rules()
	if err != nil {
		return Overview{}, err
	}
	var ov Overview
	counts, unrecognised, err := s.store.RecognisedSince(s.Now().Add(-CountWindow))
	if err != nil {
		return Overview{}, err
	}
	ov.Unrecognised = unrecognised
	for _, p := range reports.Parsers {
		ov.Entries = append(ov.Entries, Entry{Order: len(ov.Entries) + 1, Name: p.Name, Recognises: p.Recognises, Recent: counts[p.Name]})
	}
	for i := range list {
		r := &list[i]
		e := Entry{Order: len(ov.Entries) + 1, Name: "rule: " + r.Name, Recognises: r.Describe(), Rule: r}
		if err := r.Validate(); err != nil {
			e.Broken = err.Error()
		}
		e.Recent = counts[e.Name]
		ov.Entries = append(ov.Entries, e)
	}
	return ov, nil
}

// Test parses an uploaded mail as the import would, rules included, and
// returns the result the parse command prints.
func (s *Service) Test(raw []byte) (report.Result, error) {
	m, err := report.Decode(raw)
	if err != nil {
		return report.Result{}, err
	}
	return reports.ParseMessageWith(m, s.Compiled()), nil
}
