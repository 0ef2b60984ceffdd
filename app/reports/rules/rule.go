// Package rules holds the parsers an admin defines for products nobody
// wrote a parser for: match a mail by sender and subject, take the job name
// with a regular expression, and decide the status from patterns checked
// in the order failure, warning, success. Rules come after the built-in
// parsers and never see a mail one of those recognises.
package rules

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/backupchecks/backupchecks/app/reports/report"
)

// Match is a text condition: contains (case-insensitive) or a regular
// expression. An empty pattern matches everything.
type Match struct {
	Regex   bool   `json:"regex,omitempty"`
	Pattern string `json:"pattern,omitempty"`
}

func (m Match) compile() (func(string) bool, error) {
	if m.Pattern == "" {
		return func(string) bool { return true }, nil
	}
	if !m.Regex {
		p := strings.ToLower(m.Pattern)
		return func(s string) bool { return strings.Contains(strings.ToLower(s), p) }, nil
	}
	re, err := regexp.Compile("(?i)" + m.Pattern)
	if err != nil {
		return nil, err
	}
	return re.MatchString, nil
}

// Rule is one admin-defined parser.
type Rule struct {
	ID       uint64 `json:"id,omitempty"`
	Name     string `json:"name"`
	Software string `json:"software"`
	Type     string `json:"type"`
	Sender   Match  `json:"sender"`
	Subject  Match  `json:"subject"`
	// JobIn is where the job name is found ("subject" or "body"), JobRegex
	// the regular expression whose first group is the name.
	JobIn    string `json:"job_in"`
	JobRegex string `json:"job_regex"`
	Failure  Match  `json:"failure"`
	Warning  Match  `json:"warning"`
	Success  Match  `json:"success"`
	// NoMatch is the status when no pattern matches: success, warning,
	// failed, or "" for "not this rule's mail".
	NoMatch string `json:"no_match,omitempty"`
	// Position orders the rules among themselves (lowest first); all of
	// them come after the built-in parsers.
	Position int `json:"position,omitempty"`
}

// Describe says in words which mails the rule claims, for the list of
// parsers.
func (r Rule) Describe() string {
	var parts []string
	for _, c := range []struct {
		what string
		m    Match
	}{{"sender", r.Sender}, {"subject", r.Subject}} {
		switch {
		case c.m.Pattern == "":
		case c.m.Regex:
			parts = append(parts, fmt.Sprintf("%s matches /%s/", c.what, c.m.Pattern))
		default:
			parts = append(parts, fmt.Sprintf("%s contains %q", c.what, c.m.Pattern))
		}
	}
	return strings.Join(parts, " and ") + fmt.Sprintf("; job name from the %s by /%s/", r.JobIn, r.JobRegex)
}

// ErrInvalid explains what is wrong with a rule.
type ErrInvalid struct{ Field, Reason string }

func (e *ErrInvalid) Error() string { return e.Reason }

// Validate checks the rule before it is saved or tried.
func (r *Rule) Validate() error {
	r.Name, r.Software, r.Type = strings.TrimSpace(r.Name), strings.TrimSpace(r.Software), strings.TrimSpace(r.Type)
	bad := func(field, reason string) error { return &ErrInvalid{field, reason} }
	switch {
	case r.Name == "":
		return bad("name", "Give the rule a name.")
	case r.Software == "" || r.Type == "":
		return bad("software", "Enter the software and type the runs are filed under.")
	case r.Sender.Pattern == "" && r.Subject.Pattern == "":
		return bad("sender", "Match at least the sender or the subject, so the rule does not claim every mail.")
	case r.JobIn != "subject" && r.JobIn != "body":
		return bad("job_in", "Take the job name from the subject or the body.")
	case r.Failure.Pattern == "" && r.Warning.Pattern == "" && r.Success.Pattern == "":
		return bad("success", "Enter at least one status pattern.")
	}
	switch r.NoMatch {
	case "", report.Success, report.Warning, report.Failed:
	default:
		return bad("no_match", "Choose what no matching pattern means.")
	}
	re, err := regexp.Compile(r.JobRegex)
	if err != nil {
		return bad("job_regex", "The job name pattern is not a valid regular expression: "+err.Error())
	}
	if re.NumSubexp() < 1 {
		return bad("job_regex", "The job name pattern needs a group in parentheses around the name.")
	}
	for field, m := range map[string]Match{"sender": r.Sender, "subject": r.Subject, "failure": r.Failure, "warning": r.Warning, "success": r.Success} {
		if _, err := m.compile(); err != nil {
			return bad(field, fmt.Sprintf("The %s pattern is not a valid regular expression: %v", field, err))
		}
	}
	return nil
}

// Parser turns a valid rule into a registry entry named "rule: <name>".
func (r Rule) Parser() (report.Parser, error) {
	if err := r.Validate(); err != nil {
		return report.Parser{}, err
	}
	sender, _ := r.Sender.compile()
	subject, _ := r.Subject.compile()
	job := regexp.MustCompile(r.JobRegex)
	type check struct {
		status string
		match  func(string) bool
	}
	var checks []check // failure first: a "completed with errors" mail is not a success
	for _, c := range []struct {
		status string
		m      Match
	}{{report.Failed, r.Failure}, {report.Warning, r.Warning}, {report.Success, r.Success}} {
		if c.m.Pattern != "" {
			f, _ := c.m.compile()
			checks = append(checks, check{c.status, f})
		}
	}
	parse := func(m *report.Message) (report.Result, bool) {
		if !sender(m.From) || !subject(m.Subject) {
			return report.Result{}, false
		}
		body := m.Text
		if body == "" && m.HTML != "" {
			if doc, err := report.HTML(m.HTML); err == nil {
				body = doc.Text()
			}
		}
		where := m.Subject
		if r.JobIn == "body" {
			where = body
		}
		g := job.FindStringSubmatch(where)
		if len(g) < 2 || report.Clean(g[1]) == "" {
			return report.Result{}, false
		}
		status := r.NoMatch
		for _, c := range checks {
			if c.match(m.Subject) || c.match(body) {
				status = c.status
				break
			}
		}
		if status == "" {
			return report.Result{}, false
		}
		return report.Result{Software: r.Software, Type: r.Type, Job: report.Clean(g[1]), Status: status, Objects: []report.Object{}}, true
	}
	return report.Parser{Name: "rule: " + r.Name, Recognises: r.Describe(), Parse: parse}, nil
}
