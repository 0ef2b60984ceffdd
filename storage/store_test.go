package storage

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/sessions"
)

func memStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func ev(action audit.Action, who string) audit.Event {
	return audit.New(audit.Actor{Name: who, IP: "127.0.0.1"}, action, who, "")
}

func TestUsernamesAreUniqueCaseInsensitively(t *testing.T) {
	s := memStore(t)
	u, err := s.CreateUser(accounts.User{Username: "Alice", Role: accounts.Admin}, false, ev(audit.UserCreate, "x"))
	if err != nil {
		t.Fatal(err)
	}
	if u.ID == 0 {
		t.Fatal("created user has no ID")
	}
	if _, err := s.CreateUser(accounts.User{Username: "alice", Role: accounts.Operator}, false, ev(audit.UserCreate, "x")); !errors.Is(err, accounts.ErrUsernameTaken) {
		t.Fatalf("second alice: got %v, want ErrUsernameTaken", err)
	}
	got, err := s.UserByUsername("ALICE")
	if err != nil || got.ID != u.ID {
		t.Fatalf("lookup by other case: %+v, %v", got, err)
	}
}

func TestRenameMovesUniqueIndex(t *testing.T) {
	s := memStore(t)
	u, _ := s.CreateUser(accounts.User{Username: "old", Role: accounts.Admin}, false, ev(audit.UserCreate, "x"))
	u.Username = "new"
	if err := s.SaveUser(u, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UserByUsername("old"); !errors.Is(err, accounts.ErrUserNotFound) {
		t.Fatalf("stale index entry still resolves: %v", err)
	}
	if _, err := s.CreateUser(accounts.User{Username: "old", Role: accounts.Admin}, false, ev(audit.UserCreate, "x")); err != nil {
		t.Fatalf("freed name cannot be reused: %v", err)
	}
}

func TestCreateFirstUserOnlyOnce(t *testing.T) {
	s := memStore(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	created := 0
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.CreateUser(accounts.User{Username: fmt.Sprintf("admin%d", i), Role: accounts.Admin}, true, ev(audit.SetupAdmin, "x"))
			if err == nil {
				mu.Lock()
				created++
				mu.Unlock()
			} else if !errors.Is(err, accounts.ErrSetupDone) {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if created != 1 {
		t.Fatalf("%d first admins created concurrently, want exactly 1", created)
	}
}

func TestSaveAuditsInSameTransaction(t *testing.T) {
	s := memStore(t)
	u, _ := s.CreateUser(accounts.User{Username: "bob", Role: accounts.Operator}, false, ev(audit.UserCreate, "admin"))
	u.Role = accounts.Reporter
	e := ev(audit.UserRole, "admin")
	if err := s.SaveUser(u, &e); err != nil {
		t.Fatal(err)
	}
	p, err := s.List(audit.Filter{Actor: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Events) != 2 || p.Events[0].Action != audit.UserRole || p.Events[1].Action != audit.UserCreate {
		t.Fatalf("audit events newest first: %+v", p.Events)
	}
	missing := accounts.User{ID: 999, Username: "ghost"}
	if err := s.SaveUser(missing, &e); !errors.Is(err, accounts.ErrUserNotFound) {
		t.Fatalf("saving an unknown user: %v", err)
	}
	p, _ = s.List(audit.Filter{})
	if len(p.Events) != 2 {
		t.Fatalf("a failed save left an audit event: %d events", len(p.Events))
	}
}

func TestAuditPagingAndFilters(t *testing.T) {
	s := memStore(t)
	base := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	for i := range 120 {
		e := ev(audit.LoginSuccess, "alice")
		if i%3 == 0 {
			e = ev(audit.LoginFailure, "bob")
		}
		e.Time = base.Add(time.Duration(i) * time.Minute)
		e.Details = fmt.Sprint(i)
		if err := s.RecordAudit(e); err != nil {
			t.Fatal(err)
		}
	}
	collect := func(f audit.Filter) []audit.Event {
		var all []audit.Event
		for {
			p, err := s.List(f)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, p.Events...)
			if p.Next == "" {
				return all
			}
			f.Before = p.Next
		}
	}
	all := collect(audit.Filter{Limit: 50})
	if len(all) != 120 || all[0].Details != "119" || all[119].Details != "0" {
		t.Fatalf("paging all: %d events, first %q last %q", len(all), all[0].Details, all[len(all)-1].Details)
	}
	for i := 1; i < len(all); i++ {
		if !all[i].Time.Before(all[i-1].Time) {
			t.Fatalf("not newest first at %d", i)
		}
	}
	if got := collect(audit.Filter{Actor: "BOB", Limit: 7}); len(got) != 40 {
		t.Fatalf("bob's events: %d, want 40", len(got))
	}
	if got := collect(audit.Filter{Action: audit.LoginSuccess, Limit: 9}); len(got) != 80 {
		t.Fatalf("login successes: %d, want 80", len(got))
	}
	if got := collect(audit.Filter{Actor: "alice", Action: audit.LoginFailure}); len(got) != 0 {
		t.Fatalf("alice's failures: %d, want 0", len(got))
	}
	if _, err := s.List(audit.Filter{Before: "garbage"}); err == nil {
		t.Fatal("bad cursor accepted")
	}
}

func TestSessionsExpireWithTTL(t *testing.T) {
	s := memStore(t)
	id := sessions.ID{1, 2, 3}
	if err := s.PutSession(id, sessions.Session{UserID: 7, Expires: time.Now().Add(1500 * time.Millisecond)}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.GetSession(id); err != nil || got.UserID != 7 {
		t.Fatalf("fresh session: %+v %v", got, err)
	}
	time.Sleep(2100 * time.Millisecond) // Badger TTLs have one-second resolution
	if _, err := s.GetSession(id); !errors.Is(err, sessions.ErrNotFound) {
		t.Fatalf("expired session still readable: %v", err)
	}
}

func TestUpdateRetriesConflicts(t *testing.T) {
	s := memStore(t)
	k := []byte("test/counter")
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				err := s.update(func(txn *badger.Txn) error {
					var n int
					if err := getJSON(txn, k, &n); err != nil && !errors.Is(err, ErrNotFound) {
						return err
					}
					return setJSON(txn, k, n+1)
				})
				if err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	var n int
	_ = s.view(func(txn *badger.Txn) error { return getJSON(txn, k, &n) })
	if n != 320 {
		t.Fatalf("counter %d after 320 conflicting increments", n)
	}
}

func TestSecondOpenIsRefusedClearly(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := Open(Options{Dir: dir}); !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
}

func TestSecretsKeyFileIsPrivateAndStable(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := s.Cipher().Seal(secretValue("imap-password"))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	assertMode(t, dir+"/"+SecretKeyFile, 0o600)
	s, err = Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	v, err := s.Cipher().Open(sealed)
	if err != nil || v.Reveal() != "imap-password" {
		t.Fatalf("secret after reopen: %v", err)
	}
}
