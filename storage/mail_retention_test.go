package storage

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/mailimport"
)

// The retention removes the originals of mails received before the cutoff,
// whatever their state, in batches; it marks their records and counts
// what it freed; the mails after the cutoff keep theirs; a second pass
// finds nothing more to do.
func TestPruneRawMailRemovesOnlyOldOriginals(t *testing.T) {
	s := memStore(t)
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	cutoff := now.AddDate(0, -24, 0)
	states := []mailimport.State{mailimport.Imported, mailimport.Pending, mailimport.Ignored, mailimport.New}
	const total = 1300 // more than two batches
	var old, young []uint64
	for i := range total {
		received := cutoff.Add(time.Duration(i-900) * 24 * time.Hour / 10) // 900 before the cutoff, 400 after
		m, err := s.CreateMail(mailimport.Mail{Key: fmt.Sprintf("msgid:%d", i), State: states[i%len(states)], Received: received},
			[]byte(fmt.Sprintf("Subject: report %d\r\n\r\nbody", i)))
		if err != nil {
			t.Fatal(err)
		}
		if received.Before(cutoff) {
			old = append(old, m.ID)
		} else {
			young = append(young, m.ID)
		}
	}
	p, err := s.PruneRawMail(cutoff, now)
	if err != nil {
		t.Fatal(err)
	}
	if p.Mails != len(old) || p.Bytes <= 0 {
		t.Fatalf("pruned %+v, want the %d old originals", p, len(old))
	}
	for _, id := range old {
		if _, err := s.RawMail(id); !errors.Is(err, mailimport.ErrNotFound) {
			t.Fatalf("mail %d: the old original is still there (%v)", id, err)
		}
		if m, err := s.Mail(id); err != nil || !m.RawRemoved.Equal(now) {
			t.Fatalf("mail %d: record %+v, %v", id, m, err)
		}
	}
	for _, id := range young {
		if _, err := s.RawMail(id); err != nil {
			t.Fatalf("mail %d: a young original went: %v", id, err)
		}
	}
	if again, err := s.PruneRawMail(cutoff, now); err != nil || again.Mails != 0 {
		t.Fatalf("second pass: %+v %v", again, err)
	}
	if n, _ := s.CountMails(mailimport.Pending); n != total/4 {
		t.Fatalf("the Inbox holds %d mails, want all %d: records are kept", n, total/4)
	}
}
