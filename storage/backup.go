package storage

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/storage/backupfile"
)

// Backup streams a consistent snapshot of every record, plus the secrets
// key, as one backup file. Writers keep working meanwhile: Badger streams
// from a read snapshot. An empty passphrase writes an unencrypted file.
func (s *Store) Backup(w io.Writer, passphrase, appVersion string) error {
	m := backupfile.Manifest{
		Created: time.Now().UTC(), AppVersion: appVersion, SchemaVersion: SchemaVersion, SecretsKey: s.secretKey,
	}
	bw, err := backupfile.NewWriter(w, m, passphrase)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := writeSnapshot(s.db, bw); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := bw.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// ErrTargetNotEmpty protects an existing data directory from a restore.
var ErrTargetNotEmpty = errors.New("restore target is not empty: choose a new or empty directory")

// Restore loads a backup file into dir, which must be missing or empty.
// It restores into a sibling directory first and renames it into place, so
// a failed restore leaves nothing half-written behind. The passphrase
// function is called only for encrypted backups.
func Restore(dir string, r io.Reader, passphrase func() (string, error)) (backupfile.Manifest, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return backupfile.Manifest{}, ErrTargetNotEmpty
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return backupfile.Manifest{}, fmt.Errorf("restore: %w", err)
	}
	br, err := backupfile.NewReader(r, passphrase)
	if err != nil {
		return backupfile.Manifest{}, fmt.Errorf("restore: %w", err)
	}
	m := br.Manifest()
	if m.SchemaVersion > SchemaVersion {
		return m, fmt.Errorf("restore: backup has schema %d: %w", m.SchemaVersion, ErrSchemaTooNew)
	}
	if len(m.SecretsKey) != 32 {
		return m, fmt.Errorf("restore: backup holds no valid secrets key")
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return m, fmt.Errorf("restore: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".restoring-")
	if err != nil {
		return m, fmt.Errorf("restore: %w", err)
	}
	defer os.RemoveAll(tmp) // no-op after the rename succeeded
	if err := os.Chmod(tmp, 0o700); err != nil {
		return m, fmt.Errorf("restore: %w", err)
	}
	if err := load(tmp, br); err != nil {
		return m, fmt.Errorf("restore: %w", err)
	}
	if err := writeKeyFile(filepath.Join(tmp, SecretKeyFile), m.SecretsKey); err != nil {
		return m, fmt.Errorf("restore: %w", err)
	}
	// Upgrade an older backup's schema now, so a start never surprises.
	st, err := Open(Options{Dir: tmp})
	if err != nil {
		return m, fmt.Errorf("restore: open restored data: %w", err)
	}
	if err := st.Close(); err != nil {
		return m, fmt.Errorf("restore: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return m, fmt.Errorf("restore: move into place: %w", err)
	}
	return m, nil
}

// load writes a backup stream into a new directory. Nothing reads it
// meanwhile and the directory only counts once renamed into place, so it
// loads unsynced, then syncs every file once before the rename, with room
// for level-0 tables instead of stalling on compaction, and with few
// batches in flight: Badger's default of 256 held gigabytes.
func load(dir string, r io.Reader) error {
	opt := diskOptions(dir).WithLogger(nil).WithSyncWrites(false).
		WithNumLevelZeroTables(8).WithNumLevelZeroTablesStall(32).WithMemTableSize(64 << 20)
	db, err := badger.Open(opt)
	if err != nil {
		return err
	}
	if err := db.Load(r, 16); err != nil {
		db.Close()
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	if err := Settle(dir); err != nil {
		return err
	}
	return syncFiles(dir)
}

// Settle reopens a closed directory that bulk writes filled (a restore's
// load, the bench's generator) with the server's own options and lets
// Badger compact until no level asks for more and level 0 is empty. The load
// leaves level 0 far over what the server allows; without this the restored
// appliance would spend its first half-minute compacting (30 s of the large
// bench set) while operators and the mail import wait behind it. Level 0 is
// emptied too (one table counts as a full level 0 here): the load's last
// table spans every key, and left there the server's first flush would
// merge it into most of the level below, a compaction that took the large
// set's server to 250 MB of its own memory and kept it busy for seconds.
func Settle(dir string) error {
	db, err := badger.Open(diskOptions(dir).WithLogger(nil).WithSyncWrites(false).WithNumLevelZeroTables(1))
	if err != nil {
		return err
	}
	for deadline := time.Now().Add(30 * time.Minute); time.Now().Before(deadline) && !settled(db.Levels()); {
		time.Sleep(200 * time.Millisecond)
	}
	return db.Close()
}

// settled says level 0 holds no table and no level is over its size:
// Badger compacts only levels whose score reaches 1.
func settled(levels []badger.LevelInfo) bool {
	for _, l := range levels {
		if l.Score >= 1 || (l.Level == 0 && l.NumTables > 0) {
			return false
		}
	}
	return true
}

// syncFiles flushes every file of dir, and dir itself, to the disk.
func syncFiles(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := syncPath(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return syncPath(dir)
}

func syncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}
