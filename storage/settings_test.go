package storage

import (
	"testing"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/settings"
)

// General is kept in memory once read; a save replaces it, and a reopened
// directory reads what was saved.
func TestGeneralCacheFollowsSaves(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if g, err := s.General(); err != nil || g.TimeZone != "UTC" {
		t.Fatalf("new directory: %+v %v", g, err)
	}
	g := settings.DefaultGeneral()
	g.TimeZone, g.MSPName = "Europe/Amsterdam", "Contoso IT"
	if err := s.SaveGeneral(g, audit.Event{Action: audit.SettingsGeneral}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.General(); got.TimeZone != "Europe/Amsterdam" || got.MSPName != "Contoso IT" {
		t.Fatalf("after saving, General says %+v", got)
	}
	s.Close()
	s, err = Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, _ := s.General(); got.TimeZone != "Europe/Amsterdam" {
		t.Fatalf("reopened: %+v", got)
	}
}
