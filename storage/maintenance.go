package storage

import (
	"errors"
	"io/fs"
	"path/filepath"
	"syscall"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/maintenance"
)

var keyGC = []byte("meta/gc")

// GCRun is the outcome of one value-log garbage collection.
type GCRun = maintenance.GCRun

// DiskUsage is what the Maintenance page shows about the data directory.
type DiskUsage = maintenance.DiskUsage

// CollectGarbage rewrites value-log files that are mostly stale, until
// Badger finds none worth it, and records the run for the Maintenance page.
func (s *Store) CollectGarbage() (GCRun, error) {
	run := GCRun{At: time.Now().UTC()}
	var err error
	for {
		err = s.db.RunValueLogGC(0.5)
		if err != nil {
			break
		}
		run.Rewritten++
	}
	if errors.Is(err, badger.ErrNoRewrite) || errors.Is(err, badger.ErrGCInMemoryMode) {
		err = nil
	}
	if err != nil {
		run.Error = err.Error()
	}
	if werr := s.update(func(txn *badger.Txn) error { return setJSON(txn, keyGC, run) }); werr != nil && err == nil {
		err = werr
	}
	return run, err
}

// LastGC returns the last recorded GC run (zero time when none yet).
func (s *Store) LastGC() (GCRun, error) {
	var run GCRun
	err := s.view(func(txn *badger.Txn) error { return getJSON(txn, keyGC, &run) })
	if errors.Is(err, ErrNotFound) {
		return GCRun{}, nil
	}
	return run, err
}

// Disk measures the data directory; zero in memory.
func (s *Store) Disk() (DiskUsage, error) {
	var u DiskUsage
	if s.dir == "" {
		return u, nil
	}
	err := filepath.WalkDir(s.dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			if info, err := d.Info(); err == nil {
				u.DataBytes += allocated(info)
			}
		}
		return nil
	})
	if err != nil {
		return u, err
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(s.dir, &st); err != nil {
		return u, err
	}
	u.FreeBytes = int64(st.Bavail) * st.Bsize
	return u, nil
}

// allocated is the disk space a file really takes: Badger preallocates its
// memtable and value-log files sparsely, so their apparent size overstates
// the data directory many times over.
func allocated(info fs.FileInfo) int64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return st.Blocks * 512
	}
	return info.Size()
}
