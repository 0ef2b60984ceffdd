package storage

import (
	"os"
	"testing"

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
