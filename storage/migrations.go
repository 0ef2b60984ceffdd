package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

var keySchema = []byte("meta/schema")

// migration is one step of the schema history. Steps are never edited or
// reordered once released: a data directory records how many it has run.
type migration struct {
	name string
	run  func(txn *badger.Txn) error
	// batched, instead of run, is a step over more records than one
	// transaction holds: it commits in batches and must be safe to run
	// again, since a crash part-way runs it anew.
	batched func(s *Store) error
}

// migrations is the ordered schema history; SchemaVersion = len(migrations).
// A step runs in the same transaction that records the new version, so a
// crash leaves the directory at either the old or the new version.
var migrations = []migration{
	{name: "record creation time", run: func(txn *badger.Txn) error {
		return txn.Set([]byte("meta/created"), []byte(time.Now().UTC().Format(time.RFC3339)))
	}},
	{name: "default general settings", run: func(txn *badger.Txn) error {
		// Written once so every later reader finds a full record, and the
		// dashboard can tell "never configured" from "configured".
		var existing map[string]any
		err := getJSON(txn, settingsKey(sectionGeneral), &existing)
		if err == nil {
			return nil
		}
		if !errors.Is(err, ErrNotFound) {
			return err
		}
		return setJSON(txn, settingsKey(sectionGeneral), defaultGeneral())
	}},
	{name: "index customers by Autotask company", run: indexCompanyMappings},
	{name: "flag overridden runs in the time index", batched: flagOverriddenBriefs},
	{name: "webhooks subscribe to each condition", run: subscribePerCondition},
	{name: "jobs know their last report and last success", batched: fillLastSeen},
	{name: "the workstation policy becomes a silence default", run: moveWorkstationDays},
	{name: "the appliance gets its own ID for Autotask ticket references", run: nameAppliance},
}

// SchemaVersion is the schema this program writes.
var SchemaVersion = len(migrations)

// ErrSchemaTooNew means the data directory was written by a newer Backupchecks.
var ErrSchemaTooNew = errors.New("data directory was written by a newer Backupchecks; upgrade the program")

func (s *Store) schemaVersion() (int, error) {
	v := 0
	err := s.view(func(txn *badger.Txn) error {
		item, err := txn.Get(keySchema)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return item.Value(func(b []byte) error {
			if len(b) != 4 {
				return fmt.Errorf("schema version holds %d bytes", len(b))
			}
			v = int(binary.BigEndian.Uint32(b))
			return nil
		})
	})
	return v, err
}

// Schema returns the data directory's schema version.
func (s *Store) Schema() (int, error) { return s.schemaVersion() }

func (s *Store) migrate(steps []migration) error {
	have, err := s.schemaVersion()
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if have > len(steps) {
		return fmt.Errorf("schema version %d, this program knows %d: %w", have, len(steps), ErrSchemaTooNew)
	}
	for i := have; i < len(steps); i++ {
		step := steps[i]
		if step.batched != nil {
			s.log.Info("schema migration running once", "version", i+1, "step", step.name)
			if err := step.batched(s); err != nil {
				return fmt.Errorf("migration %d (%s): %w", i+1, step.name, err)
			}
		}
		err := s.update(func(txn *badger.Txn) error {
			if step.run == nil {
				return txn.Set(keySchema, binary.BigEndian.AppendUint32(nil, uint32(i+1)))
			}
			if err := step.run(txn); err != nil {
				return err
			}
			return txn.Set(keySchema, binary.BigEndian.AppendUint32(nil, uint32(i+1)))
		})
		if err != nil {
			return fmt.Errorf("migration %d (%s): %w", i+1, step.name, err)
		}
		s.log.Info("schema migrated", "version", i+1, "step", step.name)
	}
	return nil
}
