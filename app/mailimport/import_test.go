package mailimport_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/storage"
)

type world struct {
	t    *testing.T
	st   *storage.Store
	svc  *mailimport.Service
	jobs *jobs.Service
	runs *runs.Service
	cust customers.Customer
}

func newWorld(t *testing.T) *world {
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cs := customers.NewService(st)
	c, _ := cs.Create("Praxis", audit.Actor{})
	w := &world{t: t, st: st, cust: c, jobs: jobs.NewService(st, func(uint64) error { return nil }), runs: runs.NewService(st)}
	w.svc = mailimport.NewService(st, w.jobs, w.runs)
	return w
}

func (w *world) mail(name string) []byte {
	raw, err := os.ReadFile("testdata/" + name)
	if err != nil {
		w.t.Fatal(err)
	}
	return raw
}

func (w *world) importMail(name string) mailimport.Result {
	w.t.Helper()
	res, err := w.svc.Import(w.mail(name), mailimport.Source{Folder: "INBOX", UID: 7})
	if err != nil {
		w.t.Fatal(err)
	}
	return res
}

func TestANewJobWaitsInTheInboxUntilApproved(t *testing.T) {
	w := newWorld(t)
	first := w.importMail("kantoor-1.eml")
	if first.Mail.State != mailimport.Pending || first.Mail.Outcome != mailimport.Parsed || first.NewRun {
		t.Fatalf("a report of an unknown job: %+v", first)
	}
	second := w.importMail("kantoor-2.eml")
	if second.Mail.State != mailimport.Pending {
		t.Fatal("the second report of the unknown job did not wait too")
	}
	inbox, _ := w.svc.Inbox("", "", "", 50)
	if len(inbox.Mails) != 2 || inbox.Mails[0].ID != second.Mail.ID {
		t.Fatalf("inbox newest first: %+v", inbox.Mails)
	}
	j, n, err := w.svc.Approve(first.Mail.ID, mailimport.Approval{CustomerID: w.cust.ID, JobName: "Kantoor (VMware)"}, audit.Actor{Name: "op"})
	if err != nil || n != 2 || j.Name != "Kantoor (VMware)" || j.Software != "Veeam Backup & Replication" {
		t.Fatalf("approve: %+v, %d mails, %v", j, n, err)
	}
	page, _ := w.runs.OfJob(j.ID, "", 10)
	if len(page.Runs) != 2 || !page.Runs[0].Time.Equal(time.Date(2026, 1, 13, 20, 0, 0, 0, time.UTC)) || len(page.Runs[0].Objects) != 2 {
		t.Fatalf("runs after approval: %+v", page.Runs)
	}
	if inbox, _ := w.svc.Inbox("", "", "", 50); len(inbox.Mails) != 0 {
		t.Fatalf("the approved job's mails are still in the Inbox: %d", len(inbox.Mails))
	}
	if _, _, err := w.svc.Approve(first.Mail.ID, mailimport.Approval{CustomerID: w.cust.ID}, audit.Actor{}); !errors.Is(err, mailimport.ErrNotPending) {
		t.Fatalf("approving twice: %v", err)
	}
	// Once the job exists, its next report becomes a run on arrival.
	raw := strings.ReplaceAll(string(w.mail("kantoor-2.eml")), "kantoor-2@", "kantoor-3@")
	third, err := w.svc.Import([]byte(strings.ReplaceAll(raw, "13 January 2026", "14 January 2026")), mailimport.Source{})
	if err != nil || third.Mail.State != mailimport.Imported || !third.NewRun {
		t.Fatalf("a report of a known job: %+v %v", third, err)
	}
}

func TestTheSameMessageIsImportedOnce(t *testing.T) {
	w := newWorld(t)
	w.importMail("kantoor-1.eml")
	again := w.importMail("kantoor-1.eml")
	if !again.Duplicate {
		t.Fatal("the same Message-ID was imported twice")
	}
	// Without a Message-ID the content decides.
	raw := strings.Replace(string(w.mail("not-a-report.eml")), "Message-ID: <fake@praxis.test>\r\n", "", 1)
	a, _ := w.svc.Import([]byte(raw), mailimport.Source{})
	b, _ := w.svc.Import([]byte(raw), mailimport.Source{})
	if a.Duplicate || !b.Duplicate || !strings.HasPrefix(a.Mail.Key, "sha256:") {
		t.Fatalf("content-hash dedupe: %+v / %+v", a.Mail, b)
	}
}

func TestUnrecognisedMailIsKeptWithItsReason(t *testing.T) {
	w := newWorld(t)
	res := w.importMail("not-a-report.eml")
	if res.Mail.State != mailimport.Pending || res.Mail.Outcome != mailimport.Unrecognised || !strings.Contains(res.Mail.Reason, "no parser recognised") {
		t.Fatalf("unrecognised mail: %+v", res.Mail)
	}
	raw, err := w.svc.Raw(res.Mail.ID)
	if err != nil || string(raw) != string(w.mail("not-a-report.eml")) {
		t.Fatal("the stored message differs from the one received")
	}
	if _, _, err := w.svc.Approve(res.Mail.ID, mailimport.Approval{CustomerID: w.cust.ID}, audit.Actor{}); !errors.Is(err, mailimport.ErrNoReport) {
		t.Fatalf("approving a mail without a report: %v", err)
	}
	if _, err := w.svc.Ignore(res.Mail.ID, audit.Actor{Name: "op"}); err != nil {
		t.Fatal(err)
	}
	if p, _ := w.svc.Inbox("", "", "", 10); len(p.Mails) != 0 {
		t.Fatal("an ignored mail is still in the Inbox")
	}
	if p, _ := w.svc.Inbox(mailimport.Ignored, "", "", 10); len(p.Mails) != 1 {
		t.Fatal("the ignored mail is not listed as ignored")
	}
	if _, err := w.svc.Unignore(res.Mail.ID, audit.Actor{Name: "op"}); err != nil {
		t.Fatal(err)
	}
}

func TestAMailTooLargeKeepsItsHeaders(t *testing.T) {
	w := newWorld(t)
	w.svc.MaxSize = func() int { return 1000 }
	res := w.importMail("kantoor-1.eml")
	if res.Mail.Outcome != mailimport.TooLarge || res.Mail.State != mailimport.Pending || res.Mail.Subject == "" {
		t.Fatalf("too large: %+v", res.Mail)
	}
	raw, _ := w.svc.Raw(res.Mail.ID)
	if len(raw) >= 1000 || !strings.Contains(string(raw), "Subject:") {
		t.Fatalf("kept %d bytes of a too-large mail", len(raw))
	}
}

// A crash after the mail was stored but before it was routed: seeing it
// again finishes the job instead of calling it a duplicate.
func TestACrashBetweenStoreAndRouteIsFinishedOnTheNextPoll(t *testing.T) {
	w := newWorld(t)
	first := w.importMail("kantoor-1.eml")
	w.svc.Approve(first.Mail.ID, mailimport.Approval{CustomerID: w.cust.ID}, audit.Actor{})
	raw := w.mail("kantoor-2.eml")
	if _, err := w.st.CreateMail(mailimport.Mail{Key: "msgid:kantoor-2@vbr.praxis.test", State: mailimport.New, Received: time.Now()}, raw); err != nil {
		t.Fatal(err)
	}
	res, err := w.svc.Import(raw, mailimport.Source{})
	if err != nil || res.Duplicate || res.Mail.State != mailimport.Imported || !res.NewRun {
		t.Fatalf("after the crash: %+v %v", res, err)
	}
}

func TestReparseAfterTheJobAppearsAndDelete(t *testing.T) {
	w := newWorld(t)
	first := w.importMail("kantoor-1.eml")
	// The job comes into being another way (Cove, or a merge) while the mail waits.
	if _, err := w.jobs.Create(jobs.NewJob{CustomerID: w.cust.ID, Source: jobs.Email, Name: "Kantoor", MatchKey: first.Mail.JobKey}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	runs, recognised, err := w.svc.ReparseAll()
	if err != nil || runs != 1 || recognised != 1 {
		t.Fatalf("reparse all: %d runs, %d recognised, %v", runs, recognised, err)
	}
	if m, _ := w.svc.Get(first.Mail.ID); m.State != mailimport.Imported {
		t.Fatalf("after reparse: %+v", m)
	}
	other := w.importMail("not-a-report.eml")
	if _, err := w.svc.Delete(other.Mail.ID, audit.Actor{Name: "admin"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Get(other.Mail.ID); !errors.Is(err, mailimport.ErrNotFound) {
		t.Fatal("the deleted mail is still there")
	}
	if _, err := w.svc.Raw(other.Mail.ID); !errors.Is(err, mailimport.ErrNotFound) {
		t.Fatal("the deleted mail's message is still stored")
	}
	p, _ := w.st.List(audit.Filter{Action: audit.MailDelete})
	if len(p.Events) != 1 || !strings.Contains(p.Events[0].Details, "vbr@praxis.test") {
		t.Fatalf("delete audit: %+v", p.Events)
	}
	// Deleted, it can be imported again if the mailbox still holds it.
	if again := w.importMail("not-a-report.eml"); again.Duplicate {
		t.Fatal("a deleted mail counts as imported")
	}
}
