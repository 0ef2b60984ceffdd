package storage

import (
	"encoding/json"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/silence"
)

// Settings → Cove's workstation days, from before the silence bound,
// become Settings → General's workstation default on upgrade; the other
// kinds get theirs.
func TestMigrateMovesWorkstationDaysToTheSilenceDefaults(t *testing.T) {
	for _, c := range []struct {
		cove string // the stored Cove section; "" when never saved
		want int
	}{{`{"url":"https://x","workstation_days":7}`, 7}, {`{"url":"https://x","workstation_days":0}`, 0}, {"", 3}} {
		dir := t.TempDir()
		s, err := Open(Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		err = s.update(func(txn *badger.Txn) error {
			if c.cove != "" {
				if err := setJSON(txn, settingsKey(sectionCove), json.RawMessage(c.cove)); err != nil {
					return err
				}
			}
			// The general section as the previous release wrote it.
			if err := setJSON(txn, settingsKey(sectionGeneral), json.RawMessage(`{"time_zone":"Europe/Amsterdam","day_start":"06:00"}`)); err != nil {
				return err
			}
			return txn.Set(keySchema, []byte{0, 0, 0, byte(stepBefore(t, "the workstation policy becomes a silence default"))})
		})
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		if s, err = Open(Options{Dir: dir}); err != nil {
			t.Fatal(err)
		}
		g, err := s.General()
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		want := silence.Defaults{Server: 3, M365: 2, Workstation: c.want}
		if g.Silence != want || g.TimeZone != "Europe/Amsterdam" || g.DayStart != "06:00" {
			t.Errorf("Cove %s: general after upgrade %+v, want silence %+v and the zone and day start kept", c.cove, g, want)
		}
	}
}
