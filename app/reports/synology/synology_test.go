package synology

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/backupchecks/backupchecks/app/reports/report"
	"github.com/backupchecks/backupchecks/app/reports/reporttest"
)

func TestGolden(t *testing.T)     { reporttest.Golden(t, Parser, "testdata", 5) }
func TestAcceptance(t *testing.T) { reporttest.Acceptance(t, Parser, "synology") }

// FuzzParse: any mail, no panic, and a recognised result keeps the contract.
func FuzzParse(f *testing.F) {
	reporttest.Seeds(f, "testdata")
	f.Fuzz(func(t *testing.T, raw []byte) { reporttest.Fuzz(t, Parser, raw) })
}

// TestNoPanic feeds cut-off mails and fragments of the report's markers.
func TestNoPanic(t *testing.T) {
	reporttest.Truncated(t, parse, "testdata")
	for _, s := range []string{"", "Synology", "Task name:", "Device  Status\n", "  Device  Status  Details\nx\n",
		"Synology\nTask name: x\nBackup task x on y failed\nDevice  Status\na  b  c  d  e\n\u00e4  \u00f6\n",
		"<table><tr><th>Device</th><th>Status</th></tr><tr></tr><tr><td>a</td></tr></table>"} {
		parse(&report.Message{Text: s, HTML: s, Subject: s})
	}
}

// TestEachPartAlone: both MIME parts carry the whole report, so either
// alone must give the same result.
func TestEachPartAlone(t *testing.T) {
	mails, _ := filepath.Glob("testdata/*.eml")
	for _, path := range mails {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		m, err := report.Decode(raw)
		if err != nil {
			t.Fatal(err)
		}
		want, wantOK := parse(m)
		if !wantOK || m.Text == "" || m.HTML == "" {
			continue
		}
		for name, only := range map[string]report.Message{"text": {Text: m.Text}, "html": {HTML: m.HTML}} {
			only.Subject, only.Date = m.Subject, m.Date
			if got, ok := parse(&only); !ok || !reflect.DeepEqual(got, want) {
				t.Errorf("%s: the %s part alone gives %+v", filepath.Base(path), name, got)
			}
		}
	}
}
