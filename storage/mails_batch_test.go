package storage

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/runs"
)

// CreateMails stores a batch over several transactions (by count and by
// compressed bytes) and dedupes within the batch as across batches: each
// key is stored once, with its own raw message.
func TestCreateMailsDedupesWithinAndAcrossBatches(t *testing.T) {
	s := memStore(t)
	rng := rand.New(rand.NewPCG(1, 1))
	var ms []mailimport.Mail
	var raws [][]byte
	for i := range 130 {
		k := i
		if i%40 == 39 {
			k = i - 1 // the same message twice in one call
		}
		ms = append(ms, mailimport.Mail{Key: fmt.Sprintf("msgid:%d", k), State: mailimport.Pending, Received: time.Unix(int64(i), 0)})
		raw := make([]byte, 1000+rng.IntN(300_000)) // incompressible: several transactions by bytes
		for j := range raw {
			raw[j] = byte(rng.Uint32())
		}
		copy(raw, fmt.Sprintf("message %d", k))
		raws = append(raws, raw)
	}
	stored := s.CreateMails(ms, raws, nil)
	dups := 0
	for i, st := range stored {
		switch {
		case errors.Is(st.Err, mailimport.ErrDuplicate):
			dups++
			if st.Mail.ID != stored[i-1].Mail.ID {
				t.Errorf("mail %d: duplicate of %d, got the stored mail %d", i, stored[i-1].Mail.ID, st.Mail.ID)
			}
		case st.Err != nil:
			t.Fatalf("mail %d: %v", i, st.Err)
		default:
			got, err := s.RawMail(st.Mail.ID)
			if err != nil || string(got[:12]) != string(raws[i][:12]) {
				t.Errorf("mail %d: raw %q, %v", i, got[:12], err)
			}
		}
	}
	if dups != 3 {
		t.Fatalf("%d duplicates, want 3", dups)
	}
	if n, _ := s.CountMails(mailimport.Pending); n != 127 {
		t.Fatalf("%d mails stored, want 127", n)
	}
	for i, st := range s.CreateMails(ms[:5], raws[:5], nil) {
		if !errors.Is(st.Err, mailimport.ErrDuplicate) {
			t.Fatalf("mail %d stored twice: %v", i, st.Err)
		}
	}
}

// A mail and the run it reports are stored in one transaction: the mail
// is imported with its run; a mail whose job is gone goes to the Inbox;
// the same report again links the run already there.
func TestCreateMailsRecordsTheirRuns(t *testing.T) {
	s := memStore(t)
	j := newJob(t, s, "nightly")
	prep := func(ext string, job uint64) *runs.Prepared {
		return &runs.Prepared{Run: runs.Run{JobID: job, Source: runs.FromEmail, ExternalID: ext, Time: time.Now(), Status: runs.Failed}}
	}
	ms := []mailimport.Mail{{Key: "msgid:a", State: mailimport.New}, {Key: "msgid:b", State: mailimport.New}, {Key: "msgid:c", State: mailimport.New}}
	got := s.CreateMails(ms, [][]byte{[]byte("a"), []byte("b"), []byte("c")}, []*runs.Prepared{prep("mail:a", j.ID), prep("mail:b", j.ID+99), prep("mail:a", j.ID)})
	if got[0].Err != nil || got[0].Mail.State != mailimport.Imported || got[0].Mail.RunID == 0 || !got[0].NewRun {
		t.Fatalf("mail with its run: %+v", got[0])
	}
	if got[1].Err != nil || got[1].Mail.State != mailimport.Pending || got[1].Mail.RunID != 0 {
		t.Fatalf("mail of a job gone: %+v", got[1])
	}
	if got[2].Err != nil || got[2].Mail.RunID != got[0].Mail.RunID || got[2].NewRun {
		t.Fatalf("the same report in another mail: %+v", got[2])
	}
	if stored, _ := s.Mail(got[0].Mail.ID); stored.RunID != got[0].Mail.RunID {
		t.Fatalf("stored mail %+v", stored)
	}
	if jobs, _ := s.Jobs(); jobs[0].LastStatus != "failed" {
		t.Fatalf("the job's last run did not move: %+v", jobs[0])
	}
}
