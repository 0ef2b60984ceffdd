package storage

import (
	"errors"
	"fmt"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/customers"
)

// A data directory written by the previous release (schema N−1) is upgraded
// when the current program opens it, and the last step's effect is there:
// customers mapped to Autotask companies before the company index existed
// are indexed, the first of two mapped to one company keeping the entry.
func TestMigrateFromPreviousVersion(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	// Roll the directory back to N−1: the state the previous release left,
	// mappings without index entries (two of them to one company).
	prev := SchemaVersion - 1
	err = s.update(func(txn *badger.Txn) error {
		for i, company := range []int64{7, 7, 9} {
			c := customers.Customer{ID: uint64(i + 1), Name: fmt.Sprint("Customer ", i+1), Active: true, Autotask: &customers.CompanyLink{CompanyID: company}}
			if err := customerTable.put(txn, &c); err != nil {
				return err
			}
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
	err = s.view(func(txn *badger.Txn) error {
		for company, want := range map[int64]uint64{7: 1, 9: 3} {
			if owner, err := uniqueOwner(txn, companyKey(company)); err != nil || owner != want {
				t.Errorf("company %d indexed to customer %d (%v), want %d", company, owner, err, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
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
