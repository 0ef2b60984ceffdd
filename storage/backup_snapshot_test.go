package storage

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// A snapshot written by writeSnapshot loads with Badger's own db.Load and
// gives back each live record as it was: a value kept in the value log,
// a session's expiry, user meta, the newest of overwritten values; deleted
// records stay deleted.
func TestSnapshotLoadsBackEveryLiveRecord(t *testing.T) {
	src, err := badger.Open(diskOptions(t.TempDir()).WithLogger(nil).WithSyncWrites(false))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	large := bytes.Repeat([]byte("mail body "), 2000) // past the value threshold: stored in the value log
	expires := time.Now().Add(time.Hour)
	err = src.Update(func(txn *badger.Txn) error {
		for _, e := range []*badger.Entry{
			badger.NewEntry([]byte("mail/raw/1"), large),
			badger.NewEntry([]byte("session/abc"), []byte("alice")).WithTTL(time.Until(expires)),
			badger.NewEntry([]byte("run/7"), []byte("old")).WithMeta(3),
			badger.NewEntry([]byte("gone"), []byte("deleted later")),
		} {
			if err := txn.SetEntry(e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = src.Update(func(txn *badger.Txn) error {
		if err := txn.SetEntry(badger.NewEntry([]byte("run/7"), []byte("new")).WithMeta(5)); err != nil {
			return err
		}
		return txn.Delete([]byte("gone"))
	})
	if err != nil {
		t.Fatal(err)
	}
	// Enough small records for several lists, so lists are cut and sent.
	fill(t, src, "fill/", 3*snapshotListBytes/1000)

	var buf bytes.Buffer
	if err := writeSnapshot(src, &buf); err != nil {
		t.Fatal(err)
	}
	dst, err := badger.Open(diskOptions(t.TempDir()).WithLogger(nil).WithSyncWrites(false))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if err := dst.Load(&buf, 4); err != nil {
		t.Fatal(err)
	}

	err = dst.View(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte("mail/raw/1"))
		if err != nil {
			return fmt.Errorf("large value: %w", err)
		}
		if v, _ := item.ValueCopy(nil); !bytes.Equal(v, large) {
			return fmt.Errorf("large value came back as %d bytes, want %d", len(v), len(large))
		}
		item, err = txn.Get([]byte("session/abc"))
		if err != nil {
			return fmt.Errorf("session: %w", err)
		}
		if got := int64(item.ExpiresAt()); got < expires.Unix()-2 || got > expires.Unix()+2 {
			return fmt.Errorf("session expires at %d, want about %d", got, expires.Unix())
		}
		item, err = txn.Get([]byte("run/7"))
		if err != nil {
			return fmt.Errorf("overwritten record: %w", err)
		}
		if v, _ := item.ValueCopy(nil); string(v) != "new" || item.UserMeta() != 5 {
			return fmt.Errorf("overwritten record came back as %q meta %d, want \"new\" meta 5", v, item.UserMeta())
		}
		if _, err := txn.Get([]byte("gone")); !errors.Is(err, badger.ErrKeyNotFound) {
			return fmt.Errorf("deleted record: %v, want not found", err)
		}
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte("fill/")})
		defer it.Close()
		n := 0
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		if want := 3 * snapshotListBytes / 1000; n != want {
			return fmt.Errorf("%d filler records came back, want %d", n, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// failAfter accepts n bytes, then fails every write.
type failAfter struct{ n int }

var errDiskFull = errors.New("no space left on device")

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		f.n = 0
		return 0, errDiskFull
	}
	f.n -= len(p)
	return len(p), nil
}

// A backup whose file cannot be written (a full disk) ends with that error
// instead of hanging the reader or reporting success.
func TestSnapshotReturnsTheWritersError(t *testing.T) {
	db, err := badger.Open(badger.DefaultOptions("").WithInMemory(true).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fill(t, db, "k", 5*snapshotListBytes/1000)
	for _, n := range []int{0, 100, snapshotListBytes + 100} {
		if err := writeSnapshot(db, &failAfter{n: n}); !errors.Is(err, errDiskFull) {
			t.Errorf("writer failing after %d bytes: backup returned %v, want the disk's error", n, err)
		}
	}
}

// fill writes n records of 1,000 bytes under prefix.
func fill(t *testing.T, db *badger.DB, prefix string, n int) {
	t.Helper()
	wb := db.NewWriteBatch()
	value := make([]byte, 1000)
	for i := range n {
		if err := wb.Set(fmt.Appendf(nil, "%s%07d", prefix, i), value); err != nil {
			t.Fatal(err)
		}
	}
	if err := wb.Flush(); err != nil {
		t.Fatal(err)
	}
}
