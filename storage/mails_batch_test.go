package storage

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/mailimport"
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
	stored, errs := s.CreateMails(ms, raws)
	dups := 0
	for i, err := range errs {
		switch {
		case errors.Is(err, mailimport.ErrDuplicate):
			dups++
			if stored[i].ID != stored[i-1].ID {
				t.Errorf("mail %d: duplicate of %d, got the stored mail %d", i, stored[i-1].ID, stored[i].ID)
			}
		case err != nil:
			t.Fatalf("mail %d: %v", i, err)
		default:
			got, err := s.RawMail(stored[i].ID)
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
	_, again := s.CreateMails(ms[:5], raws[:5])
	for i, err := range again {
		if !errors.Is(err, mailimport.ErrDuplicate) {
			t.Fatalf("mail %d stored twice: %v", i, err)
		}
	}
}
