package sessions

import (
	"errors"
	"testing"
	"time"
)

type memStore map[ID]Session

func (m memStore) PutSession(id ID, s Session) error { m[id] = s; return nil }
func (m memStore) GetSession(id ID) (Session, error) {
	s, ok := m[id]
	if !ok {
		return Session{}, ErrNotFound
	}
	return s, nil
}
func (m memStore) DeleteSession(id ID) error { delete(m, id); return nil }

func TestIdleAndAbsoluteExpiry(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	store := memStore{}
	m := NewManager(store)
	m.Now = func() time.Time { return now }

	token, _, err := m.Start(1, 0, "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := store[idOf(token)]; !ok || len(store) != 1 {
		t.Fatal("session not stored under the token's hash")
	}
	// Used every 7 hours: the idle limit (8 h) never hits...
	for range 20 {
		now = now.Add(7 * time.Hour)
		if now.Sub(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)) > m.Absolute {
			break
		}
		if _, err := m.Resume(token); err != nil {
			t.Fatalf("active session ended at %v: %v", now, err)
		}
	}
	// ...but the absolute limit (7 days) does.
	now = time.Date(2026, 3, 8, 9, 0, 1, 0, time.UTC)
	if _, err := m.Resume(token); !errors.Is(err, ErrNotFound) {
		t.Fatalf("session outlived its absolute limit: %v", err)
	}

	idle, _, _ := m.Start(2, 0, "10.0.0.2")
	now = now.Add(8*time.Hour + time.Minute)
	if _, err := m.Resume(idle); !errors.Is(err, ErrNotFound) {
		t.Fatalf("idle session still valid: %v", err)
	}
	if len(store) != 0 {
		t.Fatalf("expired sessions left in the store: %d", len(store))
	}
	if _, err := m.Resume("made-up-token"); !errors.Is(err, ErrNotFound) {
		t.Fatal("unknown token accepted")
	}
}
