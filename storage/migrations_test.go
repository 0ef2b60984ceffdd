package storage

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/notify"
	"github.com/backupchecks/backupchecks/app/runs"
)

// stepBefore is the schema version a directory had before the named step.
func stepBefore(t *testing.T, name string) int {
	t.Helper()
	for i, m := range migrations {
		if m.name == name {
			return i
		}
	}
	t.Fatalf("no migration %q", name)
	return 0
}

// A data directory written before the company index existed is upgraded
// when the current program opens it, and the step's effect is there:
// customers mapped to Autotask companies before are indexed, the first of
// two mapped to one company keeping the entry.
func TestMigrateCompanyIndex(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	// Roll the directory back to before the step: mappings without index
	// entries (two of them to one company).
	prev := stepBefore(t, "index customers by Autotask company")
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
		t.Fatalf("open at %d: %v", prev, err)
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
		{name: "a", run: func(*badger.Txn) error { ran = append(ran, "a"); return nil }},
		{name: "b", run: func(*badger.Txn) error { ran = append(ran, "b"); return nil }},
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
	steps := append(append([]migration{}, migrations...), migration{name: "broken", run: func(txn *badger.Txn) error {
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

// Runs an override made a success before the time index carried the flag
// get it on upgrade; other runs keep their entries.
func TestMigrateFlagsOverriddenRuns(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	j := newJob(t, s, "Nightly")
	at := time.Date(2026, 3, 2, 22, 0, 0, 0, time.UTC)
	overridden := runs.Run{JobID: j.ID, ExternalID: "a", Time: at, Status: runs.Success, Message: "Completed with warnings",
		Override: &runs.Applied{ID: 4, Reason: "known", Original: runs.Warning}}
	plain := runs.Run{JobID: j.ID, ExternalID: "b", Time: at.Add(time.Hour), Status: runs.Success}
	for _, r := range []runs.Run{overridden, plain} {
		if _, _, err := s.RecordRun(r, ""); err != nil {
			t.Fatal(err)
		}
	}
	// Roll back: the entries as the previous release wrote them, unflagged.
	err = s.update(func(txn *badger.Txn) error {
		list, err := runTable.all(txn)
		if err != nil {
			return err
		}
		for _, r := range list {
			v := briefValue(&r)
			v[8] &^= briefOverridden
			if err := txn.Set(key("ix/run/time/", timeKey(r.Time), r.ID), v); err != nil {
				return err
			}
		}
		return txn.Set(keySchema, []byte{0, 0, 0, byte(stepBefore(t, "flag overridden runs in the time index"))})
	})
	if err != nil {
		t.Fatal(err)
	}
	if bs, _ := s.Briefs(at, at.Add(2*time.Hour)); len(bs) != 2 || bs[0].Overridden {
		t.Fatalf("the rolled-back index should hold two unflagged runs: %+v", bs)
	}
	s.Close()

	if s, err = Open(Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	bs, err := s.Briefs(at, at.Add(2*time.Hour))
	if err != nil || len(bs) != 2 {
		t.Fatalf("briefs after upgrade: %+v, %v", bs, err)
	}
	if !bs[0].Overridden || bs[0].Status != runs.Success || bs[0].Message != "Completed with warnings" {
		t.Errorf("the overridden run reads %+v, want an overridden success with its message", bs[0])
	}
	if bs[1].Overridden || bs[1].Status != runs.Success {
		t.Errorf("the plain success reads %+v", bs[1])
	}
}

// A webhook saved when "appliance.unwell" stood for every condition keeps
// hearing every condition, each now a subscription of its own.
func TestMigrateSplitsConditionSubscriptions(t *testing.T) {
	s := memStore(t)
	old := notify.Webhook{ID: 1, Name: "ops", Events: []notify.Kind{notify.RunFailed, notify.ConditionRaised, notify.ConditionCleared}, Enabled: true}
	runsOnly := notify.Webhook{ID: 2, Name: "runs", Events: []notify.Kind{notify.RunMissed}, Enabled: true}
	err := s.update(func(txn *badger.Txn) error {
		if err := hookTable.put(txn, &old); err != nil {
			return err
		}
		return hookTable.put(txn, &runsOnly)
	})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // safe to run again
		if err := s.update(subscribePerCondition); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := s.Webhook(1)
	want := append([]notify.Kind{notify.RunFailed, notify.ConditionCleared}, notify.ConditionKinds()...)
	if !slices.Equal(got.Events, want) {
		t.Errorf("migrated events %v, want %v", got.Events, want)
	}
	for _, key := range []string{"backlog", "mail", "cove", "autotask", "backup"} {
		if !got.Wants(notify.Event{Kind: notify.ConditionRaised, Condition: key}) || !got.Wants(notify.Event{Kind: notify.ConditionCleared, Condition: key}) {
			t.Errorf("the migrated webhook no longer hears the %s condition", key)
		}
	}
	if r, _ := s.Webhook(2); !slices.Equal(r.Events, runsOnly.Events) {
		t.Errorf("a webhook without conditions changed: %v", r.Events)
	}
}
