package storage

import (
	"bytes"
	"path/filepath"
	"regexp"
	"testing"
)

// The appliance ID is made once per data directory: it survives a restart
// and a backup restored elsewhere, and a new directory gets another.
func TestApplianceIDIsOnePerDataDirectory(t *testing.T) {
	dir := t.TempDir()
	src, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	id, err := src.ApplianceID()
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[0-9a-f]{8}$`).MatchString(id) {
		t.Fatalf("appliance ID %q, want 8 hex digits", id)
	}
	var buf bytes.Buffer
	if err := src.Backup(&buf, "", "test"); err != nil {
		t.Fatal(err)
	}
	src.Close()

	again, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := again.ApplianceID(); got != id {
		t.Errorf("after a restart the ID is %q, was %q", got, id)
	}
	again.Close()

	restoredDir := filepath.Join(t.TempDir(), "restored")
	if _, err := Restore(restoredDir, bytes.NewReader(buf.Bytes()), nil); err != nil {
		t.Fatal(err)
	}
	restored, err := Open(Options{Dir: restoredDir})
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	if got, _ := restored.ApplianceID(); got != id {
		t.Errorf("a restored backup has ID %q, the original %q", got, id)
	}

	other, err := Open(Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if got, _ := other.ApplianceID(); got == id {
		t.Errorf("a second data directory got the same ID %q", got)
	}
}
