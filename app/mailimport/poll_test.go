package mailimport_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/demo"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/storage"
)

// failingStore fails the transaction storing the mail whose raw bytes
// hold poison, as long as failing is set: a disk error in the middle of
// a batch.
type failingStore struct {
	*storage.Store
	poison  string
	failing atomic.Bool
}

func (f *failingStore) CreateMails(ms []mailimport.Mail, raws [][]byte, preps []*runs.Prepared) []mailimport.Stored {
	for i, raw := range raws {
		if f.failing.Load() && strings.Contains(string(raw), f.poison) {
			out := f.Store.CreateMails(ms[:i], raws[:i], preps[:i])
			for range ms[i:] {
				out = append(out, mailimport.Stored{Err: errors.New("disk full")})
			}
			return out
		}
	}
	return f.Store.CreateMails(ms, raws, preps)
}

// A poll imports a batch side by side and still imports every message
// exactly once: duplicates inside one batch, a message that fails in the
// middle of a batch (the messages before it are moved and remembered,
// the poll stops there and the next one goes on from it), and mail for
// jobs that do not exist yet, which goes to the Inbox.
func TestPollImportsBatchesExactlyOnce(t *testing.T) {
	w := newWorld(t)
	fs := &failingStore{Store: w.st, poison: "<m070@"}
	svc := mailimport.NewService(fs, w.jobs, w.runs)

	const known, unknown = 8, 2 // jobs that exist, and jobs whose mail waits for approval
	var js []jobs.Job
	for i := range known + unknown {
		j := jobs.Job{CustomerID: w.cust.ID, Software: "Veeam Backup & Replication", Type: "Backup Job", Name: fmt.Sprintf("Job %d", i)}
		j.MatchKey = jobs.EmailKey("backup@praxis.example", j.Software, j.Type, j.Name)
		if i < known {
			created, err := w.jobs.Create(jobs.NewJob{CustomerID: j.CustomerID, Source: jobs.Email, Software: j.Software, Type: j.Type, Name: j.Name, MatchKey: j.MatchKey}, audit.Actor{})
			if err != nil {
				t.Fatal(err)
			}
			j = created
		}
		js = append(js, j)
	}
	mb := mailimport.NewMemoryMailbox()
	start := time.Date(2026, 11, 1, 22, 0, 0, 0, time.UTC)
	const total = 130
	distinct := 0
	for i := range total {
		id := i
		if i%25 == 7 { // the same message again, within the same batch of 50
			id = i - 1
		} else {
			distinct++
		}
		j := js[id%len(js)]
		raw, ok := demo.ReportMail(w.cust, j, runs.Status([]string{"success", "warning", "failed"}[id%3]), start.Add(time.Duration(id)*time.Hour),
			fmt.Sprintf("m%03d@praxis.example", id), rand.New(rand.NewPCG(uint64(id), 1)))
		if !ok {
			t.Fatal("no mail for a Veeam job")
		}
		mb.Append("INBOX", raw, start.Add(time.Duration(i)*time.Hour+time.Hour))
	}
	cfg := mailimport.PollConfig{Folder: "INBOX", Processed: "Processed"}

	fs.failing.Store(true)
	res, err := svc.Poll(mb, w.st, cfg)
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("a failing message did not stop the poll: %+v %v", res, err)
	}
	st, _ := w.st.PollState("INBOX")
	if mb.Count("Processed") != 70 || st.LastUID != 70 { // m070 is the 71st message
		t.Fatalf("after the failure: %d moved, last UID %d; want the 70 before it", mb.Count("Processed"), st.LastUID)
	}

	fs.failing.Store(false)
	if res, err = svc.Poll(mb, w.st, cfg); err != nil || res.Errors != 0 {
		t.Fatalf("second poll: %+v %v", res, err)
	}
	if mb.Count("INBOX") != 0 || mb.Count("Processed") != total {
		t.Fatalf("mailbox: %d left, %d processed", mb.Count("INBOX"), mb.Count("Processed"))
	}
	var ran, waiting int
	for _, j := range js[:known] {
		p, err := w.runs.OfJob(j.ID, "", 1000)
		if err != nil {
			t.Fatal(err)
		}
		ran += len(p.Runs)
	}
	if waiting, err = w.st.CountMails(mailimport.Pending); err != nil {
		t.Fatal(err)
	}
	imported, _ := w.st.CountMails(mailimport.Imported)
	if ran+waiting != distinct || imported != ran {
		t.Fatalf("%d runs, %d imported mails, %d in the Inbox; want %d messages once each", ran, imported, waiting, distinct)
	}
	if waiting == 0 {
		t.Fatal("no mail of an unknown job reached the Inbox")
	}
}
