package appliance

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/notify"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/app/summary"
	"github.com/backupchecks/backupchecks/app/testenv"
	"github.com/backupchecks/backupchecks/integrations/smtpmail/smtptest"
	"github.com/backupchecks/backupchecks/storage"
)

type mailWorld struct {
	a    *Appliance
	srv  *smtptest.Server
	now  time.Time
	acme customers.Customer
	runs map[string]runs.Run
}

// newMailWorld is an appliance with a real SMTP server on loopback and, on
// Wednesday 2 December 2026, a failed and a missed run at Acme Dental and
// a warning at Beta Law; a failure of the day before still waits too.
func newMailWorld(t *testing.T) *mailWorld {
	t.Helper()
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	a, err := New(st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := smtptest.Start(smtptest.Options{Users: map[string]string{"digest": "pw"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	w := &mailWorld{a: a, srv: srv, runs: map[string]runs.Run{}}
	a.Notify.Now = func() time.Time { return w.now }
	g := settings.DefaultGeneral()
	g.MSPName, g.BaseURL = "Contoso IT", "https://backups.example"
	if _, err := a.Settings.SaveGeneral(g, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	w.acme, _ = a.Customers.Create("Acme Dental", audit.Actor{})
	beta, _ := a.Customers.Create("Beta Law", audit.Actor{})
	nightly, _ := a.Jobs.Create(jobs.NewJob{CustomerID: w.acme.ID, Source: jobs.Email, Name: "Nightly", MatchKey: "n"}, audit.Actor{})
	files, _ := a.Jobs.Create(jobs.NewJob{CustomerID: beta.ID, Source: jobs.Email, Name: "Files", MatchKey: "f"}, audit.Actor{})
	day := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	for name, n := range map[string]runs.NewRun{
		"failed":  {JobID: nightly.ID, Time: day.Add(22 * time.Hour), Status: runs.Failed, Message: "Disk full on NAS01"},
		"missed":  {JobID: nightly.ID, Time: day.Add(2 * time.Hour), Status: runs.Missed},
		"warning": {JobID: files.ID, Time: day.Add(3 * time.Hour), Status: runs.Warning, Message: "1 file skipped"},
		"older":   {JobID: nightly.ID, Time: day.Add(-20 * time.Hour), Status: runs.Failed, Message: "Tuesday's failure"},
		"fine":    {JobID: files.ID, Time: day.Add(23 * time.Hour), Status: runs.Success},
	} {
		n.Source, n.ExternalID = runs.FromEmail, name
		r, _, err := a.Runs.Record(n)
		if err != nil {
			t.Fatal(err)
		}
		w.runs[name] = r
	}
	cfg := settings.SMTP{Enabled: true, Host: srv.Host, Port: srv.Port, Security: "none", Username: "digest", From: "Backupchecks <b@msp.example>",
		Recipients: []string{"noc@msp.example"}, Digest: true, DigestAt: "07:30", Weekdays: true}
	if _, err := a.Settings.SaveSMTP(cfg, secret.New("pw"), audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *mailWorld) tick(t *testing.T, at time.Time) {
	t.Helper()
	w.now = at
	if err := w.a.notifyTick(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func (w *mailWorld) lastAttempt(t *testing.T, kind notify.Kind) notify.LogEntry {
	t.Helper()
	log, err := w.a.Notify.Store().DeliveryLog()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range log {
		if e.Kind == kind {
			return e
		}
	}
	return notify.LogEntry{}
}

// parts reads a received mail's subject, inline texts and attachments.
func parts(t *testing.T, data []byte) (subject string, texts []string, files map[string][]byte) {
	t.Helper()
	m, err := smtptest.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return m.Subject, m.Texts, m.Files
}

// The digest goes out once, at its time, through a refusal and a retry,
// and says per customer what failed and was missed the day before and
// what waits, with links into the appliance.
func TestDailyDigestByMail(t *testing.T) {
	w := newMailWorld(t)
	thursday := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	w.tick(t, thursday.Add(7*time.Hour))
	if n := len(w.srv.Received()); n != 0 {
		t.Fatalf("%d mails before the digest's time", n)
	}
	w.srv.FailNext(1, 451)
	w.tick(t, thursday.Add(7*time.Hour+45*time.Minute))
	if e := w.lastAttempt(t, notify.Digest); !strings.HasPrefix(e.Outcome, "retry at") || !strings.Contains(e.Error, "451") || e.Hook != "mail to noc@msp.example" {
		t.Fatalf("after a 451 the log says %+v", e)
	}
	w.tick(t, w.now.Add(31*time.Second))
	w.tick(t, w.now.Add(time.Hour)) // no second digest the same day
	got := w.srv.Received()
	if len(got) != 1 || got[0].To[0] != "noc@msp.example" || got[0].User != "digest" {
		t.Fatalf("received %d mails: %+v", len(got), got)
	}
	if e := w.lastAttempt(t, notify.Digest); e.Outcome != "delivered" || e.Attempt != 2 {
		t.Errorf("the log's last digest attempt: %+v", e)
	}
	subject, texts, _ := parts(t, got[0].Data)
	if subject != "Backups 2026-12-03: 1 failed, 1 missed, 4 waiting for review" {
		t.Errorf("subject %q", subject)
	}
	if len(texts) != 2 {
		t.Fatalf("%d text parts, want plain and HTML", len(texts))
	}
	plain, html := texts[0], texts[1]
	acme := strings.Index(plain, "Acme Dental — 1 failed, 1 missed, 3 waiting for review")
	beta := strings.Index(plain, "Beta Law — 0 failed, 0 missed, 1 waiting for review")
	if acme < 0 || beta < acme {
		t.Errorf("customers missing or not worst first:\n%s", plain)
	}
	for _, want := range []string{
		"Failed and missed runs of Wednesday 2026-12-02",
		"https://backups.example/review?customer=" + itoa(w.acme.ID),
		"Nightly failed at Wed 22:00: Disk full on NAS01",
		"https://backups.example/runs/" + itoa(w.runs["failed"].ID),
		"Nightly missed at Wed 02:00",
	} {
		if !strings.Contains(plain, want) {
			t.Errorf("the digest lacks %q:\n%s", want, plain)
		}
	}
	if strings.Contains(plain, "Tuesday's failure") {
		t.Error("a failure of the day before yesterday is listed")
	}
	if !strings.Contains(html, `<a href="https://backups.example/runs/`+itoa(w.runs["failed"].ID)+`">Nightly</a>`) || !strings.Contains(html, "Disk full on NAS01") {
		t.Errorf("HTML part:\n%s", html)
	}

	// Saturday: weekdays only, nothing. Monday: Friday to Sunday.
	w.tick(t, time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC))
	w.tick(t, time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	got = w.srv.Received()
	if len(got) != 2 {
		t.Fatalf("%d mails after Saturday and Monday, want 2", len(got))
	}
	if _, texts, _ := parts(t, got[1].Data); !strings.Contains(texts[0], "Failed and missed runs of Friday 2026-12-04 to Sunday 2026-12-06") {
		t.Errorf("Monday's digest:\n%s", texts[0])
	}
}

// A scheduled report mails the customer's PDF of the month before on its
// day; a recipient refused for good is given up at once, not retried for a day.
func TestScheduledReportByMail(t *testing.T) {
	w := newMailWorld(t)
	off, _ := w.a.Settings.SMTP()
	off.Digest = false
	if _, err := w.a.Settings.SaveSMTP(off, secret.Value{}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	sch, err := w.a.Summary.CreateSchedule(summary.Schedule{CustomerID: w.acme.ID, Every: "month", Day: 1, Recipients: []string{"it@acme.example"}}, audit.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	w.tick(t, time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC)) // before the time
	w.tick(t, time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC))
	w.tick(t, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	got := w.srv.Received()
	if len(got) != 1 || got[0].To[0] != "it@acme.example" {
		t.Fatalf("received %+v", got)
	}
	subject, texts, files := parts(t, got[0].Data)
	name := "backup-report-Acme-Dental-2026-11-01-2026-11-30.pdf"
	if subject != "Backup report Acme Dental: 2026-11-01 to 2026-11-30" || !strings.Contains(texts[0], "from Contoso IT") || !bytes.HasPrefix(files[name], []byte("%PDF")) {
		t.Fatalf("subject %q, text %q, files %v", subject, texts, len(files[name]))
	}
	pdftotext := testenv.Executable(t, "pdftotext")
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, files[name], 0o600); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command(pdftotext, file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Contoso IT", "Acme Dental", "November 2026", "Nightly"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}

	w.srv.FailNext(1, 550)
	if err := w.a.SendReportNow(sch.ID); err != nil {
		t.Fatal(err)
	}
	w.tick(t, w.now.Add(time.Minute))
	if e := w.lastAttempt(t, notify.Scheduled); e.Outcome != "gave up" || !strings.Contains(e.Error, "550") {
		t.Errorf("after a 550: %+v", e)
	}
	w.tick(t, w.now.Add(time.Hour))
	if n := len(w.srv.Received()); n != 1 {
		t.Errorf("a refused report was sent again: %d mails", n)
	}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }
