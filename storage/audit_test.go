package storage

import (
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
)

// The dashboard's counts come from the keys: all events or one action's,
// only those newer than the moment asked about.
func TestCountAuditSince(t *testing.T) {
	s := memStore(t)
	now := time.Now()
	for i, a := range []audit.Action{audit.LoginSuccess, audit.LoginFailure, audit.LoginSuccess, audit.UserCreate, audit.LoginSuccess} {
		ev := audit.Event{Actor: "ada", Action: a, Time: now.Add(time.Duration(i-4) * time.Hour)} // 4 h ago … now
		if err := s.RecordAudit(ev); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		action audit.Action
		since  time.Duration
		want   int
	}{
		{"", 5 * time.Hour, 5}, {"", 150 * time.Minute, 3}, {audit.LoginSuccess, 5 * time.Hour, 3},
		{audit.LoginSuccess, 90 * time.Minute, 1}, {audit.LoginFailure, 150 * time.Minute, 0}, {audit.UserCreate, 90 * time.Minute, 1},
	} {
		if n, err := s.CountSince(c.action, now.Add(-c.since)); err != nil || n != c.want {
			t.Errorf("CountSince(%q, %v ago) = %d, %v; want %d", c.action, c.since, n, err, c.want)
		}
	}
}
