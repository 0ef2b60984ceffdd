package storage

import (
	"fmt"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/mailimport"
)

// Settings → Parsers counts a month of mail from the state index; entries
// written before the index carried the parser are read from their record.
func TestRecognisedSinceCountsFromTheIndexAndFromOldEntries(t *testing.T) {
	s := memStore(t)
	now := time.Now().UTC()
	put := func(n int, parser string, received time.Time, state mailimport.State) mailimport.Mail {
		m := mailimport.Mail{Key: fmt.Sprintf("k%d", n), Received: received, State: state, Outcome: mailimport.Unrecognised}
		if parser != "" {
			m.Outcome, m.Report = mailimport.Parsed, &mailimport.ParsedReport{Parser: parser}
		}
		m, err := s.CreateMail(m, []byte("raw"))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	put(1, "veeam-vbr", now.Add(-time.Hour), mailimport.Imported)
	put(2, "veeam-vbr", now.Add(-2*time.Hour), mailimport.Pending)
	put(3, "synology", now.Add(-40*24*time.Hour), mailimport.Imported) // too old
	put(4, "", now.Add(-time.Hour), mailimport.Pending)
	old := put(5, "nakivo", now.Add(-3*time.Hour), mailimport.Ignored)
	// As written before the index carried the parser.
	err := s.update(func(txn *badger.Txn) error {
		return txn.Set(key("ix/mail/state/", string(old.State), byte(0), timeKey(old.Received), old.ID), nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	counts, unrecognised, err := s.RecognisedSince(now.Add(-30 * 24 * time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(counts) != "map[nakivo:1 veeam-vbr:2]" || unrecognised != 1 {
		t.Fatalf("counts %v, unrecognised %d", counts, unrecognised)
	}
}
