package parsers_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/parsers"
	"github.com/backupchecks/backupchecks/app/reports"
	"github.com/backupchecks/backupchecks/app/reports/report"
	"github.com/backupchecks/backupchecks/app/reports/rules"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/storage"
)

var admin = audit.Actor{Name: "admin", IP: "127.0.0.1"}

type world struct {
	t     testing.TB
	st    *storage.Store
	mail  *mailimport.Service
	rules *parsers.Service
}

func newWorld(t testing.TB) *world {
	t.Helper()
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	js := jobs.NewService(st, func(uint64) error { return nil })
	w := &world{t: t, st: st, mail: mailimport.NewService(st, js, runs.NewService(st))}
	w.rules = parsers.NewService(st, w.mail)
	w.mail.Rules = w.rules.Compiled
	return w
}

func (w *world) importFile(path string) mailimport.Mail {
	w.t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		w.t.Fatal(err)
	}
	res, err := w.mail.Import(raw, mailimport.Source{Folder: "INBOX"})
	if err != nil {
		w.t.Fatal(err)
	}
	return res.Mail
}

// rsync is the rule an MSP would write for its home-made rsync script.
func rsync() rules.Rule {
	return rules.Rule{
		Name: "rsync script", Software: "rsync", Type: "Script",
		Sender: rules.Match{Pattern: "@nas01.example"}, Subject: rules.Match{Regex: true, Pattern: `^rsync backup `},
		JobIn: "subject", JobRegex: `rsync backup (\S+):`,
		Failure: rules.Match{Pattern: "rsync error"}, Warning: rules.Match{Regex: true, Pattern: `WARNING|vanished`},
		Success: rules.Match{Pattern: "finished"},
	}
}

func TestSavedRuleRecognisesNewMailAfterTheBuiltInParsers(t *testing.T) {
	w := newWorld(t)
	if m := w.importFile("testdata/rsync-ok.eml"); m.Outcome != mailimport.Unrecognised {
		t.Fatalf("without a rule the script's mail is %s", m.Outcome)
	}
	if _, err := w.rules.Save(rsync(), admin); err != nil {
		t.Fatal(err)
	}
	for file, status := range map[string]string{"rsync-failed.eml": report.Failed, "rsync-partial.eml": report.Warning} {
		m := w.importFile("testdata/" + file)
		if m.Report == nil || m.Report.Parser != "rule: rsync script" || m.Report.Status != status || m.Report.Job != "NAS01-Daily" || m.Report.Software != "rsync" {
			t.Fatalf("%s with the rule: %+v %+v", file, m, m.Report)
		}
	}
}

func TestDryRunShowsWhatTheRuleClaimsAndWhatBuiltInParsersKeep(t *testing.T) {
	w := newWorld(t)
	w.importFile("testdata/rsync-ok.eml")
	w.importFile("testdata/rsync-failed.eml")
	w.importFile("../mailimport/testdata/kantoor-1.eml") // a Veeam report
	w.importFile("../mailimport/testdata/not-a-report.eml")

	greedy := rsync()
	greedy.Sender, greedy.Subject = rules.Match{}, rules.Match{Regex: true, Pattern: `.`}
	greedy.JobRegex, greedy.NoMatch = `^(.+)$`, report.Success
	run, err := w.rules.Try(greedy)
	if err != nil {
		t.Fatal(err)
	}
	if run.Read != 4 || run.Claimed != 3 || run.Pending != 3 || run.Kept != 1 || len(run.Claims) != 3 {
		t.Fatalf("greedy dry run: read %d, claimed %d, pending %d, kept %d", run.Read, run.Claimed, run.Pending, run.Kept)
	}
	for _, c := range run.Claims {
		if c.Now.Recognised || !c.With.Recognised || c.With.Parser != "rule: rsync script" {
			t.Fatalf("claim of %q: now %+v, with %+v", c.Mail.Subject, c.Now, c.With)
		}
		if c.Mail.Report != nil {
			t.Fatalf("the rule took %q from the built-in parser %s", c.Mail.Subject, c.Mail.Report.Parser)
		}
	}
	if stored, _ := w.rules.Rules(); len(stored) != 0 {
		t.Fatal("a dry run saved the rule")
	}
}

func TestSavingOffersToParseTheInboxMailsTheRuleClaimsAgain(t *testing.T) {
	w := newWorld(t)
	ok := w.importFile("testdata/rsync-ok.eml")
	w.importFile("testdata/rsync-failed.eml")
	other := w.importFile("../mailimport/testdata/not-a-report.eml")
	r, err := w.rules.Save(rsync(), admin)
	if err != nil {
		t.Fatal(err)
	}
	n, runs, err := w.rules.ReparseClaimed(r.ID)
	if err != nil || n != 2 || runs != 0 {
		t.Fatalf("re-parsed %d (%d runs), %v", n, runs, err)
	}
	m, _ := w.mail.Get(ok.ID)
	if m.State != mailimport.Pending || m.Report == nil || m.Report.Status != report.Success || m.JobKey == "" {
		t.Fatalf("the script's mail after re-parsing: %+v", m)
	}
	if m, _ := w.mail.Get(other.ID); m.Outcome != mailimport.Unrecognised {
		t.Fatalf("an unrelated mail changed: %+v", m)
	}
	// Editing the rule and re-parsing updates the result the Inbox shows.
	r.Success = rules.Match{Pattern: "no such words"}
	r.NoMatch = report.Warning
	if _, err := w.rules.Save(r, admin); err != nil {
		t.Fatal(err)
	}
	if n, _, _ := w.rules.ReparseClaimed(r.ID); n != 2 {
		t.Fatalf("after the edit %d mails were parsed again", n)
	}
	if m, _ := w.mail.Get(ok.ID); m.Report.Status != report.Warning {
		t.Fatalf("after the edit the mail is %s", m.Report.Status)
	}
}

func TestListShowsBuiltInsThenRulesWithRecentCounts(t *testing.T) {
	w := newWorld(t)
	a, _ := w.rules.Save(rsync(), admin)
	b := rsync()
	b.Name, b.Sender = "second", rules.Match{Pattern: "@elsewhere.example"}
	second, err := w.rules.Save(b, admin)
	if err != nil {
		t.Fatal(err)
	}
	w.importFile("testdata/rsync-ok.eml")
	w.importFile("testdata/rsync-failed.eml")
	w.importFile("../mailimport/testdata/kantoor-1.eml")
	w.importFile("../mailimport/testdata/not-a-report.eml")

	ov, err := w.rules.List()
	if err != nil {
		t.Fatal(err)
	}
	n := len(reports.Parsers)
	if len(ov.Entries) != n+2 || ov.Entries[n].Rule.ID != a.ID || ov.Entries[n+1].Order != n+2 || ov.Unrecognised != 1 {
		t.Fatalf("list: %d entries, unrecognised %d", len(ov.Entries), ov.Unrecognised)
	}
	counts := map[string]int{}
	for _, e := range ov.Entries {
		counts[e.Name] = e.Recent
		if e.Recognises == "" {
			t.Errorf("%s says nothing about what it recognises", e.Name)
		}
	}
	if counts["veeam-vbr"] != 1 || counts["rule: rsync script"] != 2 || counts["rule: second"] != 0 {
		t.Fatalf("counts: %v", counts)
	}
	// A mail older than the window is not counted.
	w.rules.Now = func() time.Time { return time.Now().Add(parsers.CountWindow + 48*time.Hour) }
	if ov, _ := w.rules.List(); ov.Entries[0].Recent != 0 {
		t.Fatal("a mail older than 30 days was counted")
	}

	if err := w.rules.Move(second.ID, true, admin); err != nil {
		t.Fatal(err)
	}
	if list, _ := w.rules.Rules(); list[0].ID != second.ID || list[1].ID != a.ID {
		t.Fatalf("after moving up: %v then %v", list[0].Name, list[1].Name)
	}
}

func TestRuleNamesAreUniqueAndInvalidRulesAreRefused(t *testing.T) {
	w := newWorld(t)
	if _, err := w.rules.Save(rsync(), admin); err != nil {
		t.Fatal(err)
	}
	dup := rsync()
	dup.Name = "RSYNC Script"
	if _, err := w.rules.Save(dup, admin); err != parsers.ErrNameTaken {
		t.Fatalf("a second rule of the same name: %v", err)
	}
	bad := rsync()
	bad.Name, bad.JobRegex = "bad", `rsync backup \S+`
	if _, err := w.rules.Save(bad, admin); err == nil || !strings.Contains(err.Error(), "group") {
		t.Fatalf("a job pattern without a group: %v", err)
	}
}

func TestRulesTravelAsJSON(t *testing.T) {
	from := newWorld(t)
	from.rules.Save(rsync(), admin)
	b := rsync()
	b.Name = "other"
	from.rules.Save(b, admin)
	file, err := from.rules.Export()
	if err != nil || !strings.Contains(string(file), `"format": "backupchecks-rules/1"`) || strings.Contains(string(file), `"id"`) {
		t.Fatalf("export: %s %v", file, err)
	}

	to := newWorld(t)
	res, err := to.rules.Import(file, admin)
	if err != nil || res.Added != 2 || res.Updated != 0 {
		t.Fatalf("import: %+v %v", res, err)
	}
	res, err = to.rules.Import(file, admin)
	if list, _ := to.rules.Rules(); err != nil || res.Updated != 2 || len(list) != 2 || list[0].Name != "rsync script" {
		t.Fatalf("importing again: %+v, %d rules, %v", res, len(list), err)
	}
	broken := strings.Replace(string(file), `"job_regex": "rsync backup (\\S+):"`, `"job_regex": "("`, 1)
	if _, err := newWorld(t).rules.Import([]byte(broken), admin); err == nil || !strings.Contains(err.Error(), "rule 1") {
		t.Fatalf("a file with a broken rule: %v", err)
	}
	if _, err := to.rules.Import([]byte(`{"rules":[]}`), admin); err == nil {
		t.Fatal("any JSON was taken for a rules file")
	}
}
