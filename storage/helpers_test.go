package storage

import (
	"os"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/secret"
)

func secretValue(s string) secret.Value { return secret.New(s) }

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Fatalf("%s has mode %o, want %o", path, got, want)
	}
}

// Briefs collects the runs whose time is in [from, to), oldest first.
func (s *Store) Briefs(from, to time.Time) ([]runs.Brief, error) {
	var out []runs.Brief
	err := s.VisitBriefs(from, to, func(b runs.Brief) error { out = append(out, b); return nil })
	return out, err
}
