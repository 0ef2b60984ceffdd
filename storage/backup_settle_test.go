package storage

import (
	"fmt"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
)

// A restore leaves the directory as compacted as the server wants it, level
// 0 empty, so a restored appliance does not start by compacting.
func TestSettleCompactsWhatALoadLeft(t *testing.T) {
	dir := t.TempDir()
	// As a load does: room for many level-0 tables, here small ones.
	db, err := badger.Open(diskOptions(dir).WithLogger(nil).WithSyncWrites(false).
		WithNumLevelZeroTables(20).WithNumLevelZeroTablesStall(40).WithMemTableSize(1 << 20).WithValueThreshold(1 << 10).WithCompression(0))
	if err != nil {
		t.Fatal(err)
	}
	value := make([]byte, 1000)
	wb := db.NewWriteBatch()
	for i := range 8000 {
		if err := wb.Set(fmt.Appendf(nil, "k%06d", i), value); err != nil {
			t.Fatal(err)
		}
	}
	if err := wb.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if settled(levelsOf(t, dir)) {
		t.Fatal("the test's load left nothing to compact; it proves nothing")
	}
	if err := Settle(dir); err != nil {
		t.Fatal(err)
	}
	if levels := levelsOf(t, dir); !settled(levels) {
		t.Errorf("after settle level 0 holds tables or some level still needs compacting: %+v", levels)
	}
}

// levelsOf opens dir as the server would, without compactors, so the levels
// are seen as they lie on disk.
func levelsOf(t *testing.T, dir string) []badger.LevelInfo {
	t.Helper()
	db, err := badger.Open(diskOptions(dir).WithLogger(nil).WithNumCompactors(0))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return db.Levels()
}
