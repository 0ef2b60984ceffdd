package storage

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// keyApplianceID holds this data directory's own random name. It lives in
// Badger, so a backup and its restore keep it, while a reinstall (a new
// data directory) gets another: the tickets of the old installation, whose
// run IDs started at 1 just the same, are then never taken for this one's.
var keyApplianceID = []byte("meta/appliance-id")

// applianceIDBytes is 4 random bytes (8 hex digits): enough that two
// appliances on one Autotask tenant never meet, and short enough that
// "backupchecks:<id>:run:<run>:<attempt>" fits Autotask's 50-character
// externalID for any run ID.
const applianceIDBytes = 4

func nameAppliance(txn *badger.Txn) error {
	if _, err := txn.Get(keyApplianceID); err == nil {
		return nil
	} else if !errors.Is(err, badger.ErrKeyNotFound) {
		return err
	}
	b := make([]byte, applianceIDBytes)
	if _, err := rand.Read(b); err != nil {
		return fmt.Errorf("generate the appliance ID: %w", err)
	}
	return txn.Set(keyApplianceID, []byte(hex.EncodeToString(b)))
}

// ApplianceID is this data directory's random name, made once by a migration.
func (s *Store) ApplianceID() (string, error) {
	var id string
	err := s.view(func(txn *badger.Txn) error {
		item, err := txn.Get(keyApplianceID)
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error { id = string(v); return nil })
	})
	if err != nil {
		return "", fmt.Errorf("read the appliance ID: %w", err)
	}
	return id, nil
}
