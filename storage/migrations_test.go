package storage

import (
	"errors"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

// A data directory written by the previous release (schema N−1) is upgraded
// when the current program opens it, and the last step's effect is there.
func TestMigrateFromPreviousVersion(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	// Roll the directory back to N−1: the state the previous release left.
	prev := SchemaVersion - 1
	err = s.update(func(txn *badger.Txn) error {
		if err := txn.Delete(settingsKey(sectionGeneral)); err != nil { // undo step N's effect
			return err
		}
		return txn.Set(keySchema, []byte{0, 0, 0, byte(prev)})
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(Options{Dir: dir})
	if err != nil {
		t.Fatalf("open at N−1: %v", err)
	}
	defer s.Close()
	if v, _ := s.Schema(); v != SchemaVersion {
		t.Fatalf("schema after start: %d, want %d", v, SchemaVersion)
	}
	var raw map[string]any
	if err := s.view(func(txn *badger.Txn) error { return getJSON(txn, settingsKey(sectionGeneral), &raw) }); err != nil {
		t.Fatalf("migration %d did not run: %v", SchemaVersion, err)
	}
	if raw["time_zone"] != "UTC" {
		t.Fatalf("default settings: %v", raw)
	}
}

func TestMigrationsRunOnceInOrder(t *testing.T) {
	s := memStore(t)
	var ran []string
	steps := []migration{
		{"a", func(*badger.Txn) error { ran = append(ran, "a"); return nil }},
		{"b", func(*badger.Txn) error { ran = append(ran, "b"); return nil }},
	}
	if err := s.update(func(txn *badger.Txn) error { return txn.Delete(keySchema) }); err != nil {
		t.Fatal(err)
	}
	if err := s.migrate(steps[:1]); err != nil {
		t.Fatal(err)
	}
	if err := s.migrate(steps); err != nil {
		t.Fatal(err)
	}
	if err := s.migrate(steps); err != nil {
		t.Fatal(err)
	}
	if len(ran) != 2 || ran[0] != "a" || ran[1] != "b" {
		t.Fatalf("ran %v, want [a b]", ran)
	}
}

func TestFailedMigrationLeavesVersion(t *testing.T) {
	s := memStore(t)
	steps := append(append([]migration{}, migrations...), migration{"broken", func(txn *badger.Txn) error {
		_ = txn.Set([]byte("meta/half"), []byte("x"))
		return errors.New("boom")
	}})
	if err := s.migrate(steps); err == nil {
		t.Fatal("broken migration reported success")
	}
	if v, _ := s.Schema(); v != SchemaVersion {
		t.Fatalf("version moved to %d", v)
	}
	err := s.view(func(txn *badger.Txn) error { _, err := txn.Get([]byte("meta/half")); return err })
	if !errors.Is(err, badger.ErrKeyNotFound) {
		t.Fatalf("half-written migration visible: %v", err)
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	dir := t.TempDir()
	s, _ := Open(Options{Dir: dir})
	_ = s.update(func(txn *badger.Txn) error { return txn.Set(keySchema, []byte{0, 0, 0, byte(SchemaVersion + 1)}) })
	s.Close()
	if _, err := Open(Options{Dir: dir}); !errors.Is(err, ErrSchemaTooNew) {
		t.Fatalf("open newer schema: %v", err)
	}
}
