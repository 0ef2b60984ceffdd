package storage

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/storage/backupfile"
)

// dump returns every key → value of a store, except ID sequence leases
// (their value is a lease high-water mark, not data).
func dump(t *testing.T, s *Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := string(it.Item().Key())
			if strings.HasPrefix(k, "seq/") || strings.HasPrefix(k, "!badger!") {
				continue
			}
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			out[k] = string(v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Back up while writers keep going, restore into a new directory, and find
// every record as it was: everything written before the backup started,
// writes during it either whole or absent (a consistent snapshot), and the
// secrets key restored so sealed secrets still open.
func TestBackupRestoreRoundTripWhileWriting(t *testing.T) {
	for _, pass := range []string{"", "correct horse battery"} {
		t.Run(fmt.Sprintf("encrypted=%v", pass != ""), func(t *testing.T) {
			src, err := Open(Options{Dir: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			for i := range 20 {
				if _, err := src.CreateUser(accounts.User{Username: fmt.Sprintf("user%02d", i), Role: accounts.Operator}, false, ev(audit.UserCreate, "admin")); err != nil {
					t.Fatal(err)
				}
			}
			g := settings.General{TimeZone: "Europe/Amsterdam", BaseURL: "https://backups.example.test", DailyJobsStart: "2026-01-05"}
			if err := src.SaveGeneral(g, ev(audit.SettingsGeneral, "admin")); err != nil {
				t.Fatal(err)
			}
			sealed, _ := src.Cipher().Seal(secretValue("cove-token"))
			before := dump(t, src)

			var stop atomic.Bool
			var written atomic.Int64
			var wg sync.WaitGroup
			wg.Add(1)
			go func() { // a writer that keeps adding audit events, numbered in order
				defer wg.Done()
				for i := 0; !stop.Load(); i++ {
					e := ev(audit.LoginSuccess, "writer")
					e.Details = fmt.Sprintf("n=%06d", i)
					if err := src.RecordAudit(e); err != nil {
						t.Error(err)
						return
					}
					written.Add(1)
				}
			}()
			for written.Load() < 50 {
				// let the writer get going before the backup starts
			}
			var buf bytes.Buffer
			if err := src.Backup(&buf, pass, "test"); err != nil {
				t.Fatal(err)
			}
			stop.Store(true)
			wg.Wait()

			dst := filepath.Join(t.TempDir(), "restored")
			m, err := Restore(dst, bytes.NewReader(buf.Bytes()), func() (string, error) {
				if pass == "" {
					t.Error("passphrase asked for a plain backup")
				}
				return pass, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if m.SchemaVersion != SchemaVersion || m.AppVersion != "test" {
				t.Fatalf("manifest %+v", m)
			}
			got, err := Open(Options{Dir: dst})
			if err != nil {
				t.Fatal(err)
			}
			defer got.Close()
			restored := dump(t, got)
			full := dump(t, src)
			for k, v := range before {
				if restored[k] != v {
					t.Fatalf("record %q written before the backup differs or is missing", k)
				}
			}
			for k, v := range restored {
				if full[k] != v {
					t.Fatalf("restored record %q is not in the source", k)
				}
			}
			// Snapshot consistency: the writer's events form an unbroken prefix.
			p, _ := got.List(audit.Filter{Actor: "writer", Limit: 500})
			seen := map[string]bool{}
			for _, e := range p.Events {
				seen[e.Details] = true
			}
			for p.Next != "" {
				p, _ = got.List(audit.Filter{Actor: "writer", Limit: 500, Before: p.Next})
				for _, e := range p.Events {
					seen[e.Details] = true
				}
			}
			for i := range len(seen) {
				if !seen[fmt.Sprintf("n=%06d", i)] {
					t.Fatalf("restored writer events have a hole at %d of %d", i, len(seen))
				}
			}
			if len(seen) < 50 || int64(len(seen)) > written.Load() {
				t.Fatalf("restored %d writer events, %d written", len(seen), written.Load())
			}
			if v, err := got.Cipher().Open(sealed); err != nil || v.Reveal() != "cove-token" {
				t.Fatalf("sealed secret after restore: %v", err)
			}
			assertMode(t, filepath.Join(dst, SecretKeyFile), 0o600)
			if gg, _ := got.General(); gg.TimeZone != g.TimeZone || gg.BaseURL != g.BaseURL {
				t.Fatalf("settings after restore: %+v", gg)
			}
			// Restored users sign in: IDs keep counting from where they were.
			u, err := got.CreateUser(accounts.User{Username: "after-restore", Role: accounts.Reporter}, false, ev(audit.UserCreate, "admin"))
			if err != nil || u.ID <= 20 {
				t.Fatalf("new user after restore: id %d, %v", u.ID, err)
			}
		})
	}
}

func TestRestoreRefusesNonEmptyTarget(t *testing.T) {
	src := memStore(t)
	var buf bytes.Buffer
	if err := src.Backup(&buf, "", "test"); err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	if err := os.WriteFile(filepath.Join(dst, "keep.txt"), []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(dst, bytes.NewReader(buf.Bytes()), nil); !errors.Is(err, ErrTargetNotEmpty) {
		t.Fatalf("restore into non-empty dir: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dst, "keep.txt")); string(b) != "precious" {
		t.Fatal("existing file touched")
	}
}

func TestRestoreWrongPassphraseLeavesNothing(t *testing.T) {
	src := memStore(t)
	var buf bytes.Buffer
	if err := src.Backup(&buf, "right passphrase", "test"); err != nil {
		t.Fatal(err)
	}
	parent := t.TempDir()
	dst := filepath.Join(parent, "data")
	_, err := Restore(dst, bytes.NewReader(buf.Bytes()), func() (string, error) { return "wrong passphrase", nil })
	if !errors.Is(err, backupfile.ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Fatalf("failed restore left %d entries behind", len(entries))
	}
	trunc := buf.Bytes()[:buf.Len()*2/3]
	if _, err := Restore(dst, bytes.NewReader(trunc), func() (string, error) { return "right passphrase", nil }); err == nil {
		t.Fatal("truncated backup restored")
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Fatalf("failed restore of a truncated file left %d entries behind", len(entries))
	}
}
