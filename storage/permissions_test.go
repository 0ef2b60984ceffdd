package storage

import (
	"bytes"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A data directory made by hand with 0755, holding a file of 0644, is
// restricted to its owner when the appliance opens it, and says so in the
// log; no file Badger writes is left readable by other users.
func TestLooseDataDirectoryIsTightened(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil { // whatever the umask
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	st, err := Open(Options{Dir: dir, Logger: slog.New(slog.NewTextHandler(&logged, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if !strings.Contains(logged.String(), "restricted it to the owner") || !strings.Contains(logged.String(), "notes.txt") {
		t.Errorf("the change is not logged:\n%s", logged.String())
	}
	n := 0
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		n++
		if info.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s is %o: readable by other users", path, info.Mode().Perm())
		}
		return nil
	})
	if err != nil || n < 3 {
		t.Fatalf("walked %d entries: %v", n, err)
	}
}
