package rules_test

import (
	"os"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/reports"
	"github.com/backupchecks/backupchecks/app/reports/report"
	"github.com/backupchecks/backupchecks/app/reports/rules"
)

var nasRule = rules.Rule{
	Name: "Homemade NAS script", Software: "rsync script", Type: "Backup Job",
	Sender:  rules.Match{Pattern: "@nas.example"},
	Subject: rules.Match{Regex: true, Pattern: `^Backup (report|result)`},
	JobIn:   "subject", JobRegex: `^Backup \w+ for (.+)$`,
	Failure: rules.Match{Regex: true, Pattern: `\b(error|failed)\b`},
	Warning: rules.Match{Pattern: "skipped"},
	Success: rules.Match{Pattern: "completed"},
}

func mail(from, subject, body string) *report.Message {
	return &report.Message{From: from, Subject: subject, Text: body, Date: time.Date(2026, 11, 1, 3, 0, 0, 0, time.UTC)}
}

func TestRuleParses(t *testing.T) {
	p, err := nasRule.Parser()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name       string
		m          *report.Message
		ok         bool
		job, state string
	}{
		{"success", mail("cron@nas.example", "Backup report for Office share", "rsync completed, 120 files"), true, "Office share", "success"},
		{"failure wins over success", mail("cron@nas.example", "Backup report for Office share", "completed with error: disk full"), true, "Office share", "failed"},
		{"warning", mail("cron@nas.example", "Backup result for Photos", "3 files skipped; completed"), true, "Photos", "warning"},
		{"another sender", mail("cron@other.example", "Backup report for Office share", "completed"), false, "", ""},
		{"subject does not match", mail("cron@nas.example", "Disk space warning", "completed"), false, "", ""},
		{"no job name", mail("cron@nas.example", "Backup report", "completed"), false, "", ""},
		{"no pattern and no default: not this rule's", mail("cron@nas.example", "Backup report for X", "nothing to say"), false, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, ok := p.Parse(c.m)
			if ok != c.ok || (ok && (r.Job != c.job || r.Status != c.state || r.Software != "rsync script")) {
				t.Fatalf("got %v %+v", ok, r)
			}
		})
	}
	withDefault := nasRule
	withDefault.NoMatch = report.Warning
	p2, _ := withDefault.Parser()
	if r, ok := p2.Parse(mail("cron@nas.example", "Backup report for X", "nothing to say")); !ok || r.Status != report.Warning {
		t.Fatalf("no pattern with a default: %v %+v", ok, r)
	}
}

func TestRuleValidation(t *testing.T) {
	for name, edit := range map[string]func(*rules.Rule){
		"no name":              func(r *rules.Rule) { r.Name = " " },
		"claims every mail":    func(r *rules.Rule) { r.Sender.Pattern, r.Subject.Pattern = "", "" },
		"no group for the job": func(r *rules.Rule) { r.JobRegex = `^Backup .+$` },
		"broken job regex":     func(r *rules.Rule) { r.JobRegex = `(` },
		"broken status regex":  func(r *rules.Rule) { r.Failure = rules.Match{Regex: true, Pattern: `[`} },
		"no status pattern":    func(r *rules.Rule) { r.Failure, r.Warning, r.Success = rules.Match{}, rules.Match{}, rules.Match{} },
		"unknown default":      func(r *rules.Rule) { r.NoMatch = "maybe" },
	} {
		r := nasRule
		edit(&r)
		if err := r.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// A rule never takes a mail a built-in parser recognises, even one that
// matches its sender, subject and patterns.
func TestRulesComeAfterBuiltInParsers(t *testing.T) {
	raw, err := os.ReadFile("../veeam/testdata/vbr/success-2vms-en.eml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := report.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	greedy := rules.Rule{Name: "greedy", Software: "x", Type: "y", Sender: rules.Match{Pattern: "@"}, JobIn: "subject", JobRegex: `(.+)`, Success: rules.Match{Pattern: "success"}}
	p, err := greedy.Parser()
	if err != nil {
		t.Fatal(err)
	}
	if res := reports.ParseMessageWith(m, []report.Parser{p}); res.Parser != "veeam-vbr" {
		t.Fatalf("the rule stole a Veeam report: %s", res.Parser)
	}
	other, _ := report.Decode([]byte("From: a@b.example\r\nSubject: [Success] nightly\r\n\r\nall done, success\r\n"))
	if res := reports.ParseMessageWith(other, []report.Parser{p}); res.Parser != "rule: greedy" || res.Job != "[Success] nightly" {
		t.Fatalf("the rule did not take a mail no parser knows: %+v", res)
	}
}
