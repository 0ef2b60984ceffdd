package storage

import (
	"errors"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/silence"
)

// moveWorkstationDays carries Settings → Cove's "workstations are missed
// after N days" into Settings → General's silence bound for workstations,
// which now holds it for every source. 0 there meant "follow the schedule",
// which the new setting's 0 ("treat them as servers") still means.
func moveWorkstationDays(txn *badger.Txn) error {
	var general map[string]any
	if err := getJSON(txn, settingsKey(sectionGeneral), &general); err != nil {
		if errors.Is(err, ErrNotFound) {
			return nil // the settings migration before this writes a full record
		}
		return err
	}
	if _, ok := general["silence"]; ok {
		return nil
	}
	d := silence.DefaultDefaults()
	var cove struct {
		WorkstationDays *int `json:"workstation_days"`
	}
	switch err := getJSON(txn, settingsKey(sectionCove), &cove); {
	case err == nil && cove.WorkstationDays != nil:
		d.Workstation = *cove.WorkstationDays
	case err != nil && !errors.Is(err, ErrNotFound):
		return err
	}
	general["silence"] = d
	return setJSON(txn, settingsKey(sectionGeneral), general)
}
