package demo_test

import (
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/demo"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/runs"
)

// The demo's report mail came through the real import: recent email runs
// carry their original mail, the Inbox holds a recognised report of a job
// nobody made yet and unrecognised mail with its reason.
func TestDemoHasReportMail(t *testing.T) {
	a := newAppliance(t)
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	built, err := demo.Build(a, smallPlan(demo.DefaultSeed, "http://localhost:8080", now))
	if err != nil {
		t.Fatal(err)
	}
	defer built.Close()
	if built.Inbox.Recognised != 3 || built.Inbox.Unrecognised != 2 {
		t.Fatalf("Inbox %+v, want 3 recognised and 2 unrecognised mails", built.Inbox)
	}
	page, err := a.Mail.Inbox(mailimport.Pending, "", "", 100)
	if err != nil {
		t.Fatal(err)
	}
	recognised, unrecognised := 0, 0
	for _, m := range page.Mails {
		switch {
		case m.Outcome == mailimport.Parsed && strings.Contains(m.From, "zeeman"):
			recognised++
		case m.Outcome == mailimport.Unrecognised && m.Reason != "":
			unrecognised++
		default:
			t.Errorf("unexpected mail in the Inbox: %+v", m)
		}
	}
	if recognised != 3 || unrecognised != 2 {
		t.Fatalf("the Inbox holds %d recognised and %d unrecognised mails with a reason, want 3 and 2", recognised, unrecognised)
	}

	all, _ := a.Jobs.List(jobs.Filter{}, func(uint64) string { return "" })
	withMail, without := 0, 0
	for _, j := range all {
		if j.Source != jobs.Email {
			continue
		}
		p, err := a.Runs.OfJob(j.ID, "", 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Runs {
			if r.Time.Before(now.AddDate(0, 0, -6)) || r.Source != runs.FromEmail {
				continue
			}
			m, err := a.Mail.OfRun(r.ExternalID)
			if err != nil {
				without++
				continue
			}
			if raw, err := a.Mail.Raw(m.ID); err != nil || len(raw) == 0 {
				t.Fatalf("run %d's mail %d has no original: %v", r.ID, m.ID, err)
			}
			withMail++
		}
	}
	if withMail == 0 || without > 0 {
		t.Fatalf("of the last days' email runs %d carry their mail and %d do not", withMail, without)
	}
}
