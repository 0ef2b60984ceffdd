package appliance_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/integrations/imapmail"
	"github.com/backupchecks/backupchecks/integrations/imapmail/imaptest"
	"github.com/backupchecks/backupchecks/storage"
)

func testMail(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile("../mailimport/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func pollOnce(t *testing.T, a *appliance.Appliance, st *storage.Store, s *imaptest.Server, cfg mailimport.PollConfig) mailimport.PollResult {
	t.Helper()
	mb, closeFn, err := appliance.OpenMailbox(imapmail.Config{Addr: s.Addr, Security: imapmail.None, Username: s.Username, Password: s.Password})
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	res, _ := a.Mail.Poll(mb, st, cfg)
	return res
}

func newAppliance(t *testing.T) (*appliance.Appliance, *storage.Store) {
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	a, err := appliance.New(st, appliance.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return a, st
}

// A poll against a real IMAP conversation: new reports go to the Inbox and
// the processed folder, a second poll finds nothing, and once the job is
// approved its next report becomes a run.
func TestPollImportsAndMoves(t *testing.T) {
	a, st := newAppliance(t)
	s := imaptest.Start(t, imaptest.Options{})
	cfg := mailimport.PollConfig{Folder: "INBOX", Processed: "Backupchecks/Processed"}
	s.Append(t, "INBOX", testMail(t, "kantoor-1.eml"), time.Now())
	s.Append(t, "INBOX", testMail(t, "not-a-report.eml"), time.Now())
	res := pollOnce(t, a, st, s, cfg)
	if res.Fetched != 2 || res.ToInbox != 2 || res.Errors != 0 {
		t.Fatalf("first poll: %+v", res)
	}
	if in, done := s.Count(t, "INBOX"), s.Count(t, "Backupchecks/Processed"); in != 0 || done != 2 {
		t.Fatalf("after the poll: INBOX %d, processed %d", in, done)
	}
	if res := pollOnce(t, a, st, s, cfg); res.Fetched != 0 {
		t.Fatalf("second poll fetched %d again", res.Fetched)
	}
	inbox, _ := a.Mail.Inbox("", "", "", 10)
	var report mailimport.Mail
	for _, m := range inbox.Mails {
		if m.Report != nil {
			report = m
		}
	}
	cu, _ := a.Customers.Create("Praxis", audit.Actor{})
	if _, _, err := a.Mail.Approve(report.ID, mailimport.Approval{CustomerID: cu.ID}, audit.Actor{Name: "op"}); err != nil {
		t.Fatal(err)
	}
	s.Append(t, "INBOX", testMail(t, "kantoor-2.eml"), time.Now())
	if res := pollOnce(t, a, st, s, cfg); res.NewRuns != 1 || res.ToInbox != 0 {
		t.Fatalf("a report of the approved job: %+v", res)
	}
}

// An old server without MOVE, on an account that may not create folders:
// everything is imported, nothing is lost or deleted, the error is told,
// and the next poll does not import the same mails again.
func TestPollOnAnOldServerThatRefusesFolders(t *testing.T) {
	a, st := newAppliance(t)
	s := imaptest.Start(t, imaptest.Options{Old: true, RefuseCreate: true})
	cfg := mailimport.PollConfig{Folder: "INBOX", Processed: "Processed"}
	for _, m := range []string{"kantoor-1.eml", "kantoor-2.eml", "not-a-report.eml"} {
		s.Append(t, "INBOX", testMail(t, m), time.Now())
	}
	res := pollOnce(t, a, st, s, cfg)
	if res.Fetched != 3 || res.ToInbox != 3 || res.Errors == 0 || !strings.Contains(res.Err, "imported mail stays in INBOX") {
		t.Fatalf("poll: %+v", res)
	}
	if n := s.Count(t, "INBOX"); n != 3 {
		t.Fatalf("INBOX holds %d of 3 messages", n)
	}
	if res := pollOnce(t, a, st, s, cfg); res.Fetched != 0 {
		t.Fatalf("the same mails were fetched again: %+v", res)
	}
}

// Mail received before the cutoff date is left alone.
func TestPollLeavesMailBeforeTheCutoff(t *testing.T) {
	a, st := newAppliance(t)
	s := imaptest.Start(t, imaptest.Options{})
	s.Append(t, "INBOX", testMail(t, "kantoor-1.eml"), time.Now().AddDate(0, -2, 0))
	s.Append(t, "INBOX", testMail(t, "kantoor-2.eml"), time.Now())
	res := pollOnce(t, a, st, s, mailimport.PollConfig{Folder: "INBOX", Processed: "Processed", Cutoff: time.Now().AddDate(0, -1, 0)})
	if res.LeftAlone != 1 || res.ToInbox != 1 {
		t.Fatalf("poll with a cutoff: %+v", res)
	}
	if n := s.Count(t, "INBOX"); n != 1 {
		t.Fatalf("the old mail was moved or lost: INBOX %d", n)
	}
}

// The same against a real Dovecot: MOVE, UIDPLUS and folder creation as a
// production server does them.
func TestPollAgainstDovecot(t *testing.T) {
	s := imaptest.Dovecot(t)
	a, st := newAppliance(t)
	cfg := mailimport.PollConfig{Folder: "INBOX", Processed: "Backupchecks/Processed"}
	for _, m := range []string{"kantoor-1.eml", "kantoor-2.eml", "not-a-report.eml"} {
		s.Append(t, "INBOX", testMail(t, m), time.Now())
	}
	res := pollOnce(t, a, st, s, cfg)
	if res.Fetched != 3 || res.ToInbox != 3 || res.Errors != 0 {
		t.Fatalf("poll: %+v", res)
	}
	if in, done := s.Count(t, "INBOX"), s.Count(t, "Backupchecks/Processed"); in != 0 || done != 3 {
		t.Fatalf("after the poll: INBOX %d, processed %d", in, done)
	}
	// The same messages delivered again (a rule that copies them back): no second import.
	for _, m := range []string{"kantoor-1.eml", "not-a-report.eml"} {
		s.Append(t, "INBOX", testMail(t, m), time.Now())
	}
	res = pollOnce(t, a, st, s, cfg)
	if res.Fetched != 2 || res.Duplicates != 2 || res.ToInbox != 0 {
		t.Fatalf("redelivered mail: %+v", res)
	}
	if p, _ := a.Mail.Inbox("", "", "", 10); len(p.Mails) != 3 {
		t.Fatalf("the Inbox holds %d mails, want the 3 distinct ones", len(p.Mails))
	}
}
