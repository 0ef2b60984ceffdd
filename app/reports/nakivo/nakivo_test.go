package nakivo

import (
	"testing"

	"github.com/backupchecks/backupchecks/app/reports/report"
	"github.com/backupchecks/backupchecks/app/reports/reporttest"
)

func TestGolden(t *testing.T)     { reporttest.Golden(t, Parser, "testdata", 3) }
func TestAcceptance(t *testing.T) { reporttest.Acceptance(t, Parser, "nakivo") }

// FuzzParse: any mail, no panic, and a recognised result keeps the contract.
func FuzzParse(f *testing.F) {
	reporttest.Seeds(f, "testdata")
	f.Fuzz(func(t *testing.T, raw []byte) { reporttest.Fuzz(t, Parser, raw) })
}

// TestNoPanic feeds cut-off mails and fragments of the report's markers.
func TestNoPanic(t *testing.T) {
	reporttest.Truncated(t, parse, "testdata")
	for _, s := range []string{"", "NAKIVO", "NAKIVO Backup &amp; Replication<table><tr><td>Job name</td><td>x</td></tr></table>",
		"NAKIVO Backup & Replication<table><tr><td>Job name</td><td>x</td></tr><tr><td>Job type</td><td>Backup job</td></tr>" +
			"<tr><td>Status</td><td>Failed</td></tr><tr><td>Started</td><td>99 Foo 2026 99:99</td></tr></table>" +
			"<table><tr><th>Message</th><th>Status</th><th>VM</th></tr><tr><td>a</td></tr><tr></tr></table>"} {
		parse(&report.Message{Text: s, HTML: s, Subject: s})
	}
}
